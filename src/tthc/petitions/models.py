"""Citizens' petitions (phản ánh, kiến nghị) about agencies, officials and rules."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PetitionKind(models.TextChoices):
    RULES = "rules", _("Về quy định hành chính")
    CONDUCT = "conduct", _("Về hành vi của cán bộ")


class CitizenRating(models.TextChoices):
    """The citizen's rating of the answer (Decision 766, metric 5.3)."""

    POSITIVE = "positive", _("Hài lòng")
    NEGATIVE = "negative", _("Không hài lòng")


class PetitionStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    # Also a dossier status in Vietnamese; in English a petition is "being handled".
    CLASSIFIED = "classified", pgettext_lazy("petition", "Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")


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
    # Fields of the national index (Decision 766; canonical format v2): None is unknown.
    channel = models.CharField("kênh tiếp nhận", max_length=32, null=True, blank=True)
    refused = models.BooleanField("từ chối tiếp nhận", null=True, blank=True)
    citizen_rating = models.CharField("đánh giá của người dân", max_length=8,
                                      choices=CitizenRating.choices, null=True, blank=True)
    # A new petition about the same result: the earlier one was not settled (5.3).
    follow_up_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="follow_ups", verbose_name="phản ánh lại của")

    class Meta:
        # Moved from the feedback app without moving its rows: the table keeps its name.
        db_table = "feedback_petition"
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"

    def __str__(self) -> str:
        return self.code
