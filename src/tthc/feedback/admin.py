from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tthc.audit.admin import AuditedModelAdmin

from .models import CounterDevice, Petition, Rating


@admin.register(Rating)
class RatingAdmin(AuditedModelAdmin):
    list_display = ("dossier", "channel", "satisfaction", "submitted_at", "agencies_contacted",
                    "disclosure_seen", "entered_by", "batch")
    list_filter = ("channel", "satisfaction", "disclosure_seen")
    search_fields = ("dossier__code", "batch")
    search_help_text = "Tìm theo mã hồ sơ hoặc số lô phiếu giấy"
    list_select_related = ("dossier",)
    autocomplete_fields = ("dossier",)
    show_full_result_count = False

    # A citizen's rating is entered once and never overwritten (methodology §5).
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Petition)
class PetitionAdmin(AuditedModelAdmin):
    list_display = ("code", "unit", "kind", "about_official", "received_at", "answer_due_at",
                    "answered_at", "prolonged", "upheld")
    list_filter = ("kind", "prolonged", "upheld", "unit__kind")
    search_fields = ("code", "dossier__code")
    search_help_text = "Tìm theo mã phản ánh hoặc mã hồ sơ"
    list_select_related = ("unit", "about_official")
    autocomplete_fields = ("unit", "dossier", "about_official")


@admin.register(CounterDevice)
class CounterDeviceAdmin(AuditedModelAdmin):
    """Devices are issued with `tthc counter_device_add` (which shows the token once)."""

    list_display = ("name", "desk", "active", "serving_official", "serving_since")
    list_filter = ("active",)
    search_fields = ("name", "desk__code")
    readonly_fields = ("token_hash", "serving_official", "serving_dossier", "serving_since")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
