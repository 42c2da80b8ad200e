"""Scores are shown here, never edited: re-scoring and appraisal go through services."""

from __future__ import annotations

from django.contrib import admin

from tthc.audit.admin import ReadOnlyModelAdmin

from .models import DossierScore, OverdueCount, Period, ScoringRun, SubjectScore


@admin.display(description="lần tính điểm", ordering="run__id")
def run_label(obj: SubjectScore | DossierScore | OverdueCount) -> str:
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
    list_display = ("id", "period", "method", "profile", "rule_version", "is_current",
                    "dossiers_scored", "as_of", "computed_at")
    list_filter = ("is_current", "method", "profile", "period")
    list_select_related = ("period",)


@admin.register(SubjectScore)
class SubjectScoreAdmin(ReadOnlyModelAdmin):
    list_display = (run_label, "subject_type", "unit", "official", "dossiers", "i1", "i2", "i3",
                    "i4", "i5", "i6", "i7", "i8", "i9", "total", "class_code", "rank",
                    "responses", "satisfaction_rate")
    list_filter = ("subject_type", "class_code", "run__is_current", "run__period",
                   "unit__kind")
    search_fields = ("unit__code", "official__code")
    search_help_text = "Tìm theo mã đơn vị hoặc mã cán bộ"
    list_select_related = ("run__period", "unit", "official")
    show_full_result_count = False


@admin.register(DossierScore)
class DossierScoreAdmin(ReadOnlyModelAdmin):
    list_display = (run_label, "dossier", "i1", "i2", "i3", "i4", "i6", "i7")
    list_filter = ("run__is_current", "run__period")
    search_fields = ("dossier__code",)
    search_help_text = "Tìm theo mã hồ sơ"
    list_select_related = ("run__period", "dossier")
    show_full_result_count = False


@admin.register(OverdueCount)
class OverdueCountAdmin(ReadOnlyModelAdmin):
    list_display = (run_label, "unit", "count")
    list_filter = ("run__is_current", "run__period", "unit__kind")
    search_fields = ("unit__code",)
    list_select_related = ("run__period", "unit")
