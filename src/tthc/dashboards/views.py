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

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_safe

from tthc.access.gates import behind_login, staff_role
from tthc.access.roles import Role, Viewer, may_view_official, may_view_unit
from tthc.engine.periods import CODE_PATTERN
from tthc.evaluation import index as index_of_ratios
from tthc.evaluation.services import Key
from tthc.scoring import rule_sets
from tthc.site import period_choice
from tthc.site.rule_set_query import period_rule_set_links, rule_set_or_404

from . import items as behind
from . import lost_filters, selectors, trends
from .unit_evidence import stored_points, unit_evidence

_PERIOD = re.compile(rf"^{CODE_PATTERN}$")
# The shape of a level's name (a unit kind); which levels exist is the run's layout's.
_LEVEL = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_NO_ROLE = gettext_lazy("Tài khoản này không có quyền xem trang tổng quan; kết quả đã công bố có tại "
                        "trang Công khai kết quả.")


@dataclass(frozen=True)
class Filters:
    """What the dashboards filter on. A blank rule set is each period's own (in force on
    its last day); one named in the query is kept on every link."""

    method: str
    profile: str
    level: str

    @property
    def query(self) -> str:
        """The query string that keeps the filters on every link ("" for the defaults)."""
        values = {}
        if self.method and self.profile:
            values.update(method=self.method, profile=self.profile)
        if self.level != selectors.ALL_LEVELS:
            values["cap"] = self.level
        return "?" + urlencode(values) if values else ""

    def key(self, period: str) -> Key:
        return Key(period, self.method, self.profile)


def _filters(request: HttpRequest, period: str | None = None) -> Filters:
    method = request.GET.get("method", "")
    profile = request.GET.get("profile", "")
    rules = request.GET.get("quy-tac", "")
    if rules:  # the filter form's one select holds both, "method/profile"
        method, _, profile = rules.partition("/")
    if method or profile:
        rule_set_or_404(method, profile)
        # The period's own rule set needs no naming: links stay short and follow it.
        if period and (method, profile) == rule_sets.for_period(period):
            method = profile = ""
    level = request.GET.get("cap", selectors.ALL_LEVELS)
    if not _LEVEL.match(level):
        raise Http404("Cấp đơn vị không hợp lệ")
    return Filters(method, profile, level)


def _check_level(filters: Filters, results: dict) -> None:
    """A level the run's layout does not rank is no page (the filter offers its levels)."""
    if filters.level not in {value for value, _label in selectors.level_choices(results)}:
        raise Http404("Cấp đơn vị không có trong phương pháp của kỳ này")


def _check_period(period: str) -> None:
    if not _PERIOD.match(period) or selectors.period_row(period) is None:
        raise Http404("Không có kỳ đánh giá này")


def _common(request: HttpRequest, filters: Filters, period: str, results: dict) -> dict:
    layout = results["layout"]
    period_choice.remember(request, period)
    explicit = (filters.method, filters.profile) if filters.method else None
    return {
        # The period selector: the periods of the page's methodology (tthc.site.period_choice).
        "picker": period_choice.picker(request, period, period_choice.choices(
            method=results["method"], explicit=explicit)),
        # An index of ratios (groups, figures): its pages show groups and metrics' figures.
        "is_index": index_of_ratios.is_index(layout),
        # Every rule set with a run, each a link to this page under it (the period's own
        # needs no naming).
        "rule_set_links": period_rule_set_links(period, (results["method"], results["profile"])),
        "period": period,
        "period_label": results["period_label"],
        # The period's state by its one name (scoring.PeriodState), as every page says it.
        "state_label": results["period_state"],
        "provisional": results["provisional"],
        "results": results,
        "filters": filters,
        "query": filters.query,
    }


