from __future__ import annotations

from django.contrib import admin

from tthc.audit.admin import ReadOnlyModelAdmin

from .models import ImportIssue, ImportRun, PublishedAnswer, PublishedMetric, PublishedUnit


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


# The portal's published figures (issue 12): read here, imported on /so-lieu-cong/nhap/
# or by `tthc import portal-index`, never edited (the portal's own figures).
@admin.register(PublishedAnswer)
class PublishedAnswerAdmin(ReadOnlyModelAdmin):
    list_display = ("period", "group", "answer", "source", "imported_at", "actor", "current")
    list_filter = ("current", "group", "period")
    search_fields = ("source", "period")
    search_help_text = "Tìm theo tên tệp hoặc kỳ"
    exclude = ("raw",)


@admin.register(PublishedUnit)
class PublishedUnitAdmin(ReadOnlyModelAdmin):
    list_display = ("answer", "code", "name", "unit", "matched_by", "total_score", "total_max_score")
    list_filter = ("matched_by", "overview", "answer__current", "answer__group")
    search_fields = ("code", "name")
    search_help_text = "Tìm theo mã hoặc tên đơn vị trên Cổng"
    list_select_related = ("answer", "unit")


@admin.register(PublishedMetric)
class PublishedMetricAdmin(ReadOnlyModelAdmin):
    list_display = ("unit", "code", "numerator", "denominator", "ratio", "score", "max_score",
                    "quality_status")
    list_filter = ("code", "quality_status", "unit__answer__current")
    search_fields = ("code", "unit__code", "unit__name")
    search_help_text = "Tìm theo mã chỉ số hoặc đơn vị"
    list_select_related = ("unit", "unit__answer")
