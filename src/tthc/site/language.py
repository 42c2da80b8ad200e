"""The page's language for the messages services keep in both languages.

Refusals (``message_vi``, ``message_en``) carry both: the JSON API sends both, a page
shows the one of its language (LocaleMiddleware's choice; Vietnamese by default).
"""

from __future__ import annotations

from django.utils import translation


def in_language(vi: str, en: str) -> str:
    """`en` on an English page, else `vi`."""
    return en if (translation.get_language() or "").split("-")[0] == "en" else vi
