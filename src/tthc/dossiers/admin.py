from __future__ import annotations

from django.contrib import admin

from tthc.audit.admin import AuditedModelAdmin, ReadOnlyInline

from .models import Dossier, Step, Supplement


@admin.display(description="hồ sơ", ordering="dossier__code")
def dossier_code(obj: Step | Supplement) -> str:
    return obj.dossier.code


class StepInline(ReadOnlyInline):
    model = Step
    fields = ("seq", "unit", "official", "started_at", "due_at", "finished_at")


class SupplementInline(ReadOnlyInline):
    model = Supplement
    fields = ("seq", "requested_at", "completed_at", "applicant_fault", "new_due_at")


@admin.register(Dossier)
class DossierAdmin(AuditedModelAdmin):
    list_display = ("code", "procedure", "unit", "channel", "status", "received_at", "due_at",
                    "finished_at")
    list_filter = ("status", "channel", "return_channel", "unit__kind")
    search_fields = ("code",)
    search_help_text = "Tìm theo mã hồ sơ"
    list_select_related = ("procedure", "unit")
    autocomplete_fields = ("procedure", "unit", "desk", "received_by")
    # A province-year holds millions of dossiers: no exact count on every page.
    show_full_result_count = False
    # Steps and supplements are edited on their own pages, where each change is audited.
    inlines = (StepInline, SupplementInline)


@admin.register(Step)
class StepAdmin(AuditedModelAdmin):
    list_display = (dossier_code, "seq", "unit", "official", "started_at", "due_at", "finished_at")
    list_filter = ("unit__kind",)
    search_fields = ("dossier__code",)
    search_help_text = "Tìm theo mã hồ sơ"
    list_select_related = ("dossier", "unit", "official")
    autocomplete_fields = ("dossier", "unit", "official")
    show_full_result_count = False


@admin.register(Supplement)
class SupplementAdmin(AuditedModelAdmin):
    list_display = (dossier_code, "seq", "requested_at", "completed_at", "applicant_fault",
                    "new_due_at")
    list_filter = ("applicant_fault",)
    search_fields = ("dossier__code",)
    search_help_text = "Tìm theo mã hồ sơ"
    list_select_related = ("dossier",)
    autocomplete_fields = ("dossier",)
    show_full_result_count = False
