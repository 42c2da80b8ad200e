"""Stored scores: each run records the rule version and parameters that produced it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy


class PeriodState(models.TextChoices):
    """The evaluation cycle (methodology §4): compute, self-assess, appraise, publish."""

    OPEN = "open", gettext_lazy("Đang mở: thu thập, tính điểm")
    SELF_ASSESSMENT = "self_assessment", gettext_lazy("Cơ quan tự đánh giá")
    APPRAISAL = "appraisal", gettext_lazy("Đang thẩm định")
    LOCKED = "locked", gettext_lazy("Đã phê duyệt, công bố (khóa)")


class Period(models.Model):
    """An evaluation period (2020-Q1, 2020-H1, 2020) and its place in the cycle."""

    code = models.CharField("kỳ đánh giá", max_length=16, unique=True)
    state = models.CharField("trạng thái", max_length=16, choices=PeriodState.choices,
                             default=PeriodState.OPEN)
    # Set when the period is approved and published; kept through a reopening, so that
    # the public page can say a republished period was corrected.
    published_at = models.DateTimeField("thời điểm công bố", null=True, blank=True)
    state_changed_at = models.DateTimeField("thời điểm đổi trạng thái", null=True, blank=True)
    # The rule set whose appraised results were approved: a period may also have runs
    # under other profiles (what-ifs), and those were never appraised nor published.
    published_method = models.CharField("phương pháp được công bố", max_length=64, blank=True)
    published_profile = models.CharField("bộ quy tắc được công bố", max_length=64, blank=True)

    class Meta:
        verbose_name = "kỳ đánh giá"
        verbose_name_plural = "kỳ đánh giá"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_published(self) -> bool:
        return self.state == PeriodState.LOCKED

    def is_published_for(self, method: str, profile: str) -> bool:
        """Published, and under this rule set (not a what-if computed beside it)."""
        return self.is_published and (self.published_method, self.published_profile) == (method, profile)


class ScoringRunManager(models.Manager["ScoringRun"]):
    def get_queryset(self) -> models.QuerySet[ScoringRun]:
        # A year's conflicts run to thousands of entries; most reads of a run (every page
        # asks for the current one) never look at them, so they load only when asked.
        return super().get_queryset().defer("conflicts")


class ScoringRun(models.Model):
    """One computation of a period's self-scores under one rule version.

    Like Django's password hashers store the algorithm with each hash, a run stores the
    methodology, profile, profile version and the resolved parameter values, so that an
    old score stays explainable after the rules change.
    """

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="runs",
                               verbose_name="kỳ đánh giá")
    method = models.CharField("phương pháp", max_length=64)
    profile = models.CharField("bộ quy tắc", max_length=64)
    rule_version = models.CharField("phiên bản quy tắc", max_length=128)
    parameters = models.JSONField("tham số áp dụng")
    computed_at = models.DateTimeField("thời điểm tính", auto_now_add=True)
    # The reference time for clocks still running (open supplements, overdue dossiers).
    as_of = models.DateTimeField("tính đến thời điểm")
    is_current = models.BooleanField("kết quả hiện hành", default=True)
    dossiers_scored = models.PositiveIntegerField("số hồ sơ được chấm", default=0)
    # Where the citizen's answer and the record disagree ([dossier code, finding], the
    # record wins): data-quality findings the dashboards list beside the scores.
    conflicts = models.JSONField("mâu thuẫn phiếu đánh giá – hồ sơ", default=list, blank=True)
    # Records the rules could not use as they stand ([dossier code, message]): a due date
    # that cannot be computed, say. Scored as the rules say for the missing value.
    problems = models.JSONField("vấn đề dữ liệu khi tính điểm", default=list, blank=True)
    # The shape of the results (engine.layout.Layout.as_json): indicators with names,
    # maxima and decimals, each subject's classes and levels, the columns of the
    # per-dossier points. Readers take it from here, never from today's methodology
    # file, so a run reads as it was computed after the rules change.
    layout = models.JSONField("bố cục kết quả", default=dict, blank=True)

    objects = ScoringRunManager()

    class Meta:
        verbose_name = "lần tính điểm"
        verbose_name_plural = "lần tính điểm"
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["period", "method", "profile", "is_current"])]

    def __str__(self) -> str:
        return f"{self.period_id} {self.rule_version} #{self.pk}"


class SubjectType(models.TextChoices):
    AGENCY = "agency", "Cơ quan, đơn vị"
    OFFICIAL = "official", "Cán bộ, công chức"


class SubjectScore(models.Model):
    """A subject's self-score for one run: indicator means, total, class, rank."""

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="scores",
                            verbose_name="lần tính điểm")
    subject_type = models.CharField("đối tượng", max_length=16, choices=SubjectType.choices)
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                             related_name="scores", verbose_name="đơn vị")
    official = models.ForeignKey("organisation.Official", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="scores",
                                 verbose_name="cán bộ")
    dossiers = models.PositiveIntegerField("số hồ sơ", default=0)
    # Each indicator's value by indicator code, as a decimal string (None: N/A): the
    # run's layout says which indicators a subject has, their maxima and decimals.
    values = models.JSONField("điểm các chỉ số", default=dict)
    # Wide enough for any methodology (a 100-point index with two decimals); readers
    # show it with the layout's total_decimals.
    total = models.DecimalField("tổng điểm", max_digits=7, decimal_places=2, null=True,
                                blank=True)
    class_code = models.CharField("xếp loại", max_length=32)
    # The label as computed under the run's profile (a province may rename its bands).
    class_label = models.CharField("tên xếp loại", max_length=200, blank=True)
    rank = models.PositiveIntegerField("xếp hạng", null=True, blank=True)
    responses = models.PositiveIntegerField("số phiếu đánh giá", default=0)
    satisfaction_rate = models.DecimalField("tỷ lệ hài lòng", max_digits=4, decimal_places=3, null=True,
                                            blank=True)
    satisfaction_low = models.DecimalField("cận dưới (Wilson 95%)", max_digits=4, decimal_places=3, null=True,
                                           blank=True)
    satisfaction_high = models.DecimalField("cận trên (Wilson 95%)", max_digits=4, decimal_places=3, null=True,
                                            blank=True)
    # Fewer responses than the profile's small-sample size when computed (§3).
    small_sample = models.BooleanField("cỡ mẫu nhỏ", default=False)
    # A methodology reporting figures (layout "figures"): each indicator's numerator,
    # denominator and source by indicator code ({"n": …, "d": …, "source": …, "parts":
    # […]}), and the points of those without figures, not in `total`. Empty and 0 for
    # other methodologies.
    figures = models.JSONField("số liệu các chỉ số", default=dict, blank=True)
    unknown_points = models.DecimalField("điểm chưa có số liệu", max_digits=7, decimal_places=2,
                                         default=0)

    class Meta:
        verbose_name = "điểm tự chấm"
        verbose_name_plural = "điểm tự chấm"
        indexes = [models.Index(fields=["run", "subject_type"])]

    def __str__(self) -> str:
        return f"{self.subject_type} {self.official_id or self.unit_id}: {self.total}"


