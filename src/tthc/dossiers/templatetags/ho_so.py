"""`{% ma_ho_so code %}`: a dossier code as a link to its page for staff, as plain text
for anyone else (the public pages show codes too, and the public has no dossier page).

Every staff page that shows a dossier code uses it, so that any code leads to the
dossier's record and explanation (issue 13).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def ma_ho_so(context: Any, code: Any) -> str:
    if not code:
        return ""
    viewer = context.get("viewer")  # tthc.web.context_processors.viewer
    if viewer is not None and viewer.is_staff_role:
        try:
            url = reverse("dossiers:dossier", args=[str(code)])
        except NoReverseMatch:  # a code the page's address cannot hold (a "/" in it)
            pass
        else:
            return format_html('<a class="code" href="{}">{}</a>', url, code)
    return format_html('<span class="code">{}</span>', code)
