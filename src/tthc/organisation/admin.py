from __future__ import annotations

from django.contrib import admin

from tthc.audit.admin import AuditedModelAdmin

from .models import CalendarDay, Official, Unit

# Search matches codes only: SQLite folds only ASCII case, so a Vietnamese name search
# would miss rows there (docs: platform notes). Codes are ASCII.
CODE_SEARCH_HELP = "Tìm theo mã (không phân biệt hoa thường)"


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code",)
    search_help_text = CODE_SEARCH_HELP
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)


@admin.register(Official)
class OfficialAdmin(AuditedModelAdmin):
    list_display = ("code", "full_name", "unit", "position")
    list_filter = ("unit__kind",)
    search_fields = ("code", "unit__code")
    search_help_text = "Tìm theo mã cán bộ hoặc mã đơn vị"
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedModelAdmin):
    list_display = ("date", "kind", "name", "source")
    list_filter = ("kind", "source")
    date_hierarchy = "date"
