from django.apps import AppConfig


class CounterConfig(AppConfig):
    name = "tthc.counter"
    verbose_name = "Đánh giá tại quầy và phiếu giấy"
