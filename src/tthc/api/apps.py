from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tthc.api"
    verbose_name = "API"
