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
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from tthc.engine.calendar import WorkingCalendar
from tthc.engine.columns import SATISFACTIONS, Bools
from tthc.engine.dossier import Lost, fmt_date
from tthc.engine.facts import Petition
from tthc.engine.items import Item, ItemSection
from tthc.engine.periods import Period

from . import ratios
from .metrics import (
    ASSUMED_LATE,
    NOT_HANDLED,
    DossierMetric,
    Figures,
    Part,
    Rows,
    Situation,
    costs,
    counted,
    flag,
    outside,
)
from .parameters import Qd766Parameters

ON_TIME = "PETITION_PROCESSING_ON_TIME"
SATISFIED = "PETITION_HANDLING_SATISFACTION"
ABOUT_RULES = "PETITION_CLASSIFICATION_TTHC"
ABOUT_STAFF = "PETITION_CLASSIFICATION_STAFF"
_SATISFACTION_VI = {"dissatisfied": "không hài lòng", "very_dissatisfied": "rất không hài lòng"}


def _satisfaction(s: Situation) -> Part:
    h = s.handling
    if not h.handled:
        return outside(NOT_HANDLED)
    if h.late:
        # Late is counted once, whatever else the dossier met (a late dossier rated
        # negatively is not counted twice).
        return costs([Lost("late", f"Trễ hạn (chỉ số 2.1): {x.words}") for x in h.lost],
                     "Hồ sơ trễ hạn (chỉ số 2.1).")
    rating = s.dossier.rating.satisfaction if s.dossier.rating else None
    lost = []
    if s.petitions:
        lost.append(Lost("petition", f"Có phản ánh, kiến nghị về hồ sơ: {', '.join(x.code for x in s.petitions)}"))
    if rating in s.p.negative_ratings:
        lost.append(Lost("negative_rating", f"Người dân đánh giá {_SATISFACTION_VI.get(rating or '', rating)}"))
    if lost:
        return costs(lost, "Hồ sơ đúng hạn.", *(f"{x.words}." for x in lost))
    return counted("Hồ sơ đúng hạn, không có phản ánh, kiến nghị hay đánh giá không hài lòng.")


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
    days: int  # the time allowed, in working days
    answered: date | None  # answered (or refused) by the period's end
    taken: int  # working days after receipt up to the answer, or the period's end
    lost: tuple[Lost, ...]  # why it is late (empty: on time)
    words: str

    @property
    def late(self) -> bool:
        return bool(self.lost)


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
    received = x.received_at.date()
    deadline = answer_deadline(x, calendar, p)
    kind = "từ chối" if refused else "trả lời"
    within = f"hạn {fmt_date(deadline)} ({days} ngày làm việc)"
    answered = x.answered_at.date() if x.answered_at is not None and x.answered_at.date() <= period.end else None
    lost: tuple[Lost, ...] = ()
    if answered is not None:
        words = f"{x.code}: {kind} ngày {fmt_date(answered)}, {within}"
        if answered > deadline:
            lost = (Lost(f"{'refused' if refused else 'answered'}_late",
                         f"{kind.capitalize()} ngày {fmt_date(answered)}, sau {within}"),)
    else:
        words = f"{x.code}: chưa {kind} đến cuối kỳ, {within}"
        if period.end > deadline:
            lost = (Lost("open_past_due", f"Chưa {kind} đến cuối kỳ ({fmt_date(period.end)}), đã quá {within}"),)
    if assumed_late and not lost:
        # What is at stake (``stake``): the petition counted as if it ended after its deadline.
        lost = (Lost(ASSUMED_LATE, f"Giả định {kind} sau {within}"),)
    taken = calendar.working_days_between(received + timedelta(days=1), answered or period.end)
    return _Timing(x, deadline, days, answered, taken, lost, words)


def _lower_first(words: str) -> str:
    return words[:1].lower() + words[1:]


@dataclass(frozen=True, slots=True)
class _UnitPetitions:
    """One unit's petitions as 5.2 and 5.3 count them."""

    handled: list[Petition]  # received or handled in the period (5.2)
    first: list[Petition]  # first received in the period (5.3)
    timings: dict[str, _Timing]  # of `handled`, by code
    unhappy: dict[str, tuple[Lost, ...]]  # of `first`, why each is not counted (5.3)


def unit_petitions(unit_code: str, petitions: Sequence[Petition], period: Period) -> list[Petition]:
    """A unit's petitions received or handled in the period (the denominator of 5.2)."""
    start, end = period.start, period.end
    return [x for x in petitions if x.unit_code == unit_code and x.received_at is not None
            and x.received_at.date() <= end and (x.answered_at is None or x.answered_at.date() >= start)]


