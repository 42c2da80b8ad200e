"""Back-off of failed log-ins, for every log-in form: the site's (/dang-nhap/) and the
admin's (docs/operations.md, "Limits and where they are stored").

`LoginBackOff` is the first authentication backend: Django asks it before any password
is checked, so no form can skip it. Three counters, in `limits`' table:

- the account, from one address: 5 attempts, then waits;
- the account, from any address: 10 attempts, then waits (guessing spread over many
  addresses);
- the address, any account: only failures count, TTHC_LOGIN_OFFICE_FAILURES (100) of
  them before that address waits too — high enough for an office behind one address,
  low enough to slow someone trying many accounts. Made-up user names count as well:
  counting only real ones would tell a guesser which names exist.

The address's wait does not hold an account that logged in from that address in the
last 30 days (a keyed hash of the pair, remembered in the same table): someone trying
account after account behind an office's address slows the accounts nobody uses there,
not the colleagues who work there — each of whose own counters still slow guessing at it.

Past its free attempts, each counter makes the next attempt wait
TTHC_LOGIN_BACKOFF_SECONDS (30 s), twice as long after each further failure, at most
15 minutes; a counter is forgotten a day after its last failure. A successful log-in
clears its account's counters: a colleague's guessing never bars the right password
for another account, and the account's owner gets in once the wait is over. An attempt
is counted before its password is checked, under a row lock, so that guesses sent to
several workers at once cannot slip through together; a refused attempt checks nothing
and counts nothing (hammering does not lengthen the owner's wait).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from . import limits
from .models import LimitCounter

FREE_FROM_ONE_ADDRESS = 5
FREE_FROM_ANY_ADDRESS = 10
LONGEST_WAIT = 15 * 60
FORGOTTEN_AFTER = 24 * 3600
# How long a successful log-in from an address keeps that account clear of the address's wait.
REMEMBERED_FOR = 30 * 24 * 3600
KNOWN_PREFIX = "login.known:"


def delay(failures: int, free: int) -> float:
    """Seconds the next attempt waits after `failures` counted attempts."""
    if failures < free:
        return 0.0
    first = float(getattr(settings, "TTHC_LOGIN_BACKOFF_SECONDS", 30))
    return min(float(LONGEST_WAIT), first * 2 ** min(failures - free, 20))


def _account(username: str) -> str:
    name = unicodedata.normalize("NFC", username).strip().casefold()
    return limits.keyed("login.account", name)


def _address(address: str) -> str:
    return "login.address:" + limits.keyed("login.address", address)


def _pair_prefix(username: str) -> str:
    return f"login.pair:{_account(username)}:"


def _known(username: str, address: str) -> str:
    """The key remembering that `username` logged in from `address`."""
    return KNOWN_PREFIX + limits.keyed("login.known", _account(username), address)


def _locked(keys: list[str], t: float) -> list[LimitCounter]:
    """The counters of `keys`, created if need be and locked until the transaction ends.

    Creating comes first: an INSERT takes SQLite's write lock, and on PostgreSQL the rows
    then exist to be locked FOR UPDATE; concurrent attempts queue here, in key order."""
    LimitCounter.objects.bulk_create([LimitCounter(key=key, expires=t + FORGOTTEN_AFTER) for key in keys],
                                     ignore_conflicts=True)
    rows = list(LimitCounter.objects.select_for_update().filter(key__in=keys).order_by("key"))
    for row in rows:
        if row.expires <= t:
            row.count, row.wait_until = 0, 0.0
    return rows


def _count(row: LimitCounter, free: int, t: float) -> None:
    row.count += 1
    row.wait_until = t + delay(row.count, free)
    row.expires = t + FORGOTTEN_AFTER


def attempt(username: str, address: str | None) -> int:
    """Take one log-in attempt (counted now), or the whole seconds to wait first."""
    t = limits.now()
    counted = {"login.account:" + _account(username): FREE_FROM_ANY_ADDRESS}
    watched = []
    if address is not None:
        counted[_pair_prefix(username) + limits.keyed("login.address", address)] = FREE_FROM_ONE_ADDRESS
        if not LimitCounter.objects.filter(key=_known(username, address), expires__gt=t).exists():
            watched.append(_address(address))
    with transaction.atomic():
        rows = _locked(sorted([*counted, *watched]), t)
        wait = max(row.wait_until - t for row in rows)
        if wait > 0:
            return math.ceil(wait)
        for row in rows:
            if row.key in counted:
                _count(row, counted[row.key], t)
        LimitCounter.objects.bulk_update(rows, ["count", "wait_until", "expires"])
    return 0


def failed(address: str) -> None:
    """A wrong password from `address`, whatever the account."""
    t = limits.now()
    with transaction.atomic():
        (row,) = _locked([_address(address)], t)
        _count(row, int(getattr(settings, "TTHC_LOGIN_OFFICE_FAILURES", 100)), t)
        row.save(update_fields=["count", "wait_until", "expires"])


def succeeded(username: str, address: str | None) -> None:
    """The right password: the account starts afresh (from this address and from any),
    and is remembered at this address for REMEMBERED_FOR."""
    keys = ["login.account:" + _account(username)]
    if address is not None:
        keys.append(_pair_prefix(username) + limits.keyed("login.address", address))
        LimitCounter.objects.bulk_create(
            [LimitCounter(key=_known(username, address), expires=limits.now() + REMEMBERED_FOR)],
            update_conflicts=True, unique_fields=["key"], update_fields=["expires"])
    LimitCounter.objects.filter(key__in=keys).delete()


def unlock(username: str) -> int:
    """Forget the account's failures from every address (`tthc unlock`); how many counters."""
    deleted, _ = LimitCounter.objects.filter(
        Q(key="login.account:" + _account(username)) | Q(key__startswith=_pair_prefix(username))).delete()
    return deleted


