"""What each import did, and every row it rejected or accepted with a warning."""

from __future__ import annotations

from django.db import models


class ImportOutcome(models.TextChoices):
    """How the import of one file ended (interchange §4)."""

    RUNNING = "running", "Đang nhập"
    IMPORTED = "imported", "Đã nhập"
    PARTIAL = "partial", "Đã nhập, có dòng bị từ chối"
    FAILED = "failed", "Không đọc được tệp, không lưu gì"
    NOT_ATTEMPTED = "not_attempted", "Không nhập vì một tệp nó cần bị lỗi"


class ImportRun(models.Model):
    kind = models.CharField("loại dữ liệu", max_length=32)
    source = models.CharField("tệp", max_length=1000)
    started_at = models.DateTimeField("bắt đầu", auto_now_add=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=16, choices=ImportOutcome.choices,
                               default=ImportOutcome.RUNNING)
    # Records read = created + updated + unchanged + rejected (0 for a file not read).
    read = models.PositiveIntegerField("đã đọc", default=0)
    created = models.PositiveIntegerField("thêm mới", default=0)
    updated = models.PositiveIntegerField("cập nhật", default=0)
    unchanged = models.PositiveIntegerField("không đổi", default=0)
    rejected = models.PositiveIntegerField("bị từ chối", default=0)
    warnings = models.PositiveIntegerField("cảnh báo", default=0)

    class Meta:
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "lần nhập dữ liệu"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} — {self.source}"


class IssueSeverity(models.TextChoices):
    ERROR = "error", "Bị từ chối"
    WARNING = "warning", "Cảnh báo chất lượng dữ liệu"


class ImportIssue(models.Model):
    """A rejected row (error) or a stored row with a data-quality warning."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="issues")
    severity = models.CharField("mức độ", max_length=8, choices=IssueSeverity.choices)
    source = models.CharField("tệp", max_length=1000)
    line = models.PositiveIntegerField("dòng", null=True, blank=True)
    field = models.CharField("trường", max_length=64, blank=True)
    code = models.CharField("mã lỗi", max_length=64)
    # Key of the record the issue is about (e.g. the dossier code), for the dashboards.
    record_kind = models.CharField("loại bản ghi", max_length=32, blank=True)
    record_key = models.CharField("khóa bản ghi", max_length=255, blank=True)
    # The dossier a step, supplement, rating or petition belongs to, so that a dossier's
    # page lists the warnings of all its parts.
    dossier_code = models.CharField("mã hồ sơ", max_length=64, blank=True, db_index=True)
    # False once a later import stored the same record again: the issue is history, and
    # the later run carries the record's issues as they are now.
    current = models.BooleanField("còn hiệu lực", default=True)
    message_vi = models.TextField("thông báo")
    message_en = models.TextField("message")

    class Meta:
        verbose_name = "lỗi / cảnh báo khi nhập"
        verbose_name_plural = "lỗi / cảnh báo khi nhập"
        indexes = [models.Index(fields=["record_kind", "record_key"])]

    def __str__(self) -> str:
        return self.message_vi


class MatchedBy(models.TextChoices):
    """How a unit of the portal's answer was matched to one of ours."""

    CODE = "code", "mã đơn vị"
    PORTAL_CODE = "portal_code", "mã trên Cổng (portal_code)"
    NAME = "name", "tên đơn vị"


class PublishedAnswer(models.Model):
    """One of the portal's published answers (methodology-qd766 §5) for one period, as
    imported: a new answer for the same period and group becomes the current one, the
    older stays as history (the portal revises its figures)."""

    period = models.CharField("kỳ", max_length=16)
    answer = models.CharField("kết quả của Cổng", max_length=64)  # transparency, …
    group = models.CharField("nhóm chỉ số", max_length=8)
    source = models.CharField("tệp", max_length=1000)
    # Of the decoded answer: the same answer imported again (even reformatted) is found.
    digest = models.CharField("dấu vân tay", max_length=64)
    raw = models.JSONField("nội dung gốc")
    imported_at = models.DateTimeField("nhập lúc", auto_now_add=True)
    actor = models.CharField("người nhập", max_length=150)
    current = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "số liệu Cổng công bố"
        verbose_name_plural = "số liệu Cổng công bố"
        ordering = ["period", "group", "-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "answer", "digest"], name="importers_publishedanswer_once"),
            models.UniqueConstraint(fields=["period", "answer"], condition=models.Q(current=True),
                                    name="importers_publishedanswer_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.period} — {self.answer}"


_FIGURE = {"max_digits": 20, "decimal_places": 6, "null": True, "blank": True}


class PublishedUnit(models.Model):
    """A unit (or the province as a whole: `overview`) as one answer publishes it."""

    answer = models.ForeignKey(PublishedAnswer, on_delete=models.CASCADE, related_name="units")
    position = models.PositiveIntegerField("thứ tự trong tệp")
    where = models.CharField("vị trí trong tệp", max_length=255)
    overview = models.BooleanField("toàn tỉnh", default=False)
    # None: not matched (listed for the appraiser with how to map it).
    unit = models.ForeignKey("organisation.Unit", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="published")
    matched_by = models.CharField("khớp theo", max_length=16, choices=MatchedBy.choices, blank=True)
    code = models.CharField("departmentCode", max_length=500, blank=True)
    name = models.CharField("departmentName", max_length=500, blank=True)
    portal_id = models.CharField("departmentId", max_length=500, blank=True)
    level = models.CharField("cấp", max_length=500, blank=True)
    total_score = models.DecimalField("tổng điểm", **_FIGURE)
    total_max_score = models.DecimalField("điểm tối đa", **_FIGURE)
    ratio = models.DecimalField("tỷ lệ (%)", **_FIGURE)
    score_delta = models.DecimalField("thay đổi điểm", **_FIGURE)
    raw = models.JSONField("nội dung gốc")

    class Meta:
        verbose_name = "đơn vị trong số liệu Cổng công bố"
        verbose_name_plural = "đơn vị trong số liệu Cổng công bố"
        ordering = ["answer", "position"]

    def __str__(self) -> str:
        return self.name or self.code


class PublishedMetric(models.Model):
    """One metric of one unit as published; `null` is kept apart from 0."""

    unit = models.ForeignKey(PublishedUnit, on_delete=models.CASCADE, related_name="metrics")
    code = models.CharField("mã chỉ số", max_length=500)
    name = models.CharField("tên chỉ số", max_length=500, blank=True)
    numerator = models.BigIntegerField("tử số", null=True, blank=True)
    denominator = models.BigIntegerField("mẫu số", null=True, blank=True)
    ratio = models.DecimalField("tỷ lệ (%)", **_FIGURE)
    score = models.DecimalField("điểm", **_FIGURE)
    max_score = models.DecimalField("điểm tối đa", **_FIGURE)
    # None when the portal gave no flag (not the same as an empty one).
    quality_status = models.CharField("dataQualityStatus", max_length=500, null=True, blank=True)
    quality_message = models.TextField("dataQualityMessage", null=True, blank=True)
    raw = models.JSONField("nội dung gốc")

    class Meta:
        verbose_name = "chỉ số trong số liệu Cổng công bố"
        verbose_name_plural = "chỉ số trong số liệu Cổng công bố"
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="importers_publishedmetric_once")]

    def __str__(self) -> str:
        return self.code
