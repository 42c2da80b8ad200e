"""The rule data's names in the page's language: indicators, groups, subjects and classes
carry an English name (`name_en`, `label_en`) beside the Vietnamese one, in the
methodology files and in the layout each run stores; the engine and the methodologies
have no Django, so the choice of which to show is made here, at render time.

Vietnamese (the default) always shows the `_vi` name, exactly as before. Under English
the English name is shown when the rule data has one; a name it lacks (an old run's
layout, a province's own class) stays Vietnamese rather than showing a code.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_lazy

# The levels a layout ranks are unit kinds (organisation.UnitKind); their Vietnamese
# names come from the model's choices, their English ones from the site's catalogue (src/tthc/site/locale).
LEVELS = {
    "province": gettext_lazy("Tỉnh"),
    "province_agency": gettext_lazy("Sở, ban, ngành"),
    "district": gettext_lazy("UBND cấp huyện"),
    "commune": gettext_lazy("UBND cấp xã"),
}


def english() -> bool:
    """Whether the request is being answered in English (LocaleMiddleware's choice)."""
    return (get_language() or "").startswith("en")


def name(item: Any, layout: Any = None) -> str:
    """An indicator's, group's or subject's name: `item` the rule object itself, a row
    holding it under "spec", or a row with only a "code" and "name" (looked up among the
    `layout`'s groups and indicators)."""
    if isinstance(item, dict):
        spec = item.get("spec")
        if spec is None and layout is not None:
            spec = next((x for x in (*layout.groups, *layout.indicators)
                         if x.code == item.get("code")), None)
        if spec is None:
            return str(item.get("name", ""))
        item = spec
    vi = getattr(item, "name_vi", None) or getattr(item, "label_vi", "")
    if not english():
        return str(vi)
    return str(getattr(item, "name_en", None) or getattr(item, "label_en", None) or vi)


def class_label(subject: Any, code: str, label: str) -> str:
    """A class's label under the page's language: `label` (the row's Vietnamese label) or
    the `subject` layout's English one for `code`. A band without an English label has
    its code there (engine.layout), which is no name: the Vietnamese label stays."""
    if not english() or subject is None:
        return label
    band = next((b for b in subject.classes if b.code == code), None)
    if band is None or not band.label_en or band.label_en == band.code:
        return label
    return str(band.label_en)


def level(kind: str, label: str) -> str:
    """A level's name (a unit kind); a kind this app does not know keeps its label."""
    return str(LEVELS[kind]) if english() and kind in LEVELS else label
