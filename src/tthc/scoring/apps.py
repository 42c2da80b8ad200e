from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "tthc.scoring"
    verbose_name = "Chấm điểm"
