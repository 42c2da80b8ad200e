"""Read-only pages: the periods with scores and each period's ranking.

The public (anonymous, or logged in without a role) sees published periods only; the
administrator and the appraisers also see the ones still in the cycle, marked "tạm tính".
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from tthc.access.roles import Role, viewer_of
from tthc.evaluation.selectors import period_results, published_rule_sets
from tthc.evaluation.services import Key
from tthc.scoring import rule_sets, selectors

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def rule_set_or_404(method: str, profile: str) -> None:
    """Refuse a method or profile name that no rule file could have."""
    if not (_NAME.match(method) and _NAME.match(profile)):
        raise Http404("Phương pháp hoặc bộ quy tắc không hợp lệ")


def rule_set_query(method: str, profile: str, *, period: str | None = None) -> str:
    """The query string that keeps a rule set across links: "" for the default one (the
    period's own, or for pages of no period the one in force today)."""
    if not (method and profile):
        return ""
    default = rule_sets.for_period(period) if period else rule_sets.site_default()
    if (method, profile) == default:
        return ""
    return "?" + urlencode({"method": method, "profile": profile})


def method_and_profile(request: HttpRequest, period: str | None = None) -> tuple[str, str, str]:
    """The method and profile asked for (otherwise the period's own, or for pages of no
    period the one in force today), and the query that keeps them across links."""
    default = rule_sets.for_period(period) if period else rule_sets.site_default()
    method = request.GET.get("method", default[0])
    profile = request.GET.get("profile", default[1])
    rule_set_or_404(method, profile)
    return method, profile, rule_set_query(method, profile, period=period)


@require_safe
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
            raise PermissionDenied("Kết quả kỳ này chưa công bố: bảng xếp hạng tạm tính chỉ dành "
                                   "cho thẩm định viên và quản trị hệ thống.")
    return render(request, "web/ranking.html", {
        "ranking": result,
        "query": query,
        "agency_indicators": result["agency_indicators"],
        "official_indicators": result["official_indicators"],
    })


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Shown when a public endpoint refuses a request over its rate limit (HTTP 429)."""
    return render(request, "web/rate_limited.html", status=429)


# Password guessing is slowed per client address (django-ratelimit hashes the key).
@ratelimit(key="ip", rate="10/m", method="POST", block=True)
def login(request: HttpRequest) -> HttpResponse:
    return LoginView.as_view(template_name="web/login.html")(request)
