"""The short verification code printed on a dossier's receipt.

Whoever holds the receipt may rate the dossier; nobody else can guess the code, because
it is a keyed hash (HMAC with the site's secret) of the dossier code. New codes are made
with the current key (SECRET_KEY); a code verifies under it or under an older key kept
by `tthc secret_rotate` (SECRET_KEY_FALLBACKS), so printed receipts survive a rotation.
Replacing the key without keeping the old one invalidates every printed code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings

# Base32 without the letters and digits people confuse on paper (0/O, 1/I/L).
_ALPHABET = str.maketrans({"0": "", "1": "", "O": "", "I": "", "L": ""})
LENGTH = 8
# Named after the app's first label (feedback) and never to change: receipts already
# printed carry codes made with it.
_SALT = b"tthc.feedback.receipt-code"


def _code_under(key: str, dossier_code: str) -> str:
    digest = hmac.new(key.encode() + _SALT, dossier_code.encode(), hashlib.sha256).digest()
    text = base64.b32encode(digest).decode().translate(_ALPHABET)
    return text[:LENGTH]


def verification_code(dossier_code: str) -> str:
    return _code_under(settings.SECRET_KEY, dossier_code)


def normalise(code: str) -> str:
    """What a citizen types: any case, spaces or dashes. Only ASCII letters and digits
    can be part of a code; anything else (an "Đ" typed by mistake) is dropped."""
    return "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())


def verify(dossier_code: str, code: str) -> bool:
    typed = normalise(code)
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())]
    # Every key is tried (no early return): the time taken does not tell which matched.
    matches = [hmac.compare_digest(_code_under(key, dossier_code), typed) for key in keys]
    return any(matches)
