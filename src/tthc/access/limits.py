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
from functools import lru_cache, wraps
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.http import HttpRequest, HttpResponse

from .models import LimitCounter

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Whose TTHC_CLIENT_IP_HEADER is believed when the setting is not given: a proxy on this host.
DEFAULT_TRUSTED_PROXIES = ("127.0.0.1", "::1")


class Rate(NamedTuple):
    limit: int
    period: int  # seconds

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"10/m"`` → 10 a minute; s, m, h and d are understood."""
        number, _, unit = text.partition("/")
        return cls(int(number), UNITS[unit.strip().lower()[:1]])


def now() -> float:
    """The limits' clock (Unix seconds); tests freeze or advance it."""
    return time.time()


def _header_name(header: str) -> str:
    """`X-Forwarded-For` or Django's `HTTP_X_FORWARDED_FOR`: both name the same header."""
    name = header.strip().upper().replace("-", "_")
    return name if name.startswith("HTTP_") or name == "REMOTE_ADDR" else f"HTTP_{name}"


Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parsed(text: str) -> Address | None:
    """An address, `::ffff:a.b.c.d` read as the IPv4 address it is (a dual-stack bind
    reports IPv4 clients so); None for anything else."""
    try:
        parsed = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped
    return parsed


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    # Each entry was checked when the settings were read (tthc.site.settings).
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_proxies() -> tuple[Network, ...]:
    """settings.TTHC_TRUSTED_PROXIES: a list, or a comma-separated text, of addresses and networks."""
    value = getattr(settings, "TTHC_TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES)
    entries = value.split(",") if isinstance(value, str) else value
    return _networks(tuple(str(entry).strip() for entry in entries if str(entry).strip()))


def _trusted(address: Address) -> bool:
    return any(address in network for network in trusted_proxies())


def client_address(request: HttpRequest) -> str:
    """The client's address, IPv6 reduced to its /64 (one household, one counter).

    Behind a reverse proxy, settings.TTHC_CLIENT_IP_HEADER names the header the proxy
    sets. It is read only when the connection comes from a trusted proxy
    (settings.TTHC_TRUSTED_PROXIES, loopback by default): anyone else sending it is
    making their address up. Of a list ("what the client claimed, …, what the proxies
    saw"), entries are read from the right, past those of trusted proxies: the first
    other one is the client; what lies to its left is the client's word. Unset, or no
    address in the header: the connection's own address.
    """
    client = _parsed(str(request.META.get("REMOTE_ADDR", "")))
    header = getattr(settings, "TTHC_CLIENT_IP_HEADER", None)
    if header and client is not None and _trusted(client):
        for entry in reversed(str(request.META.get(_header_name(header), "")).split(",")):
            hop = _parsed(entry)
            if hop is None:
                break
            client = hop
            if not _trusted(hop):
                break
    if client is None:
        return "unknown"
    if client.version == 6:
        return str(ipaddress.ip_network(f"{client}/64", strict=False).network_address)
    return str(client)


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
    table, key_column, count_column = (connection.ops.quote_name(name) for name in
                                       (LimitCounter._meta.db_table, "key", "count"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_column}, {count_column}, wait_until, expires) VALUES (%s, 1, 0, %s) "
            f"ON CONFLICT ({key_column}) DO UPDATE SET "
            f"{count_column} = CASE WHEN {table}.expires <= %s THEN 1 ELSE {table}.{count_column} + 1 END, "
            f"expires = CASE WHEN {table}.expires <= %s THEN excluded.expires ELSE {table}.expires END "
            f"RETURNING {count_column}",
            [key_of(scope, who), t + rate.period, t, t])
        (counted,) = cursor.fetchone()
    if counted == 1:
        # A window opened: a moment to drop the counters whose windows have closed.
        LimitCounter.objects.filter(expires__lt=t).delete()
    return int(counted)


def over(scope: str, who: str, rate: Rate | str) -> bool:
    """Count one request and say whether it goes over the limit: one atomic step, so
    requests in flight together cannot all pass a check made before any is counted."""
    rate = Rate.parse(rate) if isinstance(rate, str) else rate
    return hit(scope, who, rate) > rate.limit


def forgive(scope: str, who: str) -> None:
    """Take back one request counted by `over` (e.g. a code counted before it was checked,
    and found right); one UPDATE, never below zero, nothing once the window has closed."""
    LimitCounter.objects.filter(key=key_of(scope, who), count__gt=0, expires__gt=now()).update(
        count=F("count") - 1)


def failed_lookup(scope: str, what: str, rate: Rate | str, address: str, address_rate: Rate | str) -> bool:
    """A look-up of `what` (a token) found nothing: count it against `what`, and say
    whether either limit is passed.

    First against the client's address, under a generous ceiling of failures: an address
    past it is refused without counting `what`, so made-up values stop adding rows to the
    table. Only failures reach here — a good token is looked up first and never held back
    by someone else's bad ones behind the same proxy.
    """
    if over(f"{scope}.address", address, address_rate):
        return True
    return over(scope, what, rate)


def limit(scope: str, rate: Callable[[], str] | str, key: Callable[[HttpRequest], str],
          methods: tuple[str, ...] = (),
          refuse: Callable[[HttpRequest], HttpResponse] | None = None) -> Callable[..., Any]:
    """Count a view's requests (those of `methods`, or all) per `key(request)`. The view
    reads `request.limited` and answers as its clients expect (a page, JSON); or, given
    `refuse`, a request over the limit gets `refuse(request)` and the view is not run."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            counted = not methods or request.method in methods
            limited = counted and over(scope, key(request), rate() if callable(rate) else rate)
            request.limited = limited  # type: ignore[attr-defined]
            if limited and refuse is not None:
                return refuse(request)
            return view(request, *args, **kwargs)
        return wrapper
    return decorate
