from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "tthc.dossiers"
    verbose_name = "Hồ sơ"
