from django.apps import AppConfig


class ImportersConfig(AppConfig):
    name = "tthc.importers"
    verbose_name = "Nhập dữ liệu"
