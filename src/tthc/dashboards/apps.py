from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "tthc.dashboards"
    verbose_name = "Bảng điều khiển"
