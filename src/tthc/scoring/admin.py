"""Scores are shown here, never edited: re-scoring and appraisal go through services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tthc.audit.admin import ReadOnlyModelAdmin, titled

from .models import DossierPoints, OverdueCount, Period, ScoringRun, SubjectScore
from .selectors import layout_of

PERIOD_FILTER = ("run__period", titled(admin.RelatedFieldListFilter, "kỳ đánh giá"))
CURRENT_FILTER = ("run__is_current", titled(admin.BooleanFieldListFilter, "kết quả hiện hành"))
LEVEL_FILTER = ("unit__kind", titled(admin.ChoicesFieldListFilter, "cấp"))


class ClassFilter(admin.SimpleListFilter):
    title = "xếp loại"
    parameter_name = "xep_loai"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        # The classes runs were computed with, as they labelled them.
        return sorted(SubjectScore.objects.values_list("class_code", "class_label").distinct())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(class_code=self.value()) if self.value() else queryset


@admin.display(description="lần tính điểm", ordering="run__id")
def run_label(obj: SubjectScore | OverdueCount | DossierPoints) -> str:
    run = obj.run
    current = "hiện hành" if run.is_current else "cũ"
    return f"{run.period.code} #{run.pk} ({current})"


@admin.register(Period)
class PeriodAdmin(ReadOnlyModelAdmin):
    list_display = ("code", "state")
    list_filter = ("state",)
    search_fields = ("code",)


@admin.register(ScoringRun)
class ScoringRunAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "period_code", "method", "profile", "rule_version", "is_current",
                    "dossiers_scored", "as_of", "computed_at")
    list_filter = ("is_current", "method", "profile",
                   ("period", titled(admin.RelatedFieldListFilter, "kỳ đánh giá")))
    list_select_related = ("period",)

    @admin.display(description="kỳ đánh giá", ordering="period__code")
    def period_code(self, obj: ScoringRun) -> str:
        return obj.period.code


@admin.register(SubjectScore)
class SubjectScoreAdmin(ReadOnlyModelAdmin):
    list_display = (run_label, "subject", "unit_name", "dossiers", "indicator_values", "total",
                    "class_name", "rank", "responses", "satisfaction")
    exclude = ("values",)
    readonly_fields = ("indicator_values",)
    list_filter = (("subject_type", titled(admin.ChoicesFieldListFilter, "đối tượng")),
                   ClassFilter, CURRENT_FILTER, PERIOD_FILTER, LEVEL_FILTER)
    search_fields = ("unit__code", "official__code")
    search_help_text = "Tìm theo mã đơn vị hoặc mã cán bộ"
    list_select_related = ("run__period", "unit", "official")
    show_full_result_count = False

    @admin.display(description="đối tượng", ordering="subject_type")
    def subject(self, obj: SubjectScore) -> str:
        return str(obj.official) if obj.official else obj.get_subject_type_display()

    @admin.display(description="đơn vị", ordering="unit__code")
    def unit_name(self, obj: SubjectScore) -> str:
        return str(obj.unit)

    @admin.display(description="điểm các chỉ số")
    def indicator_values(self, obj: SubjectScore) -> str:
        # In the run's own layout: names and order as the run computed them.
        subject = layout_of(obj.run).subjects.get(obj.subject_type)
        if subject is None:
            return "—"
        values = obj.values
        return "; ".join(
            f"{spec.short} {'—' if values.get(spec.code) is None else values[spec.code].replace('.', ',')}"
            for spec in subject.indicators)

    @admin.display(description="xếp loại", ordering="class_code")
    def class_name(self, obj: SubjectScore) -> str:
        return obj.class_label or obj.class_code

    @admin.display(description="tỷ lệ hài lòng")
    def satisfaction(self, obj: SubjectScore) -> str:
        if obj.satisfaction_rate is None:
            return "—"
        return f"{obj.satisfaction_rate * 100:.1f}%".replace(".", ",")


@admin.register(OverdueCount)
class OverdueCountAdmin(ReadOnlyModelAdmin):
    list_display = (run_label, "unit_name", "overdue")
    list_filter = (CURRENT_FILTER, PERIOD_FILTER, LEVEL_FILTER)
    search_fields = ("unit__code",)
    list_select_related = ("run__period", "unit")

    @admin.display(description="đơn vị", ordering="unit__code")
    def unit_name(self, obj: OverdueCount) -> str:
        return str(obj.unit)

    @admin.display(description="số hồ sơ quá hạn chưa giải quyết", ordering="count")
    def overdue(self, obj: OverdueCount) -> int:
        return obj.count


@admin.register(DossierPoints)
class DossierPointsAdmin(ReadOnlyModelAdmin):
    """Which runs hold per-dossier points for which units; the points themselves are
    read by `tthc explain` and the drill-down pages."""

    list_display = (run_label, "unit", "count")
    list_filter = (CURRENT_FILTER, PERIOD_FILTER)
    search_fields = ("unit__code",)
    list_select_related = ("run__period", "unit")
    exclude = ("dossier_ids", "points")
