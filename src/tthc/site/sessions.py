"""A staff log-in ends after a working day without a request.

SESSION_COOKIE_AGE (9 hours) counts from the session's last save. Django's
SESSION_SAVE_EVERY_REQUEST would make every staff page a database write — on SQLite a
writer that waits behind an import or a scoring run, where a page view should only read.
Instead, a logged-in session is saved again once RENEW_AFTER has passed since it was
last renewed, so the log-in ends between 8¾ and 9 hours after the last request.

Counter tablets do not log in (their signed device cookie is not a session), so this
never touches them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse

RENEW_AFTER = 15 * 60  # seconds
RENEWED_AT = "tthc.session_renewed_at"


def session_mark_renewed(*, request: HttpRequest, **kwargs: Any) -> None:
    """On log-in (user_logged_in): the new session starts its 9 hours now."""
    request.session[RENEWED_AT] = int(time.time())


class SessionRenewalMiddleware:
    """Below SessionMiddleware: a renewal marks the session modified, and
    SessionMiddleware then saves it and sends the cookie with a fresh max-age."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response  # no session: nothing to renew, and no query to ask
        session = getattr(request, "session", None)
        if session is None or session.get(SESSION_KEY) is None:
            return response  # not logged in (or logged out by this request)
        now = int(time.time())
        renewed = session.get(RENEWED_AT)
        if not isinstance(renewed, int) or now - renewed >= RENEW_AFTER:
            session[RENEWED_AT] = now
        return response
