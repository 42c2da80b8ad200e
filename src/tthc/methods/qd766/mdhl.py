"""MDHL — satisfaction (18 points), methodology-qd766 §3:

- 5.4 `DOSSIER_RECEIVING_SATISFACTION`: over the denominator of 2.1, 100% minus the
  share that is late and the share with a petition about the dossier or a negative
  rating (``mdhl.negative_ratings``): numerator = denominator − late − (not late but
  petitioned or rated negatively), so a late dossier rated negatively counts once;
- 5.2 `PETITION_PROCESSING_ON_TIME`: petitions received or handled in the period
  answered within ``mdhl.petition_answer_working_days`` working days of receipt
  (``mdhl.petition_refusal_working_days`` when refused), or still open and within them at
  the period's end;
- 5.3 `PETITION_HANDLING_SATISFACTION`: petitions first received in the period neither
  rated negatively by the citizen, nor followed by a new petition about the same result,
  nor answered late;
- `PETITION_CLASSIFICATION_TTHC` / `_STAFF`: the share of the period's petitions about
  procedures / about officials' conduct, tracked, not scored (maximum 0).

The petition metrics are computed per unit, once, for both paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from tthc.engine.calendar import WorkingCalendar
from tthc.engine.columns import SATISFACTIONS, Bools
from tthc.engine.dossier import fmt_date
from tthc.engine.facts import Petition
from tthc.engine.periods import Period

from . import ratios
from .metrics import DossierMetric, Figures, Part, Rows, Situation, flag
from .parameters import Qd766Parameters

ON_TIME = "PETITION_PROCESSING_ON_TIME"
SATISFIED = "PETITION_HANDLING_SATISFACTION"
ABOUT_RULES = "PETITION_CLASSIFICATION_TTHC"
ABOUT_STAFF = "PETITION_CLASSIFICATION_STAFF"
_SATISFACTION_VI = {"dissatisfied": "không hài lòng", "very_dissatisfied": "rất không hài lòng"}


def _satisfaction(s: Situation) -> Part:
    h = s.handling
    if not h.handled:
        return False, False, ("Hồ sơ không được tiếp nhận hay giải quyết trong kỳ: không thuộc mẫu số.",)
    if h.late:
        return True, False, ("Hồ sơ trễ hạn (chỉ số 2.1).",)
    rating = s.dossier.rating.satisfaction if s.dossier.rating else None
    why = []
    if s.petitions:
        why.append(f"Có phản ánh, kiến nghị về hồ sơ: {', '.join(x.code for x in s.petitions)}.")
    if rating in s.p.negative_ratings:
        why.append(f"Người dân đánh giá {_SATISFACTION_VI.get(rating or '', rating)}.")
    if why:
        return True, False, ("Hồ sơ đúng hạn.", *why)
    return True, True, ("Hồ sơ đúng hạn, không có phản ánh, kiến nghị hay đánh giá không hài lòng.",)


def _satisfaction_count(rows: Rows) -> tuple[Bools, Bools]:
    negative = np.isin(rows.cols.rating_satisfaction, [SATISFACTIONS.index(x) for x in rows.p.negative_ratings])
    return rows.handled, rows.handled & ~rows.late & ~rows.petitioned & ~negative


SATISFACTION = DossierMetric("DOSSIER_RECEIVING_SATISFACTION", (), _satisfaction, _satisfaction_count)


def petitions_about_dossiers(petitions: Sequence[Petition], period: Period) -> dict[str, list[Petition]]:
    """Petitions naming a dossier, received by the period's end, by dossier code (5.4)."""
    found: dict[str, list[Petition]] = {}
    for x in petitions:
        if x.dossier_code is not None and x.received_at is not None and x.received_at.date() <= period.end:
            found.setdefault(x.dossier_code, []).append(x)
    return found


@dataclass(frozen=True, slots=True)
class _Timing:
    petition: Petition
    deadline: date
    late: bool
    words: str


def answer_deadline(x: Petition, calendar: WorkingCalendar, p: Qd766Parameters) -> date:
    """The last day a petition may be answered (or refused) on time."""
    assert x.received_at is not None
    days = p.refusal_working_days if flag(x.refused) else p.answer_working_days
    return calendar.add_working_days(x.received_at.date(), days)


