from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "tthc.ratings"
    verbose_name = "Đánh giá của người dân"
