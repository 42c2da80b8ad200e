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