def _timing(x: Petition, period: Period, calendar: WorkingCalendar, p: Qd766Parameters,
            assumed_late: bool = False) -> _Timing:
    assert x.received_at is not None
    refused = flag(x.refused)
    days = p.refusal_working_days if refused else p.answer_working_days
    deadline = answer_deadline(x, calendar, p)
    kind = "từ chối" if refused else "trả lời"
    if x.answered_at is not None and x.answered_at.date() <= period.end:
        late = x.answered_at.date() > deadline
        words = (f"{x.code}: {kind} ngày {fmt_date(x.answered_at.date())}, hạn {fmt_date(deadline)} "
                 f"({days} ngày làm việc)")
    else:
        late = period.end > deadline
        words = f"{x.code}: chưa {kind} đến cuối kỳ, hạn {fmt_date(deadline)} ({days} ngày làm việc)"
    return _Timing(x, deadline, late or assumed_late, words)


def unit_petitions(unit_code: str, petitions: Sequence[Petition], period: Period) -> list[Petition]:
    """A unit's petitions received or handled in the period (the denominator of 5.2)."""
    start, end = period.start, period.end
    return [x for x in petitions if x.unit_code == unit_code and x.received_at is not None
            and x.received_at.date() <= end and (x.answered_at is None or x.answered_at.date() >= start)]


def petition_figures(unit_code: str, petitions: Sequence[Petition], period: Period,
                     calendar: WorkingCalendar, p: Qd766Parameters, maxima: dict[str, Decimal],
                     assumed_late: frozenset[str] = frozenset()) -> dict[str, Figures]:
    """5.2, 5.3 and the two tracked shares of one unit; the petitions `assumed_late` (by
    code) counted as answered late, whatever their answer (what is at stake, ``stake``)."""
    start, end = period.start, period.end
    mine = [x for x in petitions if x.unit_code == unit_code and x.received_at is not None
            and x.received_at.date() <= end]
    handled = unit_petitions(unit_code, mine, period)
    timings = {x.code: _timing(x, period, calendar, p, x.code in assumed_late) for x in handled}
    late = [t for t in timings.values() if t.late]
    found: dict[str, Figures] = {}
    on_time = len(handled) - len(late)
    found[ON_TIME] = ratios.scaled(
        on_time, len(handled), maxima[ON_TIME], p.scales[ON_TIME], what="phản ánh, kiến nghị xử lý đúng hạn",
        empty="Không có phản ánh, kiến nghị trong kỳ", more=[f"Trễ hạn — {t.words}." for t in late])

    first = [x for x in handled if x.received_at is not None and x.received_at.date() >= start]
    followed = {x.follow_up_of for x in mine if x.follow_up_of is not None}
    unhappy = []
    for x in first:
        reasons = []
        if x.citizen_rating == "negative":
            reasons.append("người dân đánh giá không hài lòng")
        if x.code in followed:
            reasons.append("có phản ánh lại về cùng kết quả")
        if timings[x.code].late:
            reasons.append("trả lời trễ hạn")
        if reasons:
            unhappy.append(f"{x.code}: {', '.join(reasons)}")
    found[SATISFIED] = ratios.scaled(
        len(first) - len(unhappy), len(first), maxima[SATISFIED], p.scales[SATISFIED],
        what="phản ánh, kiến nghị tiếp nhận trong kỳ được xử lý hài lòng",
        empty="Không có phản ánh, kiến nghị tiếp nhận trong kỳ", more=[f"Không tính — {r}." for r in unhappy])

    for code, kind, words in ((ABOUT_RULES, "rules", "về quy định TTHC"), (ABOUT_STAFF, "conduct",
                                                                            "về hành vi cán bộ")):
        count = sum(1 for x in first if x.kind == kind)
        found[code] = Figures(count, len(first), None, (
            f"{ratios.pct(count, len(first))} phản ánh, kiến nghị {words} (theo dõi, không chấm điểm).",))
    return found
