"""The cycle's records in the admin, read only: they change through the cycle's pages,
whose services check the period's step and write the audit log."""

from __future__ import annotations

from django.contrib import admin

from tthc.audit.admin import ReadOnlyModelAdmin

from .models import Appraisal, SelfAssessment


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyModelAdmin):
    list_display = ("period", "profile", "unit", "indicator", "updated_by", "updated_at")
    list_filter = ("period", "profile")
    search_fields = ("unit__code", "unit__name", "explanation")
    list_select_related = ("period", "unit", "updated_by")


@admin.register(Appraisal)
class AppraisalAdmin(ReadOnlyModelAdmin):
    list_display = ("period", "profile", "unit", "indicator", "self_points", "points",
                    "appraised_by", "appraised_at")
    list_filter = ("period", "profile")
    search_fields = ("unit__code", "unit__name", "reason")
    list_select_related = ("period", "unit", "appraised_by")
