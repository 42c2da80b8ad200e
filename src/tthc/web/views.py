"""Read-only pages: the periods with scores and each period's ranking.

The public (anonymous, or logged in without a role) sees published periods only; the
administrator and the appraisers also see the ones still in the cycle, marked "tạm tính".
"""

from __future__ import annotations

from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from tthc.access.gates import public_page
from tthc.access.logins import LoginForm
from tthc.access.roles import Role, Viewer, viewer_of
from tthc.dashboards.selectors import unit_by_id
from tthc.evaluation.selectors import period_results, published_rule_sets
from tthc.evaluation.services import Key
from tthc.scoring import selectors
from tthc.site.rule_set_query import method_and_profile, rule_set_query


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    # A rule set asked for by name lists its periods; otherwise each period is listed
    # under its own (in force on its last day), so 2020 and 2026 sit side by side.
    asked = "method" in request.GET or "profile" in request.GET
    method, profile, query = method_and_profile(request)
    periods = (selectors.periods_with_scores(method=method, profile=profile) if asked
               else selectors.periods_with_scores())
    for period in periods:
        period["query"] = rule_set_query(period["method"], period["profile"], period=period["code"])
    viewer = viewer_of(request.user)
    any_scored = bool(periods)
    if not viewer.sees_all:
        published = published_rule_sets()
        periods = [period for period in periods
                   if published.get(period["code"]) == (period["method"], period["profile"])]
    return render(request, "web/home.html", {
        "periods": periods, "method": method, "profile": profile, "query": query,
        "sees_all": viewer.sees_all, "any_scored": any_scored,
    })


@require_safe
@public_page
def ranking(request: HttpRequest, period: str) -> HttpResponse:
    method, profile, query = method_and_profile(request, period)
    result = period_results(Key(period, method, profile))
    if result is None:
        raise Http404("Kỳ này chưa có kết quả chấm điểm")
    if not result["is_published"]:
        viewer = viewer_of(request.user)
        if viewer.role == Role.PUBLIC:
            raise Http404("Kỳ này chưa công bố kết quả")
        if not viewer.sees_all:
            # The whole table shows every agency's unpublished scores (tthc.access.roles).
            raise PermissionDenied(gettext("Kết quả kỳ này chưa công bố: bảng xếp hạng tạm tính chỉ dành "
                                           "cho thẩm định viên và quản trị hệ thống."))
    return render(request, "web/ranking.html", {
        "ranking": result,
        "query": query,
        "agency_indicators": result["agency_indicators"],
        "official_indicators": result["official_indicators"],
        # Named in one sentence of the legend, which a translation keeps whole.
        "official_shorts": ", ".join(spec.short for spec in result["official_indicators"]),
    })


def start_page(viewer: Viewer) -> str:
    """Where each role lands after logging in: the appraiser at the evaluation cycle, a
    leader at its agency's page (the remembered or latest period), a desk official at
    the desk, the administrator at the province overview, anyone else at home."""
    if viewer.role == Role.APPRAISER:
        return reverse("evaluation:periods")
    if viewer.role == Role.AGENCY_LEADER:
        return reverse("dashboards:unit_latest", args=[unit_by_id(viewer.unit_id).code])
    if viewer.role == Role.DESK_OFFICIAL:
        return reverse("counter:desk")
    if viewer.role == Role.ADMIN:
        return reverse("dashboards:index")
    return reverse("web:home")


class Login(LoginView):
    """One log-in for every role. Password guessing is slowed by the authentication
    backend (tthc.access.logins), per account and per address; LoginForm says how long
    to wait. A safe `next=` wins; otherwise the role's own start page."""

    template_name = "web/login.html"
    form_class = LoginForm

    def get_default_redirect_url(self) -> str:
        return start_page(viewer_of(self.request.user))


login = Login.as_view()
