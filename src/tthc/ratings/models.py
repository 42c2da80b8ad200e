"""Citizens' ratings of dossiers (đánh giá), one per dossier."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RatingChannel(models.TextChoices):
    PAPER = "paper", _("Phiếu giấy")
    KIOSK = "kiosk", _("Thiết bị tại quầy")
    ONLINE = "online", _("Trực tuyến")
    QR = "qr", _("Mã QR")


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    NEUTRAL = "neutral", _("Bình thường")
    DISSATISFIED = "dissatisfied", _("Không hài lòng")
    VERY_DISSATISFIED = "very_dissatisfied", _("Rất không hài lòng")


class DisclosureSeen(models.TextChoices):
    BOTH = "both", _("Cả niêm yết và công khai điện tử")
    ONE = "one", _("Một trong hai")
    NONE = "none", _("Không thấy")


class Rating(models.Model):
    # One rating per dossier, enforced by the database (methodology §5).
    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.PROTECT,
                                   related_name="rating", verbose_name="hồ sơ")
    channel = models.CharField("kênh đánh giá", max_length=16, choices=RatingChannel.choices)
    # Stored by the server (its own clock) for ratings it receives; imports keep the
    # source system's time. This is the time scoring reads.
    submitted_at = models.DateTimeField("thời điểm đánh giá", null=True, blank=True)
    # The time a device said the citizen answered: kept as information only, never read
    # by scoring (a device's clock may be wrong, or be set on purpose).
    client_submitted_at = models.DateTimeField("thời điểm theo thiết bị", null=True, blank=True)
    satisfaction = models.CharField("mức độ hài lòng", max_length=32,
                                    choices=Satisfaction.choices, null=True, blank=True)
    agencies_contacted = models.PositiveSmallIntegerField("số cơ quan phải liên hệ", null=True,
                                                          blank=True)
    disclosure_seen = models.CharField("thấy công khai thủ tục", max_length=8,
                                       choices=DisclosureSeen.choices, null=True, blank=True)
    comment = models.TextField("ý kiến", blank=True)
    entered_by = models.CharField("người nhập phiếu", max_length=255, blank=True)
    # The login that keyed a paper form here (imports name the clerk in entered_by only):
    # who may not correct it (tthc.counter.services.paper_rating_correct). No index: it
    # is read from the rating, never searched, and every rating insert would pay for one.
    entered_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+", db_index=False,
                                        verbose_name="tài khoản nhập phiếu")
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
        permissions = [
            ("enter_paper_rating", "Nhập và sửa phiếu đánh giá giấy của mọi hồ sơ"),
        ]

    def __str__(self) -> str:
        return f"Đánh giá hồ sơ {self.dossier_id}"