class DossierPoints(models.Model):
    """Per-dossier points of a run, for the dossiers of one competent unit.

    Stored as two packed arrays per (run, unit) rather than a row per dossier: a year's
    run scores a million dossiers, and a million inserted rows would cost more than the
    scoring. Readers unpack them with ``tthc.scoring.selectors.dossier_points``.
    """

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="dossier_points",
                            verbose_name="lần tính điểm")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, verbose_name="đơn vị")
    count = models.PositiveIntegerField("số hồ sơ")
    # int64 little-endian database ids of the dossiers.
    dossier_ids = models.BinaryField("hồ sơ")
    # uint8, one row per dossier, one column per entry of the run's
    # layout["dossier_columns"]; 255 stands for N/A.
    points = models.BinaryField("điểm")

    class Meta:
        verbose_name = "điểm hồ sơ"
        verbose_name_plural = "điểm hồ sơ"
        constraints = [models.UniqueConstraint(fields=["run", "unit"], name="unique_points_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} @ {self.run_id}: {self.count}"


class OverdueCount(models.Model):
    """Dossiers past due and unfinished at the period's end, per competent unit."""

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="overdue",
                            verbose_name="lần tính điểm")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, verbose_name="đơn vị")
    count = models.PositiveIntegerField("số hồ sơ quá hạn chưa giải quyết")

    class Meta:
        verbose_name = "hồ sơ quá hạn chưa giải quyết"
        verbose_name_plural = "hồ sơ quá hạn chưa giải quyết"

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.count}"
