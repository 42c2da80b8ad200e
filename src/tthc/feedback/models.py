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
    # Set by a counter device for each rating it queues: a rating sent twice (the
    # network dropped after the server stored it) is recognised and not stored again.
    client_id = models.UUIDField("mã phiếu của thiết bị", null=True, blank=True, unique=True)
    device = models.ForeignKey("CounterDevice", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="ratings", verbose_name="thiết bị tại quầy")
    # A keyed hash of the client's address and browser, for later abuse analysis; the
    # address itself is never stored or logged.
    fingerprint = models.CharField("dấu vết ẩn danh", max_length=64, blank=True)

    class Meta:
        verbose_name = "đánh giá"
        verbose_name_plural = "đánh giá"

    def __str__(self) -> str:
        return f"Đánh giá hồ sơ {self.dossier_id}"


class CounterDevice(models.Model):
    """A tablet bound to a One-Stop desk counter: it shows the official now serving and
    the dossier just served, and asks the citizen one question."""

    name = models.CharField("tên thiết bị / quầy", max_length=255)
    desk = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                             related_name="counter_devices", verbose_name="Bộ phận Một cửa")
    # SHA-256 of the device's API token; the token itself is shown once, when issued.
    token_hash = models.CharField("mã băm của khóa thiết bị", max_length=64, unique=True)
    active = models.BooleanField("đang dùng", default=True)
    serving_official = models.ForeignKey("organisation.Official", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+",
                                         verbose_name="cán bộ đang phục vụ")
    serving_dossier = models.ForeignKey("dossiers.Dossier", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+",
                                        verbose_name="hồ sơ vừa phục vụ")
    serving_since = models.DateTimeField("từ lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thiết bị đánh giá tại quầy"
        verbose_name_plural = "thiết bị đánh giá tại quầy"

    def __str__(self) -> str:
        return self.name


class PetitionKind(models.TextChoices):
    RULES = "rules", "Về quy định hành chính"
    CONDUCT = "conduct", "Về hành vi của cán bộ"


class PetitionStatus(models.TextChoices):
    RECEIVED = "received", "Đã tiếp nhận"
    CLASSIFIED = "classified", "Đang xử lý"
    ANSWERED = "answered", "Đã trả lời"


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
    # Filled when a citizen submits the petition here (imported ones may have none).
    content = models.TextField("nội dung", blank=True)
    answer = models.TextField("nội dung trả lời", blank=True)
    status = models.CharField("trạng thái", max_length=16, choices=PetitionStatus.choices,
                              default=PetitionStatus.RECEIVED)
    times_raised = models.PositiveSmallIntegerField("số lần phản ánh", default=1)

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"

    def __str__(self) -> str:
        return self.code
