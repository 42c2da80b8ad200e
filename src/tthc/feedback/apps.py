from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "tthc.feedback"
    verbose_name = "Đánh giá và phản ánh"
