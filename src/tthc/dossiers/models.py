"""Dossiers (hồ sơ) as the one-stop system recorded them: steps and supplement requests."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tthc.dossiers.days import LocalDay


def _local_day(column: str, verbose_name: str) -> models.GeneratedField:
    """The column's calendar day in Asia/Ho_Chi_Minh as date.toordinal(), kept by the
    database on every write: the bulk scoring path reads these instead of parsing
    datetimes (see tthc.dossiers.days)."""
    return models.GeneratedField(expression=LocalDay(column), output_field=models.IntegerField(),
                                 db_persist=True, verbose_name=verbose_name)


class Channel(models.TextChoices):
    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Bưu chính")


class DossierStatus(models.TextChoices):
    PROCESSING = "processing", _("Đang xử lý")
    FINISHED = "finished", _("Đã giải quyết")
    RETURNED = "returned", _("Đã trả kết quả")
    REFUSED = "refused", _("Từ chối")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")


class OnlinePayment(models.TextChoices):
    """How a dossier's fee was paid (portal key DuocThanhToanTrucTuyen)."""

    PORTAL = "portal", _("Trên Cổng Dịch vụ công quốc gia")
    LOCAL = "local", _("Qua cổng thanh toán của tỉnh")
    NONE = "none", _("Không thanh toán trực tuyến")


class Dossier(models.Model):
    code = models.CharField("mã hồ sơ", max_length=64, unique=True)
    procedure = models.ForeignKey("catalogue.Procedure", on_delete=models.PROTECT,
                                  related_name="dossiers", verbose_name="thủ tục")
    # No index of its own: the (unit, finished_at) index below starts with it, and every
    # index costs each of a province-year's million inserts.
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, db_index=False,
                             related_name="dossiers", verbose_name="cơ quan có thẩm quyền")
    desk = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                             related_name="desk_dossiers", verbose_name="Bộ phận Một cửa tiếp nhận")
    received_by = models.ForeignKey("organisation.Official", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="received_dossiers",
                                    verbose_name="cán bộ tiếp nhận")
    channel = models.CharField("kênh nộp", max_length=16, choices=Channel.choices, null=True,
                               blank=True)
    return_channel = models.CharField("kênh trả kết quả", max_length=16, choices=Channel.choices,
                                      null=True, blank=True)
    received_at = models.DateTimeField("ngày tiếp nhận")
    due_at = models.DateTimeField("ngày hẹn trả", null=True, blank=True)
    finished_at = models.DateTimeField("ngày kết thúc xử lý", null=True, blank=True)
    returned_at = models.DateTimeField("ngày trả kết quả", null=True, blank=True)
    status = models.CharField("trạng thái", max_length=16, choices=DossierStatus.choices,
                              default=DossierStatus.PROCESSING)
    agencies_contacted = models.PositiveSmallIntegerField("số cơ quan phải liên hệ", null=True,
                                                          blank=True)
    # Fields of the national index (Decision 766; canonical format v2), all optional:
    # None is unknown, and a metric that needs a field no record carries is not computed
    # from the records (methodology-qd766 §4).
    synced_at = models.DateTimeField("ngày đồng bộ lên Cổng DVC quốc gia", null=True, blank=True)
    result_electronic = models.BooleanField("có kết quả điện tử", null=True, blank=True)
    components_digitised = models.BooleanField("thành phần hồ sơ được số hóa", null=True,
                                               blank=True)
    reused_data = models.BooleanField("tái sử dụng dữ liệu đã số hóa", null=True, blank=True)
    personal_storage = models.BooleanField("dùng kho dữ liệu cá nhân trên Cổng", null=True,
                                           blank=True)
    vneid_verified = models.BooleanField("xác thực VNeID / dữ liệu dân cư", null=True, blank=True)
    fee_due = models.BooleanField("có nghĩa vụ tài chính", null=True, blank=True)
    paid_online = models.CharField("thanh toán trực tuyến", max_length=8,
                                   choices=OnlinePayment.choices, null=True, blank=True)
    received_day = _local_day("received_at", "ngày tiếp nhận (số thứ tự ngày)")
    due_day = _local_day("due_at", "ngày hẹn trả (số thứ tự ngày)")
    finished_day = _local_day("finished_at", "ngày kết thúc xử lý (số thứ tự ngày)")
    # Keys of the source record this model has no column for (portal JSON), kept as-is.
    raw = models.JSONField("dữ liệu gốc", null=True, blank=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        indexes = [
            models.Index(fields=["finished_at"]),
            models.Index(fields=["received_at"]),
            models.Index(fields=["unit", "finished_at"]),
        ]

    def __str__(self) -> str:
        return self.code


class Step(models.Model):
    """One processing step (bước xử lý) by one unit, with its own due date (I2)."""

    # Indexed by the (dossier, seq) unique constraint, which starts with it.
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps",
                                db_index=False, verbose_name="hồ sơ")
    seq = models.PositiveIntegerField("thứ tự")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                             related_name="steps", verbose_name="đơn vị xử lý")
    official = models.ForeignKey("organisation.Official", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="steps",
                                 verbose_name="người xử lý")
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    due_at = models.DateTimeField("hạn xử lý", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    due_day = _local_day("due_at", "hạn xử lý (số thứ tự ngày)")
    finished_day = _local_day("finished_at", "ngày kết thúc (số thứ tự ngày)")

    class Meta:
        verbose_name = "bước xử lý"
        verbose_name_plural = "bước xử lý"
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="unique_step_seq")]

    def __str__(self) -> str:
        return f"{self.dossier_id} — bước {self.seq}"


class Supplement(models.Model):
    """A request to supplement or complete the dossier (yêu cầu bổ sung, hoàn thiện)."""

    # Indexed by the (dossier, seq) unique constraint, which starts with it.
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements",
                                db_index=False, verbose_name="hồ sơ")
    seq = models.PositiveIntegerField("thứ tự")
    requested_at = models.DateTimeField("ngày yêu cầu", null=True, blank=True)
    completed_at = models.DateTimeField("ngày bổ sung xong", null=True, blank=True)
    applicant_fault = models.BooleanField("do lỗi của người nộp", null=True, blank=True)
    new_due_at = models.DateTimeField("ngày hẹn trả mới", null=True, blank=True)

    class Meta:
        verbose_name = "yêu cầu bổ sung"
        verbose_name_plural = "yêu cầu bổ sung"
        ordering = ["dossier", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="unique_supplement_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} — bổ sung lần {self.seq}"
