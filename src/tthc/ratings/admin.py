from __future__ import annotations

from django.contrib import admin

from tthc.audit.admin import ReadOnlyModelAdmin

from .models import Rating


@admin.register(Rating)
class RatingAdmin(ReadOnlyModelAdmin):
    """Ratings shown, never added, changed or deleted here.

    A citizen's rating is entered once and never overwritten (methodology §5), and only
    through `rating_submit`'s callers, which hold the rules the admin would get around: a
    device rates only its own desk's dossiers, on its channel, at the server's time;
    nobody keys the paper form of a dossier they received. A wrongly keyed paper form is
    corrected at /quay/phieu-giay/sua/ (`paper_rating_correct`: with a reason, audited).
    """

    list_display = ("dossier", "channel", "satisfaction", "submitted_at", "agencies_contacted",
                    "disclosure_seen", "entered_by", "batch")
    list_filter = ("channel", "satisfaction", "disclosure_seen")
    search_fields = ("dossier__code", "batch")
    search_help_text = "Tìm theo mã hồ sơ hoặc số lô phiếu giấy"
    list_select_related = ("dossier",)
    show_full_result_count = False