@require_safe
@behind_login(staff_role, _NO_ROLE)
def index(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """/tong-quan/: the latest period the viewer may see (or the one the filter form chose)."""
    filters = _filters(request, request.GET.get("ky"))
    period = request.GET.get("ky") or _opening_period(request, filters)
    if period is None:
        return render(request, "dashboards/empty.html", {"filters": filters})
    if not _PERIOD.match(period):
        raise Http404("Không có kỳ đánh giá này")
    return HttpResponseRedirect(reverse("dashboards:overview", args=[period]) + filters.query)


def _opening_period(request: HttpRequest, filters: Filters) -> str | None:
    """The period a page without one opens: the session's (the one last opened) when it
    is scored under the filters' rule set, else the latest."""
    scored = [row["code"] for row in selectors.scored_periods(method=filters.method,
                                                              profile=filters.profile)]
    return period_choice.remembered(request, scored) or selectors.latest_period(
        method=filters.method, profile=filters.profile)


@require_safe
@behind_login(staff_role, _NO_ROLE)
def unit_latest(request: HttpRequest, viewer: Viewer, unit: str) -> HttpResponse:
    """/tong-quan/don-vi/<unit>/: the unit's page for the remembered period, else the
    latest (where a leader lands after logging in)."""
    filters = _filters(request)
    found = _unit_for(viewer, unit)
    period = _opening_period(request, filters)
    if period is None:
        return render(request, "dashboards/empty.html", {"filters": filters})
    return HttpResponseRedirect(reverse("dashboards:agency", args=[period, found.code]) + filters.query)


@require_safe
@behind_login(staff_role, _NO_ROLE)
def overview(request: HttpRequest, viewer: Viewer, period: str) -> HttpResponse:
    if moved := period_choice.switched(request, period):
        return moved  # the period selector's choice: this page, under that period
    filters = _filters(request, period)
    _check_period(period)
    if viewer.role == Role.AGENCY_LEADER:
        unit = selectors.unit_by_id(viewer.unit_id)
        return redirect(reverse("dashboards:agency", args=[period, unit.code]) + filters.query)
    if viewer.role == Role.DESK_OFFICIAL:
        official = selectors.official_by_id(viewer.official_id)
        return redirect(reverse("dashboards:official", args=[period, official.code]) + filters.query)
    if not viewer.sees_all:
        raise PermissionDenied(gettext("Chỉ quản trị và thẩm định xem được tổng quan toàn tỉnh."))
    data = selectors.overview(filters.key(period), level=filters.level)
    if data is None:
        raise Http404("Kỳ này chưa có kết quả chấm điểm theo bộ quy tắc đã chọn")
    _check_level(filters, data["results"])
    layout = data["results"]["layout"]
    return render(request, "dashboards/overview.html", {
        **_common(request, filters, period, data["results"]),
        "index_levels": [{**lv, "rows": index_of_ratios.level_rows(layout, lv)} for lv in data["levels"]]
        if index_of_ratios.is_index(layout) else [],
        # An index: its months across the reform (the quarters' trend is nd61's).
        "index_trend": trends.province_months(filters.key(period), data["results"], filters.level)
        if index_of_ratios.is_index(layout) else None,
        "groups": layout.groups,
        "data": data,
        "charts": selectors.chart_data(data),
        "rule_sets": selectors.rule_sets(),
        "level_choices": selectors.level_choices(data["results"]),
        "agency_indicators": data["results"]["agency_indicators"],
    })


def _unit_for(viewer: Viewer, code: str):  # type: ignore[no-untyped-def]
    unit = selectors.unit_by_code(code)
    if unit is None:
        raise Http404("Không có cơ quan, đơn vị này")
    if not may_view_unit(viewer, unit.pk):
        raise PermissionDenied(gettext("Tài khoản này chỉ xem được kết quả của cơ quan, đơn vị mình."))
    return unit


@require_safe
@behind_login(staff_role, _NO_ROLE)
def agency(request: HttpRequest, viewer: Viewer, period: str, unit: str) -> HttpResponse:
    if moved := period_choice.switched(request, period):
        return moved  # the period selector's choice: this page, under that period
    filters = _filters(request, period)
    _check_period(period)
    found = _unit_for(viewer, unit)
    data = selectors.agency_page(filters.key(period), found)
    if data is None:
        raise Http404("Cơ quan, đơn vị này không có kết quả trong kỳ")
    _check_level(filters, data["results"])
    rows = data["indicators"]
    chart = {
        "categories": [row["short"] for row in rows],
        "series": [{"name": gettext("Tự chấm"), "values": [_number(r["self"]) for r in rows]},
                   {"name": gettext("Sau thẩm định"), "values": [_number(r["final"]) for r in rows]}],
        # One axis for every indicator: up to the largest maximum.
        "max": max((_number(r["max"]) or 0 for r in rows), default=None),
    }
    return render(request, "dashboards/agency.html", {
        **_common(request, filters, period, data["results"]),
        "data": data,
        "unit": found,
        # The facts box beside the unit's own count says the run's total is the province's.
        "own_dossiers": {"name": found.name, "count": data["agency"]["dossiers"]},
        "chart": chart,
        "agency_indicators": data["results"]["agency_indicators"],
        "official_indicators": data["results"]["official_indicators"],
        "back_to_overview": viewer.sees_all,
        "index_groups": index_of_ratios.groups(data["results"]["layout"], data["agency"],
                                     {row["code"]: row["lost"] for row in rows})
        if index_of_ratios.is_index(data["results"]["layout"]) else [],
        "index_trend": trends.unit_months(filters.key(period), found)
        if index_of_ratios.is_index(data["results"]["layout"]) else None,
    })


@require_safe
@behind_login(staff_role, _NO_ROLE)
def indicator(request: HttpRequest, viewer: Viewer, period: str, unit: str, code: str) -> HttpResponse:
    if moved := period_choice.switched(request, period):
        return moved  # the period selector's choice: this page, under that period
    filters = _filters(request, period)
    _check_period(period)
    found = _unit_for(viewer, unit)
    key = filters.key(period)
    results = selectors.period_results(key)
    if results is None:
        raise Http404("Kỳ này chưa có kết quả chấm điểm theo bộ quy tắc đã chọn")
    _check_level(filters, results)
    spec = selectors.agency_indicator(results, code)
    if spec is None:
        raise Http404("Phương pháp của kỳ này không có chỉ số này")
    lost = evidence = None
    per_dossier = spec.code in results["layout"].dossier_columns
    if per_dossier:
        chosen = lost_filters.LostFilter.from_query(request.GET)
        lost = lost_filters.lost_list(key, found, spec.code, chosen, request.GET.get("trang", 1))
    else:  # computed for the whole unit: the methodology's evidence, recomputed for this unit
        evidence = unit_evidence(key, found).get(spec.code)
    items = behind.items_behind(key, found, spec.code, results, request.GET, with_dossiers=per_dossier)
    # Every page link keeps the dossier list's filters (each list's page its own parameter).
    narrowed = _with(filters, lost.chosen.items if lost else [])
    row = next((row for level in results["levels"] for row in level["agencies"]
                if row["code"] == found.code), None)
    return render(request, "dashboards/indicator.html", {
        **_common(request, filters, period, results),
        "unit": found,
        "own_dossiers": {"name": found.name, "count": row["dossiers"]} if row else None,
        "spec": spec,
        "lost": lost,
        "items": [{"list": x, "page_query": _page_query(narrowed, x.param)} for x in items or ()],
        "evidence": evidence,
        "stored": stored_points(results, found.code, spec.code) if evidence else None,
        "page_query": _page_query(narrowed),
        "export_query": narrowed,
        "reason_limit": lost_filters.REASON_LIMIT,
        "export_limit": lost_filters.EXPORT_LIMIT,
        "back_to_overview": viewer.sees_all,
    })


@require_safe
@behind_login(staff_role, _NO_ROLE)
def indicator_export(request: HttpRequest, viewer: Viewer, period: str, unit: str, code: str) -> HttpResponse:
    """The drill-down's list, narrowed as on the page, as XLSX."""
    filters = _filters(request, period)
    _check_period(period)
    found = _unit_for(viewer, unit)
    key = filters.key(period)
    results = selectors.period_results(key)
    spec = selectors.agency_indicator(results, code) if results else None
    if results is None or spec is None:
        raise Http404("Kỳ này không có chỉ số này")
    title = f"{found.name} ({found.code}) — {results['period_label']} — {spec.short}: {spec.name_vi}"
    book = lost_filters.lost_xlsx(key, found, spec.code, lost_filters.LostFilter.from_query(request.GET),
                                  title=title)
    if book is None:
        raise Http404("Chỉ số này không tính theo từng hồ sơ")
    response = HttpResponse(book, content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = (f'attachment; filename="ho-so-bi-tru-diem-{found.code}-'
                                       f'{period}-{spec.short}.xlsx"')
    return response


@require_safe
@behind_login(staff_role, _NO_ROLE)
def official(request: HttpRequest, viewer: Viewer, period: str, code: str) -> HttpResponse:
    if moved := period_choice.switched(request, period):
        return moved  # the period selector's choice: this page, under that period
    filters = _filters(request, period)
    _check_period(period)
    found = selectors.official_by_code(code)
    if found is None:
        raise Http404("Không có cán bộ này")
    if not may_view_official(viewer, official_id=found.pk, unit_id=found.unit_id):
        raise PermissionDenied(gettext("Tài khoản này không xem được kết quả của cán bộ này."))
    key = filters.key(period)
    data = selectors.official_page(key, found)
    if data is None:
        raise Http404("Kỳ này chưa có kết quả chấm điểm theo bộ quy tắc đã chọn")
    if data["subject"] is None:
        raise Http404("Phương pháp của kỳ này không chấm điểm cán bộ, công chức")
    _check_level(filters, data["results"])
    lost = selectors.lost_by_official(key, found, request.GET.get("trang", 1))
    return render(request, "dashboards/official.html", {
        **_common(request, filters, period, data["results"]),
        "person": found,
        "row": data["official"],
        "own_dossiers": {"name": found.full_name, "count": data["official"]["dossiers"]}
        if data["official"] else None,
        "subject": data["subject"],
        "cells": data["cells"],
        "dossier_indicators": data["dossier_indicators"],
        "lost": lost,
        "page_query": _page_query(filters.query),
        "official_indicators": data["results"]["official_indicators"],
        "may_view_unit": may_view_unit(viewer, found.unit_id),
        "back_to_overview": viewer.sees_all,
    })


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _with(filters: Filters, items: list[tuple[str, str]]) -> str:
    """The filters' query with more items (a drill-down's own filters)."""
    if not items:
        return filters.query
    return (filters.query + "&" if filters.query else "?") + urlencode(items)


def _page_query(query: str, param: str = "trang") -> str:
    """Prefix for page links: the page's query (`Filters.query`, or more), then `trang=`
    (or a list's own parameter)."""
    return (query + "&" if query else "?") + param + "="
