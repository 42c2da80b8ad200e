"""Citizens' ratings of dossiers (đánh giá), one per dossier."""

from __future__ import annotations

from django.db import models


class RatingChannel(models.TextChoices):
    PAPER = "paper", "Phiếu giấy"
    KIOSK = "kiosk", "Thiết bị tại quầy"
    ONLINE = "online", "Trực tuyến"
    QR = "qr", "Mã QR"


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", "Rất hài lòng"
    SATISFIED = "satisfied", "Hài lòng"
    NEUTRAL = "neutral", "Bình thường"
    DISSATISFIED = "dissatisfied", "Không hài lòng"
    VERY_DISSATISFIED = "very_dissatisfied", "Rất không hài lòng"


class DisclosureSeen(models.TextChoices):
    BOTH = "both", "Cả niêm yết và công khai điện tử"
    ONE = "one", "Một trong hai"
    NONE = "none", "Không thấy"


class Rating(models.Model):
    # One rating per dossier, enforced by the database (methodology §5).
    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.PROTECT,
                                   related_name="rating", verbose_name="hồ sơ")
    channel = models.CharField("kênh đánh giá", max_length=16, choices=RatingChannel.choices)
    submitted_at = models.DateTimeField("thời điểm đánh giá", null=True, blank=True)
    satisfaction = models.CharField("mức độ hài lòng", max_length=32,
                                    choices=Satisfaction.choices, null=True, blank=True)
    agencies_contacted = models.PositiveSmallIntegerField("số cơ quan phải liên hệ", null=True,
                                                          blank=True)
    disclosure_seen = models.CharField("thấy công khai thủ tục", max_length=8,
                                       choices=DisclosureSeen.choices, null=True, blank=True)
    comment = models.TextField("ý kiến", blank=True)
    entered_by = models.CharField("người nhập phiếu", max_length=255, blank=True)
    batch = models.CharField("số lô phiếu giấy", max_length=255, blank=True)
    # Set by a counter device for each rating it queues: a rating sent twice (the
    # network dropped after the server stored it) is recognised and not stored again.
    client_id = models.UUIDField("mã phiếu của thiết bị", null=True, blank=True, unique=True)
    device = models.ForeignKey("counter.CounterDevice", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="ratings", verbose_name="thiết bị tại quầy")
    # A keyed hash of the client's address and browser, for later abuse analysis; the
    # address itself is never stored or logged.
    fingerprint = models.CharField("dấu vết ẩn danh", max_length=64, blank=True)

    class Meta:
        # The table keeps the name of the app that first held the model (feedback).
        db_table = "feedback_rating"
        verbose_name = "đánh giá"
        verbose_name_plural = "đánh giá"

    def __str__(self) -> str:
        return f"Đánh giá hồ sơ {self.dossier_id}"
