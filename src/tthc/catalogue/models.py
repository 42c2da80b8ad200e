"""Catalogue: administrative procedures and their assignment to units."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "ngày làm việc"
    WORKING_HOURS = "working_hours", "giờ làm việc"
    DAYS = "days", "ngày"


# interchange §3: the longest time limit a procedure may have, in each unit: a year of
# working days (or of days), or its working hours (8 a day). No procedure of the national
# database comes near it; a larger value is a typing slip or an overflow (2147483647)
# that would push due dates off the calendar and stop the scoring. Checked by every
# writer of a procedure: the importer (`TimeLimitBound`) and the admin (`Procedure.clean`).
TIME_LIMIT_MAX = {TimeUnit.WORKING_DAYS.value: 365, TimeUnit.DAYS.value: 365,
                  TimeUnit.WORKING_HOURS.value: 365 * 8}
_TIME_UNIT_EN = {TimeUnit.WORKING_DAYS.value: "working days", TimeUnit.DAYS.value: "days",
                 TimeUnit.WORKING_HOURS.value: "working hours"}


def time_limit_excess(limit: int | None, unit: str) -> tuple[str, str] | None:
    """Why `limit` (in `unit`) is longer than `TIME_LIMIT_MAX` allows, in Vietnamese and
    English; None when it is within it, or when there is no limit or no known unit to
    judge it by (the unit's own validation says so)."""
    maximum = TIME_LIMIT_MAX.get(unit)
    if limit is None or maximum is None or limit <= maximum:
        return None
    label_vi, label_en = TimeUnit(unit).label, _TIME_UNIT_EN[unit]
    return (f"thời hạn giải quyết {limit:,} {label_vi} vượt quá mức tối đa {maximum:,}"
            f" {label_vi}".replace(",", "."),
            f"the time limit of {limit:,} {label_en} exceeds the maximum of {maximum:,}"
            f" {label_en}")


class OnlineLevel(models.TextChoices):
    NONE = "none", "Không trực tuyến"
    PARTIAL = "partial", "Trực tuyến một phần (mức 3)"
    FULL = "full", "Trực tuyến toàn trình (mức 4)"


class Procedure(models.Model):
    """A thủ tục hành chính (TTHC) of the national catalogue."""

    code = models.CharField("mã TTHC", max_length=64, unique=True)
    name = models.CharField("tên thủ tục", max_length=1000)
    field = models.CharField("lĩnh vực", max_length=255, blank=True)
    time_limit = models.PositiveIntegerField("thời hạn giải quyết", null=True, blank=True)
    time_unit = models.CharField("đơn vị thời hạn", max_length=16, choices=TimeUnit.choices,
                                 default=TimeUnit.WORKING_DAYS)
    online_level = models.CharField("mức độ trực tuyến", max_length=16,
                                    choices=OnlineLevel.choices, default=OnlineLevel.NONE)
    desk_exempt = models.BooleanField("không thực hiện qua Bộ phận Một cửa", null=True,
                                      blank=True)
    # Fields of the national index (Decision 766; canonical format v2): None is unknown,
    # and a metric that needs an unknown field is not computed from the records.
    paper_result_required = models.BooleanField("kết quả là giấy tờ (phải có bản điện tử)",
                                                null=True, blank=True)
    has_fee = models.BooleanField("có phí, lệ phí", null=True, blank=True)
    full_online_eligible = models.BooleanField("đủ điều kiện trực tuyến toàn trình", null=True,
                                               blank=True)
    citizen_applicants = models.BooleanField("đối tượng thực hiện có công dân", null=True,
                                             blank=True)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        super().clean()
        too_long = time_limit_excess(self.time_limit, self.time_unit)
        if too_long is not None:
            vi, _en = too_long
            raise ValidationError({"time_limit": vi[:1].upper() + vi[1:] + "."})


class UnitProcedure(models.Model):
    """A procedure on a unit's list, with its disclosure and desk flags (I5, I6, I9)."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                             related_name="procedures", verbose_name="đơn vị")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="units",
                                  verbose_name="thủ tục")
    posted_on_site = models.BooleanField("niêm yết tại trụ sở", null=True, blank=True)
    published_online = models.BooleanField("công khai điện tử", null=True, blank=True)
    at_desk = models.BooleanField("tiếp nhận, trả kết quả tại Bộ phận Một cửa", null=True,
                                  blank=True)
    decided_at_desk = models.BooleanField("giải quyết ngay tại Bộ phận Một cửa", null=True,
                                          blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    class Meta:
        verbose_name = "thủ tục của đơn vị"
        verbose_name_plural = "thủ tục của đơn vị"
        constraints = [
            models.UniqueConstraint(fields=["unit", "procedure"], name="unique_unit_procedure"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} / {self.procedure_id}"
