from __future__ import annotations

from django.contrib import admin

from tthc.audit.admin import ReadOnlyModelAdmin

from .models import ImportIssue, ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyModelAdmin):
    list_display = ("started_at", "kind", "source", "outcome", "read", "created", "updated",
                    "unchanged", "rejected", "warnings", "finished_at")
    list_filter = ("outcome", "kind")
    search_fields = ("source",)
    search_help_text = "Tìm theo tên tệp"
    date_hierarchy = "started_at"


@admin.register(ImportIssue)
class ImportIssueAdmin(ReadOnlyModelAdmin):
    list_display = ("severity", "code", "source", "line", "field", "record_kind", "record_key",
                    "dossier_code", "current", "message_vi")
    list_filter = ("severity", "current", "code", "record_kind")
    search_fields = ("dossier_code", "record_key", "code")
    search_help_text = "Tìm theo mã hồ sơ, khóa bản ghi hoặc mã lỗi"
    show_full_result_count = False
