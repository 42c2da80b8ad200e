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
from tthc.evaluation.selectors import period_results, published_codes
from tthc.evaluation.services import Key
from tthc.scoring import selectors

AGENCY_INDICATORS = (
    (1, "Tổng thời gian giải quyết so với thời hạn quy định"),
    (2, "Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết"),
    (3, "Số lần phải liên hệ để hoàn thiện hồ sơ"),
    (4, "Số cơ quan, đơn vị phải liên hệ để hoàn thiện hồ sơ"),
    (5, "Tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa"),
    (6, "Công khai thủ tục hành chính"),
    (7, "Thái độ của cán bộ khi hướng dẫn, tiếp nhận, giải quyết hồ sơ"),
    (8, "Tiếp nhận, xử lý phản ánh, kiến nghị"),
    (9, "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến"),
)
OFFICIAL_INDICATORS = tuple(item for item in AGENCY_INDICATORS if item[0] in {1, 2, 3, 4, 7})

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def rule_set_or_404(method: str, profile: str) -> None:
    """Refuse a method or profile name that no rule file could have."""
    if not (_NAME.match(method) and _NAME.match(profile)):
        raise Http404("Phương pháp hoặc bộ quy tắc không hợp lệ")


def rule_set_query(method: str, profile: str) -> str:
    """The query string that keeps a rule set across links ("" for the default one)."""
    if (method, profile) == (selectors.DEFAULT_METHOD, selectors.DEFAULT_PROFILE):
        return ""
    return "?" + urlencode({"method": method, "profile": profile})


def method_and_profile(request: HttpRequest) -> tuple[str, str, str]:
    """The method and profile asked for (defaults otherwise), and the query to keep them."""
    method = request.GET.get("method", selectors.DEFAULT_METHOD)
    profile = request.GET.get("profile", selectors.DEFAULT_PROFILE)
    rule_set_or_404(method, profile)
    return method, profile, rule_set_query(method, profile)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    method, profile, query = method_and_profile(request)
    periods = selectors.periods_with_scores(method=method, profile=profile)
    viewer = viewer_of(request.user)
    any_scored = bool(periods)
    if not viewer.sees_all:
        published = published_codes(method=method, profile=profile)
        periods = [period for period in periods if period["code"] in published]
    return render(request, "web/home.html", {
        "periods": periods, "method": method, "profile": profile, "query": query,
        "sees_all": viewer.sees_all, "any_scored": any_scored,
    })


@require_safe
def ranking(request: HttpRequest, period: str) -> HttpResponse:
    method, profile, query = method_and_profile(request)
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
        "agency_indicators": AGENCY_INDICATORS,
        "official_indicators": OFFICIAL_INDICATORS,
    })


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Shown when a public endpoint refuses a request over its rate limit (HTTP 429)."""
    return render(request, "web/rate_limited.html", status=429)


# Password guessing is slowed per client address (django-ratelimit hashes the key).
@ratelimit(key="ip", rate="10/m", method="POST", block=True)
def login(request: HttpRequest) -> HttpResponse:
    return LoginView.as_view(template_name="web/login.html")(request)