def _unit_petitions(unit_code: str, petitions: Sequence[Petition], period: Period,
                    calendar: WorkingCalendar, p: Qd766Parameters,
                    assumed_late: frozenset[str] = frozenset()) -> _UnitPetitions:
    start, end = period.start, period.end
    mine = [x for x in petitions if x.unit_code == unit_code and x.received_at is not None
            and x.received_at.date() <= end]
    handled = unit_petitions(unit_code, mine, period)
    timings = {x.code: _timing(x, period, calendar, p, x.code in assumed_late) for x in handled}
    first = [x for x in handled if x.received_at is not None and x.received_at.date() >= start]
    followed: dict[str, list[str]] = {}
    for x in mine:
        if x.follow_up_of is not None:
            followed.setdefault(x.follow_up_of, []).append(x.code)
    unhappy = {}
    for x in first:
        reasons = []
        if x.citizen_rating == "negative":
            reasons.append(Lost("negative_rating", "Người dân đánh giá không hài lòng với việc xử lý"))
        if x.code in followed:
            reasons.append(Lost("followed_up", f"Có phản ánh lại về cùng kết quả: {', '.join(followed[x.code])}"))
        reasons.extend(Lost("late", f"Xử lý trễ hạn (chỉ số 5.2): {_lower_first(why.words)}")
                       for why in timings[x.code].lost)
        if reasons:
            unhappy[x.code] = tuple(reasons)
    return _UnitPetitions(handled, first, timings, unhappy)


def petition_figures(unit_code: str, petitions: Sequence[Petition], period: Period,
                     calendar: WorkingCalendar, p: Qd766Parameters, maxima: dict[str, Decimal],
                     assumed_late: frozenset[str] = frozenset()) -> dict[str, Figures]:
    """5.2, 5.3 and the two tracked shares of one unit; the petitions `assumed_late` (by
    code) counted as answered late, whatever their answer (what is at stake, ``stake``)."""
    unit = _unit_petitions(unit_code, petitions, period, calendar, p, assumed_late)
    handled, first = unit.handled, unit.first
    late = [t for t in unit.timings.values() if t.late]
    found: dict[str, Figures] = {}
    on_time = len(handled) - len(late)
    found[ON_TIME] = ratios.scaled(
        on_time, len(handled), maxima[ON_TIME], p.scales[ON_TIME], what="phản ánh, kiến nghị xử lý đúng hạn",
        empty="Không có phản ánh, kiến nghị trong kỳ", more=[f"Trễ hạn — {t.words}." for t in late])
    found[SATISFIED] = ratios.scaled(
        len(first) - len(unit.unhappy), len(first), maxima[SATISFIED], p.scales[SATISFIED],
        what="phản ánh, kiến nghị tiếp nhận trong kỳ được xử lý hài lòng",
        empty="Không có phản ánh, kiến nghị tiếp nhận trong kỳ",
        more=[f"Không tính — {code}: {', '.join(_lower_first(x.words) for x in why)}."
              for code, why in unit.unhappy.items()])

    for code, kind, words in ((ABOUT_RULES, "rules", "về quy định TTHC"), (ABOUT_STAFF, "conduct",
                                                                            "về hành vi cán bộ")):
        count = sum(1 for x in first if x.kind == kind)
        found[code] = Figures(count, len(first), None, (
            f"{ratios.pct(count, len(first))} phản ánh, kiến nghị {words} (theo dõi, không chấm điểm).",))
    return found


PETITION_COLUMNS = ("Tiếp nhận", "Hạn xử lý", "Trả lời, từ chối", "Số ngày làm việc đã dùng", "Tình trạng cuối kỳ",
                    "Hồ sơ")


def _item(t: _Timing, lost: tuple[Lost, ...]) -> Item:
    x = t.petition
    assert x.received_at is not None
    refused = flag(x.refused)
    state = ("chưa trả lời" if t.answered is None else "đã từ chối tiếp nhận" if refused else "đã trả lời")
    return Item(x.code, (x.received_at.date(), t.deadline, t.answered, t.taken, state, x.dossier_code), lost)


def petition_sections(code: str, unit_code: str, petitions: Sequence[Petition], period: Period,
                      calendar: WorkingCalendar, p: Qd766Parameters) -> tuple[ItemSection, ...] | None:
    """The petitions behind 5.2 or 5.3 of one unit that did not count, each with why:
    the most working days taken first (None: `code` is neither)."""
    if code not in (ON_TIME, SATISFIED):
        return None
    unit = _unit_petitions(unit_code, petitions, period, calendar, p)
    if code == ON_TIME:
        title = "Phản ánh, kiến nghị xử lý trễ hạn"
        lost = {t.petition.code: t.lost for t in unit.timings.values() if t.late}
        denominator = len(unit.handled)
    else:
        title = "Phản ánh, kiến nghị tiếp nhận trong kỳ không được tính là xử lý hài lòng"
        lost, denominator = unit.unhappy, len(unit.first)
    worst = sorted(lost, key=lambda c: (-unit.timings[c].taken, c))
    items = tuple(_item(unit.timings[c], lost[c]) for c in worst)
    return (ItemSection("", title, PETITION_COLUMNS, denominator - len(items), denominator, items,
                        "dùng nhiều ngày làm việc nhất trước"),)
