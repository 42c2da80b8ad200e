from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "tthc.petitions"
    verbose_name = "Phản ánh, kiến nghị"

    def ready(self) -> None:
        from django.core import checks

        from .checks import retired_settings

        checks.register(retired_settings)
