from __future__ import annotations

from django.contrib import admin

from tthc.audit.admin import AuditedModelAdmin
from tthc.organisation.admin import CODE_SEARCH_HELP

from .models import Procedure, UnitProcedure


@admin.register(Procedure)
class ProcedureAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "field", "time_limit", "time_unit", "online_level",
                    "desk_exempt")
    list_filter = ("online_level", "time_unit", "desk_exempt")
    search_fields = ("code",)
    search_help_text = CODE_SEARCH_HELP


@admin.register(UnitProcedure)
class UnitProcedureAdmin(AuditedModelAdmin):
    list_display = ("unit", "procedure", "posted_on_site", "published_online", "at_desk",
                    "decided_at_desk", "valid_from", "valid_to")
    list_filter = ("unit__kind", "posted_on_site", "published_online", "at_desk",
                   "decided_at_desk")
    search_fields = ("unit__code", "procedure__code")
    search_help_text = "Tìm theo mã đơn vị hoặc mã TTHC"
    list_select_related = ("unit", "procedure")
    autocomplete_fields = ("unit", "procedure")
