"""A dossier code as staff type it into the header's search box.

Staff copy codes from paper, the phone or another system: in lower case, with spaces or
dots where the record has dashes ("demo stp 2020 018233" for DEMO-STP-2020-018233).
Some real codes do carry dots or lower case letters (portal codes such as
H11.07-250701-0001), so the typed text is not rewritten into one form but into the few
forms a code may have, each looked up exactly (`code__in`, the unique index): no
case-insensitive scan of a million-row table.

The citizens' rating pages have their own, stricter reading of a receipt's code
(`tthc.ratings.codes.normalise`); this one is for staff only.
"""

from __future__ import annotations

import re

MAX_LENGTH = 64  # Dossier.code's
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s._\-–—/]+")


def _cleaned(typed: str) -> str:
    text = _SPACES.sub(" ", typed or "").strip()
    return text if text and len(text) <= MAX_LENGTH and text.isprintable() else ""


def staff_code_normalise(typed: str) -> str:
    """The code's usual form: upper case, any run of spaces, dots, underscores or dashes
    as one dash ("demo.stp 2020_018233" → DEMO-STP-2020-018233); "" for text that can be
    no code (blank, too long, control characters)."""
    return _SEPARATORS.sub("-", _cleaned(typed).upper()).strip("-")


def staff_code_candidates(typed: str) -> list[str]:
    """The codes a staff member's typed text may stand for, the text as typed first."""
    text = _cleaned(typed)
    if not text:
        return []
    upper = text.upper()
    forms = [text, upper, staff_code_normalise(text),
             # Spaces alone stand for dashes, the dots kept (portal codes).
             upper.replace(" ", "-"),
             # Spaces typed into a code that has none.
             upper.replace(" ", "")]
    return list(dict.fromkeys(form for form in forms if form))
