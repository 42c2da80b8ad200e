"""Indicator 1 — total handling time against the legal limit (TT 01/2018 art. 13.1).

Early 2, on time 1, late 0 (``timing.points``), comparing the calendar dates of the
end of processing and the effective due date. The same timing gives indicators 2
(per step) and 7 (with its own points when late).
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

from tthc.engine.columns import MISSING, Ints
from tthc.engine.dossier import TIMING_VI, Lost, Point, Timing, fmt_date, timing_of
from tthc.engine.facts import Dossier

from .parameters import Nd61Parameters

CODE = "1"

# Why a finished dossier kept less than the most points: the rule it met, in the
# decree's words (the drill-down filters the dossiers by it).
LOST = {
    Timing.ON_TIME: Lost("on_time", "Trả kết quả đúng hẹn, không sớm hơn hạn"),
    Timing.LATE: Lost("late", "Trả kết quả sau hạn giải quyết"),
}


def explain(dossier: Dossier, due: datetime | None, due_evidence: tuple[str, ...],
            p: Nd61Parameters) -> tuple[Point, Timing | None]:
    if dossier.finished_at is None:
        return Point(None, "none", ("Hồ sơ chưa có ngày kết thúc xử lý.",)), None
    if due is None:
        return Point(None, "none", due_evidence), None
    timing = timing_of(dossier.finished_at, due)
    points = p.timing_points[timing.value]
    lost = (LOST[timing],) if timing in LOST and points < max(p.timing_points.values()) else ()
    return Point(points, "record", (
        *due_evidence,
        f"Kết thúc xử lý {fmt_date(dossier.finished_at)} — {TIMING_VI[timing]} "
        f"(so sánh theo ngày) → {points} điểm.",
    ), lost), timing


def timing_points(finished: Ints, due: Ints, p: Nd61Parameters, late: int | None = None) -> Ints:
    """The column form of the timing rule: day numbers in, points out (-1: no date)."""
    tp = p.timing_points
    late_points = tp["late"] if late is None else late
    points = np.where(finished < due, tp["early"], np.where(finished == due, tp["on_time"], late_points))
    return np.where((finished >= 0) & (due >= 0), points, MISSING).astype(np.int64)


def count(finished: Ints, due: Ints, p: Nd61Parameters) -> Ints:
    return timing_points(finished, due, p)
