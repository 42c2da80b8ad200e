from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tthc.reports"
    verbose_name = "Báo cáo"
