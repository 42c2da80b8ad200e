"""The period selector every page of a period shows, and the period a session remembers.

One partial (`web/_period_picker.html`) lists the scored periods of the page's
methodology, grouped by length (months, quarters, halves, years). It is a plain GET form
to the page itself: the view asks `switched()` first, which answers `?ky=<code>` with a
redirect to the same page (same route, same unit or official) under that period, the
rest of the query kept — so the selector works without script and every page keeps one
URL per period.

The period a staff member last opened is kept in the session, so that `/tong-quan/` and
the unit pages without a period open it again (`remembered`), and otherwise the latest.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy

from tthc.engine.periods import CODE_PATTERN, PeriodError
from tthc.engine.periods import Period as Span
from tthc.scoring.selectors import periods_with_scores

SESSION_KEY = "tthc.period"
# A period's code as the URLs spell it ("2020-Q1", "2026-09"); a real one besides.
_CODE = re.compile(rf"^{CODE_PATTERN}$")
PARAM = "ky"
# Not carried from one period to another: the choice itself and the page numbers (the
# dossiers' and the petitions' lists).
_NOT_KEPT = frozenset({PARAM, "trang", "trang-pakn"})

# Group headings, in the order the selector lists them (shortest periods first).
_KINDS = (("month", pgettext_lazy("period kind", "Tháng")), ("quarter", pgettext_lazy("period kind", "Quý")),
          ("half", gettext_lazy("6 tháng")), ("year", pgettext_lazy("period kind", "Năm")))


def _kind(code: str) -> str:
    if len(code) == 4:
        return "year"
    return {"Q": "quarter", "H": "half"}.get(code[5], "month")


def choices(*, method: str, explicit: tuple[str, str] | None = None,
            published: dict[str, tuple[str, str]] | None = None) -> list[dict[str, Any]]:
    """The scored periods of methodology `method`, grouped by length, newest first in
    each group. `explicit`: a rule set named in the query (its runs, what-ifs included);
    otherwise each period under its own rule set. `published`: for the public, only the
    periods published under the rule set listed (`published_rule_sets`)."""
    rows = (periods_with_scores(method=explicit[0], profile=explicit[1]) if explicit
            else periods_with_scores())
    rows = [row for row in rows if row["method"] == method]
    if published is not None:
        rows = [row for row in rows if published.get(row["code"]) == (row["method"], row["profile"])]
    groups: dict[str, list[dict[str, Any]]] = {kind: [] for kind, _label in _KINDS}
    for row in rows:
        try:
            start = Span.parse(row["code"]).start
        except PeriodError:
            continue
        groups[_kind(row["code"])].append({**row, "start": start})
    return [{"label": label, "periods": sorted(groups[kind], key=lambda r: r["start"], reverse=True)}
            for kind, label in _KINDS if groups[kind]]


def picker(request: HttpRequest, period: str, groups: list[dict[str, Any]]) -> dict[str, Any]:
    """What `web/_period_picker.html` needs: the groups, the page's period, and the rest
    of the page's query as hidden fields (a page number is not kept: page 3 of one
    period is no page of another)."""
    hidden = [(k, v) for k, v in request.GET.items() if k not in _NOT_KEPT]
    return {"groups": groups, "current": period, "hidden": hidden}


def switched(request: HttpRequest, period: str) -> HttpResponseRedirect | None:
    """The same page under the period chosen in the selector (`?ky=`), the rest of the
    query kept; None when nothing (or the page's own period) was chosen. The route and
    its other arguments are the page's own, so no address from the query is followed."""
    wanted = request.GET.get(PARAM, "")
    if not wanted or wanted == period:
        return None
    try:
        if not _CODE.match(wanted):
            raise PeriodError(wanted)
        Span.parse(wanted)
    except PeriodError:
        return None  # the page's own period stays; the selector offers only real ones
    match = request.resolver_match
    assert match is not None
    kwargs = {**match.kwargs, "period": wanted}
    query = urlencode([(k, v) for k, v in request.GET.items() if k not in _NOT_KEPT])
    return HttpResponseRedirect(reverse(match.view_name, kwargs=kwargs) + ("?" + query if query else ""))


def remember(request: HttpRequest, period: str) -> None:
    """Keep the period a staff member opened for the rest of the session (the public
    gets no session for it)."""
    if request.user.is_authenticated and request.session.get(SESSION_KEY) != period:
        request.session[SESSION_KEY] = period


def remembered(request: HttpRequest, scored: list[str]) -> str | None:
    """The session's period when it is one of `scored` (the codes the page may open)."""
    code = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    return code if code in scored else None
