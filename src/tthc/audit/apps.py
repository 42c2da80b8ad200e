from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tthc.audit"
    verbose_name = "Nhật ký"
