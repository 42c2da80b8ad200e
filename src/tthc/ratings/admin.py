from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tthc.audit.admin import AuditedModelAdmin

from .models import Rating


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
