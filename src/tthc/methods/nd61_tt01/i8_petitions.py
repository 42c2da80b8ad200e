"""Indicator 8 — receiving and answering petitions (TT 01/2018 art. 13.8).

Over the petitions whose answer was due in the period: none 2; any prolonged 0;
otherwise the share answered on time against ``petitions.shares``. Computed per unit,
once, for both paths.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from tthc.engine.dossier import Point, fmt_date, fmt_int
from tthc.engine.evidence import EvidenceTable, UnitEvidence, rule_used
from tthc.engine.facts import Petition, Unit
from tthc.engine.periods import Period
from tthc.engine.rules import RuleSet

from .parameters import Nd61Parameters
from .units import pct

CODE = "8"
PARAMETER = "petitions.shares"
# Not read here: the petitions app flags a petition as dragged on after this many days
# (tthc.petitions.deadlines); shown beside the point because it decides the 0.
PROLONGED_PARAMETER = "petitions.prolonged_after_days"


def _due(unit: Unit, petitions: Iterable[Petition], period: Period) -> list[Petition]:
    return [p for p in petitions if p.unit_code == unit.code and p.answer_due_at is not None
            and period.contains(p.answer_due_at.date())]


def _on_time(petition: Petition) -> bool:
    return (petition.answered_at is not None and petition.answer_due_at is not None
            and petition.answered_at.date() <= petition.answer_due_at.date())


def point(unit: Unit, petitions: Iterable[Petition], period: Period,
                    p: Nd61Parameters) -> Point:
    """I8 — petitions whose answer was due in the period."""
    due = _due(unit, petitions, period)
    if not due:
        return Point(2, "record", ("Không có phản ánh, kiến nghị đến hạn trả lời trong kỳ → 2 điểm.",))
    prolonged = [p.code for p in due if p.prolonged is True]
    if prolonged:
        return Point(0, "record", (f"{len(due)} phản ánh đến hạn trong kỳ; kéo dài: "
                                   f"{', '.join(prolonged)} → 0 điểm.",))
    on_time = sum(1 for p in due if _on_time(p))
    share = Fraction(on_time, len(due))
    if share >= p.petitions_two_share:
        points = 2
    elif share >= p.petitions_one_share:
        points = 1
    else:
        points = 0
    return Point(points, "record", (f"{on_time}/{len(due)} phản ánh trả lời đúng hạn = "
                                    f"{pct(share)}, không có phản ánh kéo dài → {points} điểm.",))


def _state(petition: Petition) -> str:
    if petition.prolonged is True:
        return "Kéo dài"
    if petition.answered_at is None:
        return "Chưa trả lời, quá hạn"
    return "Trả lời trễ hạn"


def explain(unit: Unit, petitions: Iterable[Petition], period: Period, rules: RuleSet,
            p: Nd61Parameters) -> UnitEvidence:
    """The point, the petitions due in the period that were late or dragged on (with
    their dates), and the shares of the rule data."""
    petitions = list(petitions)
    found = point(unit, petitions, period, p)
    late = sorted((q for q in _due(unit, petitions, period) if q.prolonged is True or not _on_time(q)),
                  key=lambda q: (q.answer_due_at, q.code))
    table = EvidenceTable(
        f"Phản ánh, kiến nghị đến hạn trong kỳ nhưng trả lời trễ hạn hoặc kéo dài: {fmt_int(len(late))}",
        ("Mã phản ánh", "Hồ sơ liên quan", "Ngày tiếp nhận", "Hạn trả lời", "Ngày trả lời", "Tình trạng"),
        tuple((q.code, q.dossier_code or "—", fmt_date(q.received_at), fmt_date(q.answer_due_at),
               fmt_date(q.answered_at) if q.answered_at else "Chưa trả lời", _state(q)) for q in late),
        dossier_column=1)
    used = [
        rule_used(rules, PARAMETER, "Tỷ lệ trả lời đúng hạn để đạt 2 điểm", pct(p.petitions_two_share)),
        rule_used(rules, PARAMETER, "Tỷ lệ trả lời đúng hạn để đạt 1 điểm", pct(p.petitions_one_share)),
    ]
    if PROLONGED_PARAMETER in rules.snapshot:
        used.append(rule_used(rules, PROLONGED_PARAMETER,
                              "Chưa trả lời quá hạn hơn số ngày này thì là kéo dài (0 điểm)",
                              f"{rules.snapshot[PROLONGED_PARAMETER]} ngày"))
    return UnitEvidence(found, (table,), tuple(used))
