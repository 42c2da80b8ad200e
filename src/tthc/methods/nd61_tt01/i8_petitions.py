"""Indicator 8 — receiving and answering petitions (TT 01/2018 art. 13.8).

Over the petitions whose answer was due in the period: none 2; any prolonged 0;
otherwise the share answered on time against ``petitions.shares``. Computed per unit,
once, for both paths.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from tthc.engine.dossier import Point
from tthc.engine.facts import Petition, Unit
from tthc.engine.periods import Period

from .parameters import Nd61Parameters
from .units import pct

CODE = "8"


def point(unit: Unit, petitions: Iterable[Petition], period: Period,
                    p: Nd61Parameters) -> Point:
    """I8 — petitions whose answer was due in the period."""
    due = [p for p in petitions if p.unit_code == unit.code and p.answer_due_at is not None
           and period.contains(p.answer_due_at.date())]
    if not due:
        return Point(2, "record", ("Không có phản ánh, kiến nghị đến hạn trả lời trong kỳ → 2 điểm.",))
    prolonged = [p.code for p in due if p.prolonged is True]
    if prolonged:
        return Point(0, "record", (f"{len(due)} phản ánh đến hạn trong kỳ; kéo dài: "
                                   f"{', '.join(prolonged)} → 0 điểm.",))
    on_time = sum(
        1 for p in due
        if p.answered_at is not None and p.answer_due_at is not None
        and p.answered_at.date() <= p.answer_due_at.date()
    )
    share = Fraction(on_time, len(due))
    if share >= p.petitions_two_share:
        points = 2
    elif share >= p.petitions_one_share:
        points = 1
    else:
        points = 0
    return Point(points, "record", (f"{on_time}/{len(due)} phản ánh trả lời đúng hạn = "
                                    f"{pct(share)}, không có phản ánh kéo dài → {points} điểm.",))
