from __future__ import annotations

from django.contrib import admin

from tthc.audit.admin import AuditedModelAdmin

from .models import Petition


@admin.register(Petition)
class PetitionAdmin(AuditedModelAdmin):
    list_display = ("code", "unit", "kind", "about_official", "received_at", "answer_due_at",
                    "answered_at", "prolonged", "upheld")
    list_filter = ("kind", "prolonged", "upheld", "unit__kind")
    search_fields = ("code", "dossier__code")
    search_help_text = "Tìm theo mã phản ánh hoặc mã hồ sơ"
    list_select_related = ("unit", "about_official")
    autocomplete_fields = ("unit", "dossier", "about_official")
