from django.apps import AppConfig


class DemoConfig(AppConfig):
    # No models: an app only so that `tthc demo`, `demo_users` and `demo_cycle` live here.
    name = "tthc.demo"
    verbose_name = "Dữ liệu minh họa"
