"""Dashboards (/tong-quan/): thin views over `dashboards.selectors`, one role check each.

Who sees what is `tthc.access.roles`: the province overview is for the administrator
and the appraisers (a leader is sent to its agency, a desk official to its own page);
an agency's pages for them and that agency's leader; an official's page also for the
official. Anonymous visitors are sent to the log-in; a logged-in role without the
right gets 403, never an empty page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from tthc.access.roles import Role, Viewer, may_view_official, may_view_unit, viewer_of
from tthc.evaluation.services import Key
from tthc.scoring.packing import DOSSIER_INDICATORS
from tthc.scoring.selectors import DEFAULT_METHOD, DEFAULT_PROFILE
from tthc.web.views import AGENCY_INDICATORS, OFFICIAL_INDICATORS, rule_set_or_404

from . import selectors

_PERIOD = re.compile(r"^\d{4}(?:-[QH]\d)?$")
_LEVELS = {value for value, _ in selectors.LEVEL_CHOICES}
INDICATOR_NAMES = dict(AGENCY_INDICATORS)


class _Login(Exception):
    """Anonymous: answered with the log-in page (raised from helpers, caught once)."""


@dataclass(frozen=True)
class Filters:
    method: str
    profile: str
    level: str

    @property
    def query(self) -> str:
        """The query string that keeps the filters on every link ("" for the defaults)."""
        values = {}
        if (self.method, self.profile) != (DEFAULT_METHOD, DEFAULT_PROFILE):
            values.update(method=self.method, profile=self.profile)
        if self.level != selectors.ALL_LEVELS:
            values["cap"] = self.level
        return "?" + urlencode(values) if values else ""

    def key(self, period: str) -> Key:
        return Key(period, self.method, self.profile)


def _filters(request: HttpRequest) -> Filters:
    method = request.GET.get("method", DEFAULT_METHOD)
    profile = request.GET.get("profile", DEFAULT_PROFILE)
    rules = request.GET.get("quy-tac", "")
    if rules:  # the filter form's one select holds both, "method/profile"
        method, _, profile = rules.partition("/")
    rule_set_or_404(method, profile)
    level = request.GET.get("cap", selectors.ALL_LEVELS)
    if level not in _LEVELS:
        raise Http404("Cấp đơn vị không hợp lệ")
    return Filters(method, profile, level)


def _viewer(request: HttpRequest) -> Viewer:
    viewer = viewer_of(request.user)
    if not request.user.is_authenticated:
        raise _Login
    if viewer.role == Role.PUBLIC:
        raise PermissionDenied("Tài khoản này không có quyền xem trang tổng quan; kết quả đã "
                               "công bố có tại trang Công khai kết quả.")
    return viewer


def _check_period(period: str) -> None:
    if not _PERIOD.match(period) or selectors.period_row(period) is None:
        raise Http404("Không có kỳ đánh giá này")


def _dashboard(view):  # type: ignore[no-untyped-def]
    """GET/HEAD only; anonymous visitors to the log-in page with `next` kept."""
    @require_safe
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)  # type: ignore[no-any-return]
        except _Login:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _common(filters: Filters, period: str, results: dict) -> dict:
    return {
        "period": period,
        "period_label": results["period_label"],
        # The period's state by its one name (scoring.PeriodState), as every page says it.
        "state_label": results["period_state"],
        "provisional": results["provisional"],
        "results": results,
        "filters": filters,
        "query": filters.query,
    }


@_dashboard
def index(request: HttpRequest) -> HttpResponse:
    """/tong-quan/: the latest period the viewer may see (or the one the filter form chose)."""
    _viewer(request)
    filters = _filters(request)
    period = request.GET.get("ky") or selectors.latest_period(method=filters.method,
                                                               profile=filters.profile)
    if period is None:
        return render(request, "dashboards/empty.html", {"filters": filters})
    if not _PERIOD.match(period):
        raise Http404("Không có kỳ đánh giá này")
    return HttpResponseRedirect(reverse("dashboards:overview", args=[period]) + filters.query)


@_dashboard
def overview(request: HttpRequest, period: str) -> HttpResponse:
    viewer = _viewer(request)
    filters = _filters(request)
    _check_period(period)
    if viewer.role == Role.AGENCY_LEADER:
        unit = selectors.unit_by_id(viewer.unit_id)
        return redirect(reverse("dashboards:agency", args=[period, unit.code]) + filters.query)
    if viewer.role == Role.DESK_OFFICIAL:
        official = selectors.official_by_id(viewer.official_id)
        return redirect(reverse("dashboards:official", args=[period, official.code]) + filters.query)
    if not viewer.sees_all:
        raise PermissionDenied("Chỉ quản trị và thẩm định xem được tổng quan toàn tỉnh.")
    data = selectors.overview(filters.key(period), level=filters.level)
    if data is None:
        raise Http404("Kỳ này chưa có kết quả chấm điểm theo bộ quy tắc đã chọn")
    return render(request, "dashboards/overview.html", {
        **_common(filters, period, data["results"]),
        "data": data,
        "charts": selectors.chart_data(data),
        "periods": selectors.scored_periods(method=filters.method, profile=filters.profile),
        "rule_sets": selectors.rule_sets(),
        "level_choices": selectors.LEVEL_CHOICES,
        "agency_indicators": AGENCY_INDICATORS,
    })


def _unit_for(viewer: Viewer, code: str):  # type: ignore[no-untyped-def]
    unit = selectors.unit_by_code(code)
    if unit is None:
        raise Http404("Không có cơ quan, đơn vị này")
    if not may_view_unit(viewer, unit.pk):
        raise PermissionDenied("Tài khoản này chỉ xem được kết quả của cơ quan, đơn vị mình.")
    return unit


@_dashboard
def agency(request: HttpRequest, period: str, unit: str) -> HttpResponse:
    viewer = _viewer(request)
    filters = _filters(request)
    _check_period(period)
    found = _unit_for(viewer, unit)
    data = selectors.agency_page(filters.key(period), found)
    if data is None:
        raise Http404("Cơ quan, đơn vị này không có kết quả trong kỳ")
    for row in data["indicators"]:
        row["name"] = INDICATOR_NAMES[row["number"]]
    chart = {
        "categories": [f"CS{row['number']}" for row in data["indicators"]],
        "series": [{"name": "Tự chấm", "values": [_number(r["self"]) for r in data["indicators"]]},
                   {"name": "Sau thẩm định", "values": [_number(r["final"]) for r in data["indicators"]]}],
        "max": 2,
    }
    return render(request, "dashboards/agency.html", {
        **_common(filters, period, data["results"]),
        "data": data,
        "unit": found,
        "chart": chart,
        "agency_indicators": AGENCY_INDICATORS,
        "official_indicators": OFFICIAL_INDICATORS,
        "back_to_overview": viewer.sees_all,
    })


@_dashboard
def indicator(request: HttpRequest, period: str, unit: str, number: str) -> HttpResponse:
    viewer = _viewer(request)
    filters = _filters(request)
    _check_period(period)
    found = _unit_for(viewer, unit)
    key = filters.key(period)
    results = selectors.period_results(key)
    if results is None:
        raise Http404("Kỳ này chưa có kết quả chấm điểm theo bộ quy tắc đã chọn")
    lost = None
    if number in DOSSIER_INDICATORS:
        lost = selectors.lost_on_indicator(key, found, number, request.GET.get("trang", 1))
    return render(request, "dashboards/indicator.html", {
        **_common(filters, period, results),
        "unit": found,
        "number": int(number),
        "indicator_name": INDICATOR_NAMES[int(number)],
        "lost": lost,
        "page_query": _page_query(filters),
        "back_to_overview": viewer.sees_all,
    })


@_dashboard
def official(request: HttpRequest, period: str, code: str) -> HttpResponse:
    viewer = _viewer(request)
    filters = _filters(request)
    _check_period(period)
    found = selectors.official_by_code(code)
    if found is None:
        raise Http404("Không có cán bộ này")
    if not may_view_official(viewer, official_id=found.pk, unit_id=found.unit_id):
        raise PermissionDenied("Tài khoản này không xem được kết quả của cán bộ này.")
    key = filters.key(period)
    data = selectors.official_page(key, found)
    if data is None:
        raise Http404("Kỳ này chưa có kết quả chấm điểm theo bộ quy tắc đã chọn")
    lost = selectors.lost_by_official(key, found, request.GET.get("trang", 1))
    return render(request, "dashboards/official.html", {
        **_common(filters, period, data["results"]),
        "person": found,
        "row": data["official"],
        "indicator_rows": list(zip(OFFICIAL_INDICATORS, data["official"]["indicators"], strict=True))
        if data["official"] else [],
        "lost": lost,
        "page_query": _page_query(filters),
        "official_indicators": OFFICIAL_INDICATORS,
        "may_view_unit": may_view_unit(viewer, found.unit_id),
        "back_to_overview": viewer.sees_all,
    })


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _page_query(filters: Filters) -> str:
    """Prefix for page links: the filters, then `trang=`."""
    query = filters.query
    return (query + "&" if query else "?") + "trang="
