"""/tong-quan/<period>/don-vi/<unit>/diem-con-giu-duoc/: the points a unit may still save
in an open period. A thin view, checked like the unit's page (`views._unit_for`: the
administrator, the appraisers, the unit's own leader; anyone else is refused)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.timezone import localdate
from django.views.decorators.http import require_safe

from tthc.access.gates import behind_login, staff_role
from tthc.access.roles import Viewer
from tthc.scoring import rule_sets
from tthc.scoring.selectors import period_label
from tthc.site import period_choice

from . import selectors, stake
from .views import _NO_ROLE, _check_period, _filters, _page_query, _unit_for


@require_safe
@behind_login(staff_role, _NO_ROLE)
def at_stake(request: HttpRequest, viewer: Viewer, period: str, unit: str) -> HttpResponse:
    if moved := period_choice.switched(request, period):
        return moved  # the period selector's choice: this page, under that period
    filters = _filters(request, period)
    _check_period(period)
    found = _unit_for(viewer, unit)
    moment = stake.clock()
    key = filters.key(period)
    context = {"period": period, "period_label": period_label(period), "unit": found, "query": filters.query,
               "back_to_overview": viewer.sees_all, "method": key.method, "profile": key.profile,
               "closed": stake.closed_because(period, localdate(moment)), "data": None,
               "state_label": selectors.period_row(period).get_state_display(),  # type: ignore[union-attr]
               "picker": period_choice.picker(request, period, period_choice.choices(
                   method=filters.method or rule_sets.for_period(period)[0],
                   explicit=(filters.method, filters.profile) if filters.method else None))}
    period_choice.remember(request, period)
    if context["closed"] is None:
        context["data"] = stake.at_stake_page(key, found, moment, page=request.GET.get("trang", 1),
                                              petition_page=request.GET.get("trang-pakn", 1))
        query = _page_query(filters.query)
        context["page_query"], context["petition_page_query"] = query, query.replace("trang=", "trang-pakn=")
    return render(request, "dashboards/at_stake.html", context)
