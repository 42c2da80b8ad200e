"""The evaluation cycle's human steps: agencies' explanations and the appraisal.

Both are keyed like scoring runs (period, method, profile, agency, indicator) and sit
beside the computed self-scores, never over them: the computed points stay what the
rules produced, and the appraised score is the self-score with the appraiser's changes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy


class _PerIndicator(models.Model):
    period = models.ForeignKey("scoring.Period", on_delete=models.PROTECT,
                               verbose_name=gettext_lazy("kỳ đánh giá"))
    method = models.CharField(gettext_lazy("phương pháp"), max_length=64)
    profile = models.CharField(gettext_lazy("bộ quy tắc"), max_length=64)
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                             verbose_name=gettext_lazy("cơ quan, đơn vị"))
    # The indicator's code in the run's layout ("1"…"9" for nd61-tt01); which codes exist
    # is the methodology's business, checked by the services against the run.
    indicator = models.CharField(gettext_lazy("chỉ số"), max_length=16)

    class Meta:
        abstract = True


class SelfAssessment(_PerIndicator):
    """An agency's explanation of one indicator's self-score (tự đánh giá, giải trình)."""

    explanation = models.TextField(gettext_lazy("giải trình của cơ quan"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=gettext_lazy("người cập nhật"))
    updated_at = models.DateTimeField(gettext_lazy("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("giải trình tự đánh giá")
        verbose_name_plural = gettext_lazy("giải trình tự đánh giá")
        constraints = [models.UniqueConstraint(
            fields=["period", "method", "profile", "unit", "indicator"],
            name="one_explanation_per_indicator")]

    def __str__(self) -> str:
        return f"{self.period_id} {self.unit_id} chỉ số {self.indicator}"


class Appraisal(_PerIndicator):
    """The appraised points of one indicator (điểm thẩm định): from 0 to the indicator's
    maximum in steps of its decimals (0–2 by 0.1 for nd61-tt01), checked by the service
    against the run's layout."""

    points = models.DecimalField(gettext_lazy("điểm thẩm định"), max_digits=7, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    # The self-score the appraiser saw: a deduction is points below it.
    self_points = models.DecimalField(gettext_lazy("điểm tự chấm khi thẩm định"), max_digits=7,
                                      decimal_places=2, null=True, blank=True)
    reason = models.TextField(gettext_lazy("lý do"), blank=True)
    appraised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=gettext_lazy("người thẩm định"))
    appraised_at = models.DateTimeField(gettext_lazy("thẩm định lúc"), auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("điểm thẩm định")
        verbose_name_plural = gettext_lazy("điểm thẩm định")
        constraints = [
            models.UniqueConstraint(fields=["period", "method", "profile", "unit", "indicator"],
                                    name="one_appraisal_per_indicator"),
            models.CheckConstraint(condition=models.Q(points__gte=0),
                                   name="appraised_points_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.unit_id} chỉ số {self.indicator}: {self.points}"

    @property
    def is_deduction(self) -> bool:
        return self.self_points is not None and self.points < self.self_points
