"""Which rule set a page was asked for, and the query string that keeps it on links.

Shared by every app's views (web, evaluation, dashboards, reports): a period is shown
under its own rule set (the methodology and profile in force on its last day,
`tthc.scoring.rule_sets`) unless `?method=…&profile=…` names another, a what-if run.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.http import Http404, HttpRequest

from tthc.scoring import rule_sets
from tthc.scoring.models import ScoringRun

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


def period_rule_set_links(period: str, shown: tuple[str, str]) -> list[dict[str, object]]:
    """Every rule set with a current run of the period, each with the query that shows a
    page under it: the period's own first (named `own`, no query), the one `shown`
    marked `current` — how every page of a period reaches both methodologies."""
    own = rule_sets.for_period(period)
    pairs = set(ScoringRun.objects.filter(is_current=True, period__code=period)
                .values_list("method", "profile"))
    return [{"method": method, "profile": profile, "own": (method, profile) == own,
             "current": (method, profile) == shown,
             "query": rule_set_query(method, profile, period=period)}
            for method, profile in sorted(pairs, key=lambda pair: (pair != own, pair))]
