"""Citizens' ratings of dossiers and their petitions (phản ánh, kiến nghị)."""

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

    class Meta:
        verbose_name = "đánh giá"
        verbose_name_plural = "đánh giá"

    def __str__(self) -> str:
        return f"Đánh giá hồ sơ {self.dossier_id}"


class PetitionKind(models.TextChoices):
    RULES = "rules", "Về quy định hành chính"
    CONDUCT = "conduct", "Về hành vi của cán bộ"


class Petition(models.Model):
    code = models.CharField("mã phản ánh", max_length=64, unique=True)
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                             related_name="petitions", verbose_name="đơn vị bị phản ánh")
    dossier = models.ForeignKey("dossiers.Dossier", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="petitions",
                                verbose_name="hồ sơ")
    about_official = models.ForeignKey("organisation.Official", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="petitions",
                                       verbose_name="cán bộ bị phản ánh")
    kind = models.CharField("loại", max_length=16, choices=PetitionKind.choices, null=True,
                            blank=True)
    received_at = models.DateTimeField("ngày tiếp nhận")
    answer_due_at = models.DateTimeField("hạn trả lời", null=True, blank=True)
    answered_at = models.DateTimeField("ngày trả lời", null=True, blank=True)
    prolonged = models.BooleanField("kéo dài", null=True, blank=True)
    upheld = models.BooleanField("phản ánh đúng", null=True, blank=True)

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"

    def __str__(self) -> str:
        return self.code
