from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "tthc.access"
    verbose_name = "Vai trò và phân quyền"
