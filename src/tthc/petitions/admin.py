from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tthc.audit.admin import AuditedModelAdmin

from .models import Petition
from .selectors import about_themselves


@admin.register(Petition)
class PetitionAdmin(AuditedModelAdmin):
    """Petitions shown read-only; an administrator may delete one (a duplicate), audited.

    Receiving, classifying, answering and deciding go through the petition pages, the API
    and imports (`tthc.petitions.services`), which refuse a petition about the person
    acting and keep the workflow's order; an admin form would get around both. Nobody
    deletes a petition about themselves (docs/operations.md, "Who sees what").
    """

    list_display = ("code", "unit", "kind", "about_official", "received_at", "answer_due_at",
                    "answered_at", "prolonged", "upheld")
    list_filter = ("kind", "prolonged", "upheld", "unit__kind")
    search_fields = ("code", "dossier__code")
    search_help_text = "Tìm theo mã phản ánh hoặc mã hồ sơ"
    list_select_related = ("unit", "about_official")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and about_themselves(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)
