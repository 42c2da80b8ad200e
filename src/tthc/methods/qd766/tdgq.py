"""TDGQ — handling progress (2.1, 20 points): the share of the dossiers received or
handled in the period that were handled on time (methodology-qd766 §3).

`handling` places a dossier in the period once for every metric: received in it,
handled in it (received in it, or received earlier and finished in it or still open at
its start — refused and withdrawn ones included, their refusal or withdrawal being their
end), its result issued in it, and late or not:

- the processing end is the dossier's end; for one still open at the period's end, the
  day of a supplement request still waiting for the citizen, else the period's last day
  (so an open dossier already past its due date is late, one still within it is not);
- more than ``tdgq.max_supplements`` supplement requests make it late;
- the citizen's supplement time (request → completion) is subtracted from the end
  before the comparison with the due date, unless that date already moved for it (the
  request recorded a new due date, or the due date was computed with the pause);
- a dossier with no due date and no time limit to compute one is not late [DEFAULT].

A late dossier names the rule that made it late (``Handling.lost``, printed by the
drill-down and `tthc explain`): ended after its due date, still open at the period's
end past it, waiting for the citizen since after it, or too many supplement requests.

A refused or withdrawn dossier without an end date ended when it was received
[DEFAULT]. Dates compare as calendar days in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

import numpy as np

from tthc.engine.columns import STATUSES, Bools, Columns, Ints, SupplementColumns
from tthc.engine.dossier import Lost, fmt_date
from tthc.engine.facts import NOT_SCORED_STATUSES, Dossier, Status
from tthc.engine.periods import Period

from .metrics import (
    ASSUMED_LATE,
    NOT_HANDLED,
    DossierMetric,
    Handling,
    Part,
    Rows,
    Situation,
    costs,
    counted,
    outside,
)
from .parameters import Qd766Parameters

CODE = "ON_TIME"
CLOSED_VI = {Status.REFUSED: "bị từ chối", Status.WITHDRAWN: "được rút"}

# The rules that make a dossier late (``Lost.rule``), by how its processing ended.
AFTER_DUE = "after_due"  # finished, refused or withdrawn after its due date
OPEN_PAST_DUE = "open_past_due"  # still open at the period's end, past its due date
WAITING_PAST_DUE = "waiting_past_due"  # waiting for the citizen since after its due date
SUPPLEMENTS = "supplements"  # more supplement requests than allowed
# How the processing end was found (`handling`) → the rule and its words when late.
_END_RULES = {
    "finished": (AFTER_DUE, "Kết thúc xử lý ngày {end}, sau hạn giải quyết {due}"),
    "closed": (AFTER_DUE, "{closed} ngày {end}, sau hạn giải quyết {due}"),
    "waiting": (WAITING_PAST_DUE, "Chờ người nộp bổ sung từ ngày {end}, sau hạn giải quyết {due}"),
    "open": (OPEN_PAST_DUE, "Chưa giải quyết xong đến cuối kỳ ({end}), đã quá hạn giải quyết {due}"),
}


def handling(dossier: Dossier, due: datetime | None, due_recorded: bool, period: Period,
             p: Qd766Parameters) -> Handling:
    """The per-dossier form: the dossier's place in the period and why it is late."""
    start, end = period.start, period.end
    received_day = dossier.received_at.date()
    finished_day = dossier.finished_at.date() if dossier.finished_at else None
    closed = dossier.status in NOT_SCORED_STATUSES
    ended = finished_day if finished_day is not None or not closed else received_day
    handled = received_day <= end and (ended is None or ended >= start)
    received = start <= received_day <= end
    finished = not closed and finished_day is not None and start <= finished_day <= end
    evidence: list[str] = []
    if ended is not None and ended <= end:
        processing_end = ended
        if closed:
            how = "closed"
            evidence.append(f"Hồ sơ {CLOSED_VI[dossier.status]} ngày {fmt_date(ended)}: đó là ngày kết thúc xử lý.")
        else:
            how = "finished"
            evidence.append(f"Kết thúc xử lý ngày {fmt_date(ended)}.")
    else:
        pending = [s.requested_at.date() for s in dossier.supplements
                   if s.requested_at is not None and s.requested_at.date() <= end
                   and (s.completed_at is None or s.completed_at.date() > end)]
        if pending:
            how, processing_end = "waiting", min(pending)
            evidence.append(f"Chưa xong đến cuối kỳ, đang chờ người nộp bổ sung từ ngày "
                            f"{fmt_date(processing_end)}: tính đến ngày yêu cầu bổ sung.")
        else:
            how, processing_end = "open", end
            evidence.append(f"Chưa giải quyết xong đến cuối kỳ: tính đến ngày cuối kỳ {fmt_date(end)}.")
    requests = sum(1 for s in dossier.supplements if s.requested_at is None or s.requested_at.date() <= end)
    subtracted = 0
    if p.subtract_supplement_time and due_recorded:
        for s in dossier.supplements:
            if (s.requested_at is not None and s.completed_at is not None and s.new_due_at is None
                    and s.requested_at.date() <= s.completed_at.date() <= end):
                days = (s.completed_at.date() - s.requested_at.date()).days
                subtracted += days
                if days:
                    evidence.append(f"Trừ {days} ngày người nộp bổ sung hồ sơ ({fmt_date(s.requested_at.date())}"
                                    f" → {fmt_date(s.completed_at.date())}).")
    lost = _late_text(requests, processing_end, subtracted, due.date() if due else None, p, evidence,
                      how, CLOSED_VI.get(dossier.status, ""))
    deadline = (date.fromordinal(due.date().toordinal() + subtracted)
                if due is not None and requests <= p.max_supplements else None)
    return Handling(handled, received, finished, bool(lost), tuple(evidence), lost=lost, deadline=deadline)


