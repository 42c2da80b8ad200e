from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "tthc.evaluation"
    verbose_name = "Tự đánh giá, thẩm định, công bố"
