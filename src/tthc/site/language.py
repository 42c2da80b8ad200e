"""The language of a page: Vietnamese, or English when the visitor chose it.

Django's LocaleMiddleware would also follow the browser's Accept-Language, so a phone set
to English would open the site in English unasked. Here only the cookie that the header's
language switcher sets (django.views.i18n.set_language, settings.LANGUAGE_COOKIE_NAME)
counts; without it every page is in LANGUAGE_CODE (docs/translation.md).

Refusals (``message_vi``, ``message_en``) carry both languages: the JSON API sends both,
a page shows the one of its language (``in_language``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The language of the switcher's cookie when it is one of settings.LANGUAGES."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES):
        return str(chosen)
    return str(settings.LANGUAGE_CODE)


def in_language(vi: str, en: str) -> str:
    """`en` on an English page, else `vi`."""
    return en if (translation.get_language() or "").split("-")[0] == "en" else vi


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            # Not left active for whatever this thread runs next (a command, a test).
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        # A cache must not hand one visitor's language to another.
        patch_vary_headers(response, ("Cookie",))
        return response
