"""Small filters of the dashboards (numbers themselves: `tthc.web` so_lieu)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

from tthc.dashboards.selectors import share_step
from tthc.site import names

register = template.Library()


@register.filter
def muc_diem(value: Any, maximum: Any) -> str:
    """The CSS class of an indicator's points out of its maximum (muc-0 … muc-3, by the
    shares of `selectors.SHARE_STEPS`; na for N/A): `{{ v|muc_diem:spec.max_points }}`."""
    return share_step(value, maximum)


@register.filter
def diem2(value: Any) -> str:
    """A mean with two decimals, Vietnamese style (14,25); N/A as —."""
    if value is None or value == "":
        return "—"
    text = f"{Decimal(str(value)).quantize(Decimal('0.01'), ROUND_HALF_UP):f}"
    return text.replace(".", ",")



@register.filter
def ten(item: Any, layout: Any = None) -> str:
    """The name of an indicator, group or subject in the page's language (`names.name`):
    `{{ spec|ten }}`, `{{ group|ten:results.layout }}` for a row with only a code."""
    return names.name(item, layout)


@register.filter
def xep_loai(row: Any, subject: Any) -> str:
    """A row's class label in the page's language: `{{ row|xep_loai:results.layout.agency }}`."""
    return names.class_label(subject, row["class_code"], row["class_label"])


@register.filter
def ten_cap(level: Any) -> str:
    """A level's name in the page's language: `{{ level|ten_cap }}` (a row with kind and label)."""
    return names.level(level["kind"], level["label"])


@register.filter
def xep_loai_tu_cham(row: Any, subject: Any) -> str:
    """The self-assessed class of an agency's row, like `xep_loai`."""
    return names.class_label(subject, row["self_class_code"], row["self_class_label"])


@register.filter
def ma_chi_so(specs: Any) -> str:
    """Indicators' short codes joined ("CS1, CS2"), so that a sentence naming them stays
    one translatable sentence."""
    return ", ".join(spec.short for spec in specs)
