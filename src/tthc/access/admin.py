from django.contrib import admin

from tthc.audit.admin import AuditedModelAdmin

from .models import AgencyLeader


@admin.register(AgencyLeader)
class AgencyLeaderAdmin(AuditedModelAdmin):
    list_display = ("user", "unit", "title")
    list_select_related = ("user", "unit")
    search_fields = ("user__username", "unit__code", "unit__name")
    autocomplete_fields = ("unit",)
