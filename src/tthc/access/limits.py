"""Rate limits counted in one table that every worker sees (docs/operations.md, "Limits
and where they are stored").

Each limit is a fixed window opened by its key's first request: at most `limit`
requests per `period` seconds, whichever gunicorn worker answers. The counter is one
row (`LimitCounter`) changed by a single INSERT … ON CONFLICT … RETURNING, atomic on
SQLite and PostgreSQL alike. Django's database cache was the other candidate: its
`incr` is a read followed by a write (two workers lose a count, the very looseness to
remove), and past MAX_ENTRIES it culls entries, so a flood of made-up keys would evict
real counters. Keys are keyed hashes: the table holds no address, user name or token.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse

from .models import LimitCounter

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class Rate(NamedTuple):
    limit: int
    period: int  # seconds

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"10/m"`` → 10 a minute; s, m, h and d are understood."""
        count, _, unit = text.partition("/")
        return cls(int(count), UNITS[unit.strip().lower()[:1]])


def now() -> float:
    """The limits' clock (Unix seconds); tests freeze or advance it."""
    return time.time()


def _header_name(header: str) -> str:
    """`X-Forwarded-For` or Django's `HTTP_X_FORWARDED_FOR`: both name the same header."""
    name = header.strip().upper().replace("-", "_")
    return name if name.startswith("HTTP_") or name == "REMOTE_ADDR" else f"HTTP_{name}"


def client_address(request: HttpRequest) -> str:
    """The client's address, IPv6 reduced to its /64 (one household, one counter).

    Behind a reverse proxy, settings.TTHC_CLIENT_IP_HEADER names the header the proxy
    sets; of a list ("what the client claimed, …, what the proxy saw") the right-most
    entry is the one our proxy wrote, the others are the client's word. Unset, or
    missing from a request that did not pass the proxy: the connection's own address.
    """
    header = getattr(settings, "TTHC_CLIENT_IP_HEADER", None)
    candidates = [str(request.META.get(_header_name(header), "")).split(",")[-1]] if header else []
    for candidate in [*candidates, str(request.META.get("REMOTE_ADDR", ""))]:
        try:
            parsed = ipaddress.ip_address(candidate.strip())
        except ValueError:
            continue
        if parsed.version == 6:
            return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
        return str(parsed)
    return "unknown"


def keyed(*parts: str) -> str:
    """A keyed hash of `parts`: what a counter's key holds instead of them."""
    key = settings.SECRET_KEY.encode() + b"tthc.access.limits"
    return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()[:40]


def key_of(scope: str, who: str) -> str:
    return f"{scope}:{keyed(scope, who)}"


def hit(scope: str, who: str, rate: Rate | str) -> int:
    """Count one request of `who` under `scope`; the count in the window, this one included."""
    rate = Rate.parse(rate) if isinstance(rate, str) else rate
    t = now()
    table, key, count = (connection.ops.quote_name(name) for name in
                         (LimitCounter._meta.db_table, "key", "count"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key}, {count}, wait_until, expires) VALUES (%s, 1, 0, %s) "
            f"ON CONFLICT ({key}) DO UPDATE SET "
            f"{count} = CASE WHEN {table}.expires <= %s THEN 1 ELSE {table}.{count} + 1 END, "
            f"expires = CASE WHEN {table}.expires <= %s THEN excluded.expires ELSE {table}.expires END "
            f"RETURNING {count}",
            [key_of(scope, who), t + rate.period, t, t])
        (counted,) = cursor.fetchone()
    if counted == 1:
        # A window opened: a moment to drop the counters whose windows have closed.
        LimitCounter.objects.filter(expires__lt=t).delete()
    return int(counted)


def over(scope: str, who: str, rate: Rate | str) -> bool:
    """Count one request and say whether it goes over the limit."""
    rate = Rate.parse(rate) if isinstance(rate, str) else rate
    return hit(scope, who, rate) > rate.limit


def count(scope: str, who: str) -> int:
    """How many requests the current window holds, without counting one."""
    row = LimitCounter.objects.filter(key=key_of(scope, who), expires__gt=now()).values_list("count").first()
    return row[0] if row else 0


def limit(scope: str, rate: Callable[[], str] | str, key: Callable[[HttpRequest], str],
          methods: tuple[str, ...] = ()) -> Callable[..., Any]:
    """Count a view's requests (those of `methods`, or all) per `key(request)`; the view
    reads `request.limited` and answers as its clients expect (a page, JSON)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            counted = not methods or request.method in methods
            request.limited = counted and over(  # type: ignore[attr-defined]
                scope, key(request), rate() if callable(rate) else rate)
            return view(request, *args, **kwargs)
        return wrapper
    return decorate
