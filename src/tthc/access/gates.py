"""The one gate in front of every page behind the log-in, the one answer to a request
over its rate limit, and the limits of the public pages and files.

`behind_login(allowed, refusal)` sends an anonymous visitor to the log-in page with the
page kept as `next`, refuses a logged-in role that `allowed` says no to with 403 and the
Vietnamese reason, and otherwise calls the view with the viewer (`tthc.access.roles`)
after the request. What each role may see is asked of the `may_…` questions in
`roles`; this module only decides where a refusal goes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import limits
from .roles import Viewer, viewer_of

View = Callable[..., HttpResponse]


def anyone_logged_in(viewer: Viewer) -> bool:
    """For pages whose rows are scoped further down (petitions, the desk): the log-in
    alone opens them."""
    return True


def staff_role(viewer: Viewer) -> bool:
    """Any role with pages behind the log-in: everyone but the public."""
    return viewer.is_staff_role


def sees_all(viewer: Viewer) -> bool:
    """The administrator and the appraisers."""
    return viewer.sees_all


def refuse(request: HttpRequest, refusal: str) -> HttpResponse:
    """For a page open to some: the anonymous visitor is sent to the log-in, anyone
    else gets 403 with `refusal` (never an empty page or file)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(refusal)


def behind_login(allowed: Callable[[Viewer], bool], refusal: str) -> Callable[[View], View]:
    """Anonymous visitors go to the log-in; a role `allowed` refuses gets 403 with
    `refusal`; the view is called as `view(request, viewer, *args, **kwargs)`."""

    def wrap(view: View) -> View:
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            viewer = viewer_of(request.user)
            if not (request.user.is_authenticated and allowed(viewer)):
                return refuse(request, refusal)
            return view(request, viewer, *args, **kwargs)

        return inner

    return wrap


def rate_limited(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    """Shown when a page refuses a request over its rate limit (HTTP 429; the counters
    are `tthc.access.limits`)."""
    return render(request, "web/rate_limited.html", status=429)


# Public pages and files, per client address (docs/operations.md, "Limits and where they
# are stored"). Generous for people — nobody reads 120 pages a minute — but they bound
# what one address can make two cores do: a summary PDF is seconds of WeasyPrint.
PUBLIC_PAGE_RATE = "120/m"
PUBLIC_FILE_RATE = "20/m"
# All public pages share one allowance per address: one row in the counters' table.
PUBLIC_PAGE_SCOPE = "public.page"


def public_page_rate() -> str:
    return str(getattr(settings, "TTHC_PUBLIC_PAGE_RATE", PUBLIC_PAGE_RATE))


def _file_rate() -> str:
    return str(getattr(settings, "TTHC_PUBLIC_FILE_RATE", PUBLIC_FILE_RATE))


def _too_many(request: HttpRequest) -> HttpResponse:
    return rate_limited(request, None)


public_page = limits.limit(PUBLIC_PAGE_SCOPE, public_page_rate, limits.client_address, refuse=_too_many)


def public_file(kind: str) -> Callable[[View], View]:
    """A generated file (a report, open data): `kind`'s own allowance per address,
    counted before anything is generated."""
    decorate: Callable[[View], View] = limits.limit(f"public.file.{kind}", _file_rate, limits.client_address,
                                                    refuse=_too_many)
    return decorate