def _late_text(requests: int, processing_end: date, subtracted: int, due: date | None,
               p: Qd766Parameters, evidence: list[str], how: str, closed: str) -> tuple[Lost, ...]:
    """Whether the dossier is late, as the rule that made it late (empty: not late)."""
    if requests > p.max_supplements:
        evidence.append(f"{requests} lần yêu cầu bổ sung (quá {p.max_supplements} lần) → trễ hạn.")
        return (Lost(SUPPLEMENTS, f"Yêu cầu bổ sung {requests} lần (quá {p.max_supplements} lần)"),)
    if due is None:
        evidence.append("Không xác định được hạn giải quyết: không tính là trễ hạn.")
        return ()
    compared = date.fromordinal(processing_end.toordinal() - subtracted)
    late = compared > due
    shown = f"{fmt_date(compared)} (sau khi trừ)" if subtracted else fmt_date(compared)
    evidence.append(f"So với hạn {fmt_date(due)}: kết thúc {shown} → {'trễ hạn' if late else 'đúng hạn'}.")
    if not late:
        return ()
    rule, words = _END_RULES[how]
    text = words.format(end=fmt_date(processing_end), due=fmt_date(due), closed=f"Hồ sơ {closed}")
    if subtracted:
        text += f" (đã trừ {subtracted} ngày người nộp bổ sung)"
    return (Lost(rule, text),)


def assumed_late(h: Handling) -> Handling:
    """`h` as if the dossier's processing ended after its deadline (what is at stake,
    ``stake``), with that as the rule behind it."""
    after = f" {fmt_date(h.deadline)}" if h.deadline is not None else ""
    return replace(h, late=True, lost=(Lost(ASSUMED_LATE, f"Giả định kết thúc xử lý sau hạn{after}"),))


@dataclass(frozen=True)
class HandlingColumns:
    handled: Bools
    received: Bools
    finished: Bools
    late: Bools


def handling_columns(columns: Columns, period: Period, p: Qd766Parameters) -> HandlingColumns:
    """The column form of ``handling`` for every dossier of the period."""
    cols, sup = columns.dossiers, columns.supplements
    n, start, end = len(cols), period.start.toordinal(), period.end.toordinal()
    closed = np.isin(cols.status, [STATUSES.index(s.value) for s in NOT_SCORED_STATUSES])
    finished_day = cols.finished_day
    ended = np.where((finished_day < 0) & closed, cols.received_day, finished_day)  # -1: open
    handled = (cols.received_day <= end) & ((ended < 0) | (ended >= start))
    received = (cols.received_day >= start) & (cols.received_day <= end)
    finished = ~closed & (finished_day >= start) & (finished_day <= end)
    requested, completed, new_due = _supplement_days(sup)
    rows = sup.dossier
    valid = rows >= 0
    open_at_end = (ended < 0) | (ended > end)
    waiting = valid & (requested >= 0) & (requested <= end) & ((completed < 0) | (completed > end))
    pending = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(pending, rows[waiting], requested[waiting])
    processing_end = np.where(~open_at_end, ended, np.where(pending < np.iinfo(np.int64).max, pending, end))
    asked = valid & ((requested < 0) | (requested <= end))
    requests = np.bincount(rows[asked], minlength=n)[:n]
    subtracted = np.zeros(n, dtype=np.int64)
    if p.subtract_supplement_time:
        paused = (valid & (requested >= 0) & (completed >= requested) & (completed <= end)
                  & (new_due < 0))
        np.add.at(subtracted, rows[paused], (completed - requested)[paused])
        recorded = cols.due_recorded if cols.due_recorded is not None else np.ones(n, dtype=np.bool_)
        subtracted = np.where(recorded, subtracted, 0)
    due = cols.due_day
    late = (requests > p.max_supplements) | ((due >= 0) & (processing_end - subtracted > due))
    return HandlingColumns(handled, received, finished, late)


def _supplement_days(sup: SupplementColumns) -> tuple[Ints, Ints, Ints]:
    if sup.requested_day is None or sup.completed_day is None or sup.new_due is None:
        raise ValueError("qd766 needs the supplement requests' days (record_fields: supplements.days)")
    return sup.requested_day, sup.completed_day, sup.new_due


def _explain(s: Situation) -> Part:
    h = s.handling
    if not h.handled:
        return outside(NOT_HANDLED)
    return costs(h.lost, *h.evidence) if h.late else counted(*h.evidence)


def _count(rows: Rows) -> tuple[Bools, Bools]:
    return rows.handled, rows.handled & ~rows.late


ON_TIME = DossierMetric(CODE, (), _explain, _count)
