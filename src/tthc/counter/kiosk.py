"""The counter tablet (kiosk): bound once to a device, then one question per dossier.

The tablet proves which device it is with a signed, HTTP-only cookie holding the device
token (set by the bind form; see credentials.py). Its script reads the state and sends
ratings as JSON; the rating endpoint keeps Django's CSRF check, with the token taken
from the page. Rate limits count per device — the one its cookie proves, signature and
token checked — and otherwise per client address: a cookie made up or changed at will
counts with the address. A wrong token typed at binding counts against that token, not
the address: tablets share the office's proxy, and one mistyping tablet must not bar the
others; the address has only a generous ceiling of wrong tokens, past which they are
refused uncounted (made-up tokens add no rows to the counters' table).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tthc.access import limits
from tthc.access.gates import rate_limited
from tthc.ratings.models import Satisfaction
from tthc.ratings.services import client_fingerprint

from . import selectors
from .credentials import COOKIE_MAX_AGE, COOKIE_NAME, COOKIE_SALT, token_candidates, token_hash
from .forms import BindForm
from .models import CounterDevice
from .services import CounterRefused, counter_device_refusal_count, kiosk_rating_submit

# Timings of the tablet's screen in milliseconds: (default, lowest, highest). Tests and
# a province's trial may shorten them with ?reset_ms=…&idle_ms=…&poll_ms=….
TIMINGS = {
    "reset_ms": (6000, 300, 60000),   # the thank-you stays this long
    "idle_ms": (90000, 1000, 600000),  # untouched this long: back to the welcome screen
    "poll_ms": (5000, 300, 60000),    # asks the server for the next dossier this often
}
SATISFACTION_BUTTONS = [(choice.value, choice.label) for choice in Satisfaction]
_LABELS_EN = {
    "very_satisfied": "Very satisfied", "satisfied": "Satisfied", "neutral": "Neutral",
    "dissatisfied": "Dissatisfied", "very_dissatisfied": "Very dissatisfied",
}


def _token(request: HttpRequest) -> str | None:
    value = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    return value or None


def _device(request: HttpRequest) -> CounterDevice | None:
    """The device the cookie proves (looked up once per request: the limit asks first)."""
    if not hasattr(request, "_kiosk_device"):
        token = _token(request)
        request._kiosk_device = selectors.device_for_token(token) if token else None  # type: ignore[attr-defined]
    return request._kiosk_device  # type: ignore[attr-defined,no-any-return]


def _bind_cookie(response: HttpResponse, token: str) -> None:
    response.set_signed_cookie(COOKIE_NAME, token, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE,
                               path="/quay/", httponly=True, samesite="Strict",
                               secure=settings.SESSION_COOKIE_SECURE)


def _rate_key(request: HttpRequest) -> str:
    """A bound tablet counts alone (several may share an address); anything else, a
    cookie that proves no active device included, counts with its address."""
    device = _device(request)
    return f"device:{device.pk}" if device is not None else f"address:{limits.client_address(request)}"


def _error(status: int, code: str, message_vi: str, message_en: str) -> JsonResponse:
    # The JSON API's one error shape (tthc.api.http.error_response), field included.
    return JsonResponse({"error": {"code": code, "message_vi": message_vi, "message_en": message_en,
                                   "field": None}}, status=status)


NOT_BOUND = ("not_bound", "Máy tính bảng chưa được gắn với thiết bị đánh giá nào.",
             "This tablet is not bound to a counter device.")
# Wrong tokens typed at binding, per token (its case and grouping aside); and per client
# address, all tokens together — a desk's admin binding tablets mistypes far fewer.
BIND_FAILURE_RATE = "10/m"
BIND_FAILURE_ADDRESS_RATE = "60/m"
TOO_MANY = ("rate_limited", "Quá nhiều yêu cầu; xin thử lại sau.", "Too many requests; try again later.")


def _timings(request: HttpRequest) -> dict[str, int]:
    chosen = {}
    for name, (default, low, high) in TIMINGS.items():
        try:
            chosen[name] = min(max(int(request.GET.get(name, default)), low), high)
        except ValueError:
            chosen[name] = default
    return chosen


@require_GET
@limits.limit("counter.kiosk", "60/m", _rate_key)
def kiosk(request: HttpRequest) -> HttpResponse:
    if request.limited:
        return rate_limited(request, None)
    token, device = _token(request), _device(request)
    if token is None or device is None:
        return redirect("counter:kiosk_bind")
    state = selectors.kiosk_state(device=device)
    response = render(request, "counter/kiosk.html", {
        "device": device, "state": state, "timings": _timings(request),
        "buttons": [(value, label, _LABELS_EN[value]) for value, label in SATISFACTION_BUTTONS],
    })
    _bind_cookie(response, token)  # renewed: the cookie would expire after 400 days
    add_never_cache_headers(response)
    patch_vary_headers(response, ["Cookie"])
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def kiosk_bind(request: HttpRequest) -> HttpResponse:
    """Bind this browser to a device by typing its token (done once, by the desk's admin)."""
    form = BindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = selectors.device_for_token(form.cleaned_data["token"])
        typed = "".join(ch for ch in form.cleaned_data["token"].upper() if ch.isalnum())
        if device is None and limits.failed_lookup("counter.bind-failed", typed, BIND_FAILURE_RATE,
                                                   limits.client_address(request), BIND_FAILURE_ADDRESS_RATE):
            # Counted only when wrong: the right token always binds, whoever mistyped before.
            return rate_limited(request, None)
        if device is not None:
            response = redirect("counter:kiosk")
            # The hash matched one of the token's spellings; store the one that is issued.
            token = next(t for t in token_candidates(form.cleaned_data["token"])
                         if token_hash(t) == device.token_hash)
            _bind_cookie(response, token)
            return response
        # Vietnamese keeps its English half, as it always had; the English page says it once.
        form.add_error("token", _("Khóa thiết bị không đúng hoặc thiết bị đã ngừng sử dụng. "
                                  "/ Wrong token, or the device is no longer in use."))
    current = _device(request)
    response = render(request, "counter/kiosk_bind.html", {"form": form, "current": current})
    add_never_cache_headers(response)
    return response


@require_GET
@limits.limit("counter.kiosk_status", "120/m", _rate_key)
def kiosk_status(request: HttpRequest) -> JsonResponse:
    """What the tablet should show now; polled every few seconds."""
    if request.limited:
        return _error(429, *TOO_MANY)
    device = _device(request)
    if device is None:
        return _error(401, *NOT_BOUND)
    response = JsonResponse(selectors.kiosk_state(device=device).as_json())
    add_never_cache_headers(response)
    return response


@require_POST
@limits.limit("counter.kiosk_rate", "30/m", _rate_key)
def kiosk_rate(request: HttpRequest) -> JsonResponse:
    """Store one tap. A resend of a stored rating, and a rating of a dossier already rated,
    both answer 200: the tablet thanks the citizen either way and drops it from its queue."""
    if request.limited:
        return _error(429, *TOO_MANY)
    device = _device(request)
    if device is None:
        return _error(401, *NOT_BOUND)
    try:
        body: Any = json.loads(request.body or b"{}")
        ticket, satisfaction = str(body["ticket"]), str(body["satisfaction"])
        client_id = uuid.UUID(str(body["client_id"]))
        age_ms = int(body.get("age_ms", 0))
    except (ValueError, KeyError, TypeError, AttributeError):
        counter_device_refusal_count(device=device, code="bad_request")
        return _error(400, "bad_request", "Dữ liệu gửi lên không hợp lệ.", "Malformed rating.")
    address, agent = limits.client_address(request), request.META.get("HTTP_USER_AGENT", "")[:512]
    try:
        outcome = kiosk_rating_submit(device=device, ticket=ticket, satisfaction=satisfaction,
                                      client_id=client_id, age_ms=age_ms,
                                      fingerprint=client_fingerprint(address=address, user_agent=agent))
    except CounterRefused as refusal:
        counter_device_refusal_count(device=device, code=refusal.code)
        return _error(400, refusal.code, refusal.message_vi, refusal.message_en)
    return JsonResponse({"status": outcome.status}, status=201 if outcome.status == "created" else 200)
