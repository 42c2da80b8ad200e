from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tthc.web"
    verbose_name = "Trang web"
