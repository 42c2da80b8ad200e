"""What stands behind a figure a methodology counts over items other than dossiers —
petitions answered late, procedures with no dossier paid online: the items that did
not count, each with the rule that kept it out of the numerator.

A methodology's ``explain_items`` returns them for one unit and one indicator, as the
unit's page drills down to them; the engine and the pages know no indicator: the
section's title, its columns' headings and every item's facts are the methodology's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dossier import Lost

# A fact shown in an item's row: a date, a count, words, or nothing (None).
Fact = date | int | str | None


@dataclass(frozen=True, slots=True)
class Item:
    """One petition or procedure that did not count, what is known of it, and why."""

    code: str
    facts: tuple[Fact, ...]  # in the order of its section's `columns`
    lost: tuple[Lost, ...]


@dataclass(frozen=True, slots=True)
class ItemSection:
    """The items behind one ratio of a figure: `part` "" for the indicator's own ratio,
    else the name of the sub-ratio it stores (``Figure.parts``); `denominator` −
    `numerator` items are listed, worst first."""

    part: str
    title_vi: str  # "Phản ánh, kiến nghị xử lý trễ hạn"
    columns: tuple[str, ...]  # the facts' headings, Vietnamese
    numerator: int
    denominator: int
    items: tuple[Item, ...]
    order_vi: str = ""  # how the items are ordered, in words ("nhiều hồ sơ nhất trước")
