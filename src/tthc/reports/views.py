"""Report pages and downloads (/bao-cao/), and the open data (/cong-khai/<kỳ>/du-lieu.*).

Who may download what (tthc.access.roles; docs/reports.md "Permissions"):

| Form | admin, appraiser | agency leader | desk official | public |
|---|---|---|---|---|
| c all agencies | every period | published periods | published periods | published periods |
| b one agency | every agency | its agency | — | — |
| a officials of a unit | every unit | its agency | — | — |
| a one official | everyone | its agency's officials | itself | — |

An unpublished period is 404 for the public; "—" is a redirect to the log-in for an
anonymous visitor and 403 for a logged-in one; unknown agencies and officials are 404.

The pages, the summary (form c) and the open data are limited per client address
(`tthc.access.gates.public_page`, `public_file`); the other forms are generated only
for the staff allowed them.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_safe

from tthc.access.gates import public_file, public_page, refuse
from tthc.access.roles import Role, Viewer, may_view_official, may_view_unit, viewer_of
from tthc.evaluation.selectors import period_results, published_rule_sets
from tthc.evaluation.services import Key
from tthc.site import period_choice
from tthc.site.rule_set_query import method_and_profile, period_rule_set_links, rule_set_query

from . import opendata, selectors
from .documents import report_file

# The page's names of the three forms (the documents carry their own, in Vietnamese).
FORM_TITLES = {
    "a": gettext_lazy("Mẫu a — Kết quả đánh giá cán bộ, công chức"),
    "b": gettext_lazy("Mẫu b — Kết quả đánh giá của cơ quan, đơn vị"),
    "c": gettext_lazy("Mẫu c — Tổng hợp kết quả tất cả cơ quan, đơn vị"),
}


# The query parameter of the document's number ("Số: 12/BC-VP" under the heading).
NUMBER_PARAM = "so"


def _with(query: str, name: str, value: str) -> str:
    """`query` ("" or "?…") with name=value added when value is given."""
    if not value:
        return query
    return f"{query}{'&' if query else '?'}{urlencode({name: value})}"


def _key(request: HttpRequest, period: str) -> tuple[Key, str]:
    """The period with the method and profile asked for, and the query string to keep."""
    method, profile, query = method_and_profile(request, period or None)
    return Key(period, method, profile), query


def _published_or_404(viewer: Viewer, period: Key) -> bool:
    """Whether the period is published; 404 when it does not exist, or is unpublished and
    the viewer is the public (an unpublished period does not exist for the public)."""
    published = selectors.period_published(period)
    if published is None or (not published and not viewer.is_staff_role):
        raise Http404("Không có kỳ đánh giá này hoặc kỳ chưa được công bố")
    return published


@require_safe
@public_page
def index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request.user)
    asked = "method" in request.GET or "profile" in request.GET
    method, profile, query = method_and_profile(request)
    periods = selectors.report_periods(published_only=not viewer.is_staff_role,
                                       method=method if asked else None,
                                       profile=profile if asked else None)
    for row in periods:
        row["query"] = rule_set_query(row["method"], row["profile"], period=row["code"])
    return render(request, "reports/index.html", {"periods": periods, "query": query})


@require_safe
@public_page
def period(request: HttpRequest, period: str) -> HttpResponse:
    if moved := period_choice.switched(request, period):
        return moved  # the period selector's choice: the reports of that period
    viewer = viewer_of(request.user)
    key, query = _key(request, period)
    published = _published_or_404(viewer, key)
    results = period_results(key)
    if results is None:
        raise Http404("Kỳ này chưa có kết quả chấm điểm")
    period_choice.remember(request, period)
    explicit = (key.method, key.profile) if query else None
    # The public reaches the published periods only (and their published rule set).
    picker = period_choice.picker(request, period, period_choice.choices(
        method=key.method, explicit=explicit,
        published=None if viewer.is_staff_role else published_rule_sets()))
    agencies = [dict(row, level_label=level["label"]) for level in results["levels"]
                for row in level["agencies"]]
    officials = results["officials"]
    # Only what the viewer may download is offered (tthc.access.roles).
    if viewer.sees_all:
        officials = []  # hundreds: the appraisers take them unit by unit
    elif viewer.role == Role.AGENCY_LEADER:
        own_unit = selectors.unit_code(viewer.unit_id)
        agencies = [row for row in agencies if row["code"] == own_unit]
        officials = [row for row in officials if row["unit_code"] == own_unit]
    elif viewer.role == Role.DESK_OFFICIAL:
        own_code = selectors.official_code(viewer.official_id)
        agencies, officials = [], [row for row in officials if row["code"] == own_code]
    else:
        agencies, officials = [], []
    number = " ".join(request.GET.get(NUMBER_PARAM, "").split())[:selectors.NUMBER_MAX_LENGTH]
    return render(request, "reports/period.html", {
        "picker": picker,
        "results": results, "form_titles": FORM_TITLES,
        # The document number typed in the form travels with every download link.
        "query": _with(query, NUMBER_PARAM, number), "number": number,
        "number_param": NUMBER_PARAM, "number_max": selectors.NUMBER_MAX_LENGTH,
        "kept": [(name, value) for name, value in request.GET.items() if name != NUMBER_PARAM],
        "blank_number": selectors.document_number(None),
        "summary": published or viewer.sees_all, "agencies": agencies, "officials": officials,
        "formats": ("xlsx", "pdf"),
        # A methodology without officials' scores has no form a.
        "has_form_a": bool(results["official_indicators"]),
        # The staff reach every rule set with a run of the period; the public only the
        # one published (a what-if of a published period is no public file).
        "rule_set_links": period_rule_set_links(period, (key.method, key.profile))
        if viewer.is_staff_role else [],
    })


def _download(request: HttpRequest, period: str, fmt: str, form: str, *,
              unit: str | None = None, official: str | None = None,
              allowed: Callable[[Viewer], bool]) -> HttpResponse:
    viewer = viewer_of(request.user)
    key, _ = _key(request, period)
    _published_or_404(viewer, key)
    if not selectors.has_results(key):  # an unknown rule set is missing, not forbidden
        raise Http404("Kỳ này không có kết quả theo bộ quy tắc đã chọn")
    if not allowed(viewer):
        return refuse(request, gettext("Bạn không có quyền tải báo cáo này."))
    try:
        found = report_file(form, fmt, key, unit=unit, official=official,
                            number=request.GET.get(NUMBER_PARAM))
    except selectors.ReportNotFound as error:
        # 404 with the reason in words (no such agency, or no form a in this methodology).
        return render(request, "reports/not_found.html", {"message": str(error)}, status=404)
    response = HttpResponse(found.content, content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    # Unpublished and per-agency reports are not for shared caches.
    response["Cache-Control"] = "private, no-store" if viewer.is_staff_role else "public, max-age=300"
    return response


@require_safe
@public_file("report")
def summary_download(request: HttpRequest, period: str, fmt: str) -> HttpResponse:
    published = selectors.period_published(_key(request, period)[0])
    return _download(request, period, fmt, "c",
                     allowed=lambda viewer: bool(published) or viewer.sees_all)


@require_safe
def agency_download(request: HttpRequest, period: str, unit: str, fmt: str) -> HttpResponse:
    return _download(request, period, fmt, "b", unit=unit,
                     allowed=lambda viewer: may_view_unit(viewer, _unit_id_or_404(unit)))


@require_safe
def unit_officials_download(request: HttpRequest, period: str, unit: str, fmt: str) -> HttpResponse:
    return _download(request, period, fmt, "a", unit=unit,
                     allowed=lambda viewer: may_view_unit(viewer, _unit_id_or_404(unit)))


@require_safe
def official_download(request: HttpRequest, period: str, official: str, fmt: str) -> HttpResponse:
    def allowed(viewer: Viewer) -> bool:
        ids = selectors.official_ids(official)
        if ids is None:
            raise Http404("Không có cán bộ này")
        return may_view_official(viewer, official_id=ids[0], unit_id=ids[1])

    return _download(request, period, fmt, "a", official=official, allowed=allowed)


def _unit_id_or_404(code: str) -> int:
    found = selectors.unit_id(code)
    if found is None:
        raise Http404("Không có cơ quan, đơn vị này")
    return found


def _open_data(request: HttpRequest, period: str) -> dict:
    key, _ = _key(request, period)
    try:
        return selectors.open_data(key)
    except selectors.ReportNotFound as error:
        raise Http404(str(error)) from error


@require_safe
@public_file("open-data-csv")
def open_data_csv(request: HttpRequest, period: str) -> HttpResponse:
    data = _open_data(request, period)
    response = HttpResponse(opendata.as_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tthc-{period}.csv"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


@require_safe
@public_file("open-data-json")
def open_data_json(request: HttpRequest, period: str) -> HttpResponse:
    data = _open_data(request, period)
    response = HttpResponse(opendata.as_json(data), content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
