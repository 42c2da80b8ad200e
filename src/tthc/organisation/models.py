"""Organisation: units (agencies, districts, communes), officials, the working calendar."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .hierarchy import UnitTree, cycle_reasons


class UnitKind(models.TextChoices):
    PROVINCE = "province", "Tỉnh"
    PROVINCE_AGENCY = "province_agency", "Sở, ban, ngành"
    DISTRICT = "district", "UBND cấp huyện"
    COMMUNE = "commune", "UBND cấp xã"
    # Receives the dossiers of the units it serves as their desk (`Dossier.desk`); it is
    # never scored itself: no methodology names this kind among its subjects' levels.
    SERVICE_CENTRE = "service_centre", "Trung tâm Phục vụ hành chính công"


class Unit(models.Model):
    """An agency or People's Committee, valid between two dates (units merge and end)."""

    code = models.CharField("mã đơn vị", max_length=64, unique=True)
    name = models.CharField("tên đơn vị", max_length=255)
    kind = models.CharField("loại", max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    # The unit's code on the National Public Service Portal (e.g. H11.05), to match its
    # published figures; empty when unknown.
    portal_code = models.CharField("mã đơn vị trên Cổng DVC quốc gia", max_length=64, blank=True)
    # The unit that took over this one when it ended (communes merged on 2025-07-01, the
    # departments merged on 2025-03-01). One successor per unit, so a trend followed
    # back through `predecessors` counts each old unit once; a part of an agency's
    # work moved elsewhere (Sở Nội vụ's religious affairs) is not a succession.
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors",
        verbose_name="đơn vị kế nhiệm",
    )

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        """A parent that leads back to the unit is refused (the admin's forms call this;
        the importer asks the same `UnitTree`)."""
        super().clean()
        if self.pk is None or self.parent_id is None:
            return  # a unit not stored yet is nobody's parent: it cannot close a cycle
        parents = dict(Unit.objects.values_list("pk", "parent_id"))
        cycle = UnitTree(parents).cycle(self.pk, self.parent_id)
        if cycle is not None:
            codes = dict(Unit.objects.filter(pk__in=cycle).values_list("pk", "code"))
            codes[self.pk] = self.code  # as typed, should the code change in the same form
            vi, _en = cycle_reasons([codes[pk] for pk in cycle])
            raise ValidationError({"parent": vi[:1].upper() + vi[1:] + "."})


class Official(models.Model):
    """A cán bộ, công chức, viên chức working at (or for) a One-Stop desk."""

    code = models.CharField("mã cán bộ", max_length=64, unique=True)
    full_name = models.CharField("họ và tên", max_length=255)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="officials",
                             verbose_name="đơn vị")
    position = models.CharField("chức vụ", max_length=255, blank=True)
    # The official's login, when they use the system (the desk page, the counter device).
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="official",
                                verbose_name="tài khoản đăng nhập")

    class Meta:
        verbose_name = "cán bộ, công chức"
        verbose_name_plural = "cán bộ, công chức"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.full_name}"


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", "Ngày nghỉ lễ, Tết"
    DAY_OFF = "day_off", "Ngày nghỉ bù / hoán đổi"
    WORKDAY = "workday", "Ngày làm bù (làm việc vào ngày nghỉ cuối tuần)"


class CalendarDay(models.Model):
    """An exception to the Monday–Friday working week.

    Seeded per year from the `holidays` library (source "holidays x.y") and editable by
    an administrator when the government announces swaps (source "manual").
    """

    date = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=16, choices=CalendarDayKind.choices)
    name = models.CharField("tên", max_length=255, blank=True)
    source = models.CharField("nguồn", max_length=64, blank=True)

    class Meta:
        verbose_name = "ngày đặc biệt trong lịch làm việc"
        verbose_name_plural = "lịch làm việc"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()} {self.name}"
