"""A dossier code as people type it, read as the code on the record: one module for
every page where a code is typed.

Codes reach people on paper (the receipt, the appointment slip) and are typed back on a
phone or a keyboard: in lower case, with spaces where the slip has dashes ("demo stp
2020 018233"), with dots, or with no separator at all.

- Citizens (the rating page, the petition form, petition tracking): `dossier_code_lookup`
  compares the letters and digits in order (`code_key`) and refuses to guess between two
  codes that differ only in their separators.
- Staff (the header's search box): `staff_code_candidates` turns the text into the few
  forms a code may have, each looked up exactly on the unique index; some real codes
  carry dots or lower case letters (portal codes such as H11.07-250701-0001).
"""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Value
from django.db.models.functions import Replace, Upper

from .models import Dossier

# What may stand between the parts of a code: spaces, dots, dashes (ASCII and the ones a
# phone's keyboard substitutes), underscores and slashes. Letters and digits never do.
SEPARATORS = " .-_/\u00a0\u2010\u2011\u2012\u2013\u2014\u2212\t"


SEPARATOR_RUN = re.compile("[" + re.escape(SEPARATORS) + "]+")


def folded(text: str) -> str:
    """The typed text as both readers see it: NFKC (a full-width "２" from a phone keyboard
    is the digit 2) and upper case."""
    return unicodedata.normalize("NFKC", text or "").upper()


def code_key(text: str) -> str:
    """The letters, digits and any other characters of a code, in order and upper case,
    without separators: "demo.stp 2020-018233" and "DEMO-STP-2020-018233" share one key."""
    return SEPARATOR_RUN.sub("", folded(text))


def stored_code_key():  # type: ignore[no-untyped-def]
    """`code_key` of the stored code, computed by the database (SQLite and PostgreSQL)."""
    expression = Upper("code")
    # The ASCII separators only: a stored code with another one is found as typed, or not
    # at all — never as some other dossier.
    for separator in " .-_/":
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def dossier_code_lookup(text: str) -> str | None:
    """The stored code of the dossier the typed text names, or None.

    The code as typed (or in upper case) is looked up first, on the index. Otherwise the
    code whose key equals the typed key is the one meant — when exactly one has it: two
    codes that differ only in their separators are both refused rather than guessed at.
    """
    typed = (text or "").strip()
    if not typed or not typed.isprintable():  # PostgreSQL refuses NUL in a query
        return None
    for candidate in dict.fromkeys((typed, typed.upper())):
        if Dossier.objects.filter(code=candidate).exists():
            return candidate
    key = code_key(typed)
    if not key:
        return None
    # A scan, not the index, taken only when the code was not typed as stored (a quarter
    # of a second for 360,000 dossiers on SQLite). Joining the parts with dashes would hit
    # the index, but could not tell "A-B" from "A.B" without this scan anyway.
    found = list(Dossier.objects.annotate(code_key=stored_code_key()).filter(code_key=key)
                 .values_list("code", flat=True)[:2])
    return found[0] if len(found) == 1 else None


# -- staff: the header's search box ----------------------------------------------------

MAX_LENGTH = 64  # Dossier.code's
_SPACES = re.compile(r"\s+")


def _cleaned(typed: str) -> str:
    text = _SPACES.sub(" ", typed or "").strip()
    return text if text and len(text) <= MAX_LENGTH and text.isprintable() else ""


def staff_code_normalise(typed: str) -> str:
    """The code's usual form: `folded`, any run of the separators `code_key` drops as one
    dash ("demo.stp 2020_018233" → DEMO-STP-2020-018233) — so it has the typed text's key;
    "" for text that can be no code (blank, too long, control characters)."""
    return SEPARATOR_RUN.sub("-", folded(_cleaned(typed))).strip("-")


def staff_code_candidates(typed: str) -> list[str]:
    """The codes a staff member's typed text may stand for, the text as typed first."""
    text = _cleaned(typed)
    if not text:
        return []
    upper = folded(text)
    forms = [text, upper, staff_code_normalise(text),
             # Spaces alone stand for dashes, the dots kept (portal codes).
             upper.replace(" ", "-"),
             # Spaces typed into a code that has none.
             upper.replace(" ", "")]
    return list(dict.fromkeys(form for form in forms if form))
