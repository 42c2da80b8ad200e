from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "tthc.petitions"
    verbose_name = "Phản ánh, kiến nghị"