class LoginBackOff:
    """Refuses, before any password check, an attempt that must wait; else lets the next
    backend (ModelBackend) check the password.

    Only `authenticate`: without `get_user` and permission methods Django never picks it
    to keep a session (force_login) nor asks it about permissions."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if username is None:
            return None
        wait = attempt(str(username), limits.client_address(request) if request is not None else None)
        if wait:
            if request is not None:
                request.login_wait = wait  # type: ignore[attr-defined]
            raise PermissionDenied  # Django stops at once: no other backend checks the password
        return None


def on_login_failed(sender: object, credentials: dict[str, Any], request: HttpRequest | None = None,
                    **kwargs: Any) -> None:
    if request is not None and not getattr(request, "login_wait", 0):
        failed(limits.client_address(request))


def on_logged_in(sender: object, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    succeeded(user.get_username(), limits.client_address(request) if request is not None else None)


def wait_message(seconds: int) -> str:
    """How long to wait, in the page's language (seconds under two minutes, else minutes)."""
    if seconds < 120:
        return ngettext("Đăng nhập sai quá nhiều lần. Xin thử lại sau %(n)d giây.",
                        "Đăng nhập sai quá nhiều lần. Xin thử lại sau %(n)d giây.", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("Đăng nhập sai quá nhiều lần. Xin thử lại sau %(n)d phút.",
                    "Đăng nhập sai quá nhiều lần. Xin thử lại sau %(n)d phút.", minutes) % {"n": minutes}


class _WaitMessage:
    request: HttpRequest | None

    def get_invalid_login_error(self) -> forms.ValidationError:
        wait = getattr(self.request, "login_wait", 0)
        if wait:
            return forms.ValidationError(wait_message(wait), code="login_wait")
        return super().get_invalid_login_error()  # type: ignore[misc, no-any-return]


class LoginForm(_WaitMessage, AuthenticationForm):
    """The site's log-in form: the wait, when there is one, instead of "wrong password"."""


class AdminLoginForm(_WaitMessage, AdminAuthenticationForm):
    """The admin's, likewise (admin.site.login_form)."""


class LoginWaitMiddleware:
    """An attempt refused for its wait answers 429 with Retry-After, whichever form it
    came through (the site's and the admin's log-in pages render their form with 200)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        wait = getattr(request, "login_wait", 0)
        if wait and response.status_code == 200:
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response
