from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "tthc.catalogue"
    verbose_name = "Danh mục thủ tục"
