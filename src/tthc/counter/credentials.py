"""What a counter tablet holds: its device token, and a ticket for each dossier it shows.

The token is issued once (`tthc counter_device_add`), typed on the tablet, and kept in a
signed, HTTP-only cookie; the database keeps only its SHA-256 (`token_hash`), so a
copy of the database cannot bind a tablet. A ticket is signed by the server when the
tablet is shown a dossier: a rating queued offline and delivered later carries it,
which proves that this device really showed that dossier, even after the official has
sent the next one.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core import signing

# Letters and digits people do not confuse when copying from paper: no 0/O, 1/I/L.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_SIZE = 6, 4  # 24 characters of 31 symbols ≈ 119 bits

COOKIE_NAME = "tthc_thiet_bi"
COOKIE_SALT = "tthc.counter.device-cookie"
# Chromium caps a cookie's lifetime at 400 days; the kiosk page renews it on every load.
COOKIE_MAX_AGE = 400 * 24 * 3600

TICKET_SALT = "tthc.counter.serving-ticket"
# How long a tablet may hold a queued rating before delivering it (a long outage).
TICKET_MAX_AGE = 7 * 24 * 3600


def token_new() -> str:
    """A fresh device token, in groups of four: ``ABCD-EFGH-…`` (shown to its owner once)."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE))
    return "-".join(chars[i:i + GROUP_SIZE] for i in range(0, len(chars), GROUP_SIZE))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_candidates(typed: str) -> list[str]:
    """The token as typed (stripped), and as issued when typed in any case or grouping.

    Tokens of other shapes (set by hand or by another system) are matched verbatim.
    """
    raw = typed.strip()
    chars = "".join(ch for ch in raw.upper() if ch.isalnum())
    candidates = [raw]
    if len(chars) == GROUPS * GROUP_SIZE and all(ch in ALPHABET for ch in chars):
        canonical = "-".join(chars[i:i + GROUP_SIZE] for i in range(0, len(chars), GROUP_SIZE))
        if canonical != raw:
            candidates.append(canonical)
    return candidates


@dataclass(frozen=True)
class Ticket:
    device_id: int
    dossier_id: int
    serving_since: datetime


def ticket_sign(*, device_id: int, dossier_id: int, serving_since: datetime) -> str:
    return signing.dumps({"v": device_id, "d": dossier_id, "s": serving_since.timestamp()},
                         salt=TICKET_SALT, compress=False)


def ticket_read(ticket: str) -> Ticket | None:
    """The ticket's content, or None when it is forged, malformed or too old."""
    try:
        data = signing.loads(ticket, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
        return Ticket(int(data["v"]), int(data["d"]), datetime.fromtimestamp(float(data["s"]), tz=UTC))
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
        return None
