"""One dossier's page for staff (/ho-so/<code>/) and the header's search (/ho-so/?ma=…).

Thin: the reads are `dossiers.selectors`, who may see which dossier `roles.may_view_dossier`.
Anonymous visitors go to the log-in; a logged-in account with no staff role is refused
(403) before any code is looked up; a staff member asking for a dossier outside their
scope gets the same "not found" page as for a code that does not exist (404), so that
the page tells nobody which codes exist beyond the dossiers they may see.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from tthc.access.gates import behind_login, staff_role
from tthc.access.roles import Viewer
from tthc.engine.periods import Period, PeriodError
from tthc.site.rule_set_query import rule_set_or_404

from . import selectors
from .codes import staff_code_normalise

_NO_ROLE = gettext_lazy("Chỉ cán bộ, công chức được phân quyền mới tra cứu được hồ sơ.")


def _not_found(request: HttpRequest, typed: str) -> HttpResponse:
    return render(request, "dossiers/not_found.html",
                  {"typed": typed, "normalised": staff_code_normalise(typed)}, status=404)


@require_safe
@behind_login(staff_role, _NO_ROLE)
def search(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The header's search box: the dossier's page, or a page that says what to check."""
    typed = request.GET.get("ma", "")
    if not typed.strip():
        return render(request, "dossiers/not_found.html", {"typed": "", "normalised": ""})
    found = selectors.dossier_find(typed)
    if found is None or not selectors.dossier_visible(viewer, found):
        return _not_found(request, typed)
    return redirect(reverse("dossiers:dossier", args=[found.code]))


@require_safe
@behind_login(staff_role, _NO_ROLE)
def dossier(request: HttpRequest, viewer: Viewer, code: str) -> HttpResponse:
    found = selectors.dossier_find(code)
    if found is None or not selectors.dossier_visible(viewer, found):
        return _not_found(request, code)
    if found.code != code:  # typed into the address bar in another form
        return redirect(reverse("dossiers:dossier", args=[found.code]) + _query(request))
    method = request.GET.get("method") or None
    profile = request.GET.get("profile") or None
    period = request.GET.get("ky") or None
    for name in (method, profile):
        if name:  # a name no rule file could have (it becomes part of a path)
            rule_set_or_404(name, name)
    if period:
        try:
            period = Period.parse(period).code
        except PeriodError as error:
            raise Http404("Kỳ đánh giá không hợp lệ") from error
    return render(request, "dossiers/dossier.html", selectors.dossier_page(
        viewer=viewer, user=request.user, dossier=found, method=method, profile=profile, period=period))


def _query(request: HttpRequest) -> str:
    kept = {k: request.GET[k] for k in ("ky", "method", "profile") if request.GET.get(k)}
    return "?" + urlencode(kept) if kept else ""
