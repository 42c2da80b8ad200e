"""Indicator 2 — time taken by each unit taking part (TT 01/2018 art. 13.2).

Each processing step is scored like indicator 1 against its own due date; a dossier
scores its lowest step, or indicator 1 when no step has both dates. An agency's value
is the mean of the steps it performed (coordinating units included), or its
dossiers' when it performed none (``method``).
"""

from __future__ import annotations

import numpy as np

from tthc.engine.columns import Ints, StepColumns
from tthc.engine.dossier import TIMING_VI, Point, StepPoint, fmt_date, timing_of
from tthc.engine.facts import Step

from .i1_handling_time import timing_points
from .parameters import Nd61Parameters

CODE = "2"
_NO_STEP = 99  # above any points: "no usable step" in the column form


def explain_step(step: Step, p: Nd61Parameters) -> StepPoint:
    if step.due_at is None or step.finished_at is None:
        missing = "hạn xử lý" if step.due_at is None else "ngày kết thúc"
        return StepPoint(step.seq, step.unit_code, None,
                         f"Bước {step.seq} ({step.unit_code}): thiếu {missing}, không tính.")
    timing = timing_of(step.finished_at, step.due_at)
    points = p.timing_points[timing.value]
    return StepPoint(step.seq, step.unit_code, points,
                     f"Bước {step.seq} ({step.unit_code}): hạn {fmt_date(step.due_at)}, "
                     f"kết thúc {fmt_date(step.finished_at)} — {TIMING_VI[timing]} → {points} điểm.")


def explain(steps: tuple[StepPoint, ...], i1: Point) -> Point:
    usable = [s for s in steps if s.points is not None]
    lines = tuple(s.evidence for s in steps)
    if not usable:
        return Point(i1.points, "fallback_i1", (
            *lines,
            "Không có bước xử lý đủ hạn và ngày kết thúc: lấy điểm chỉ số 1.",
        ))
    lowest = min(s.points for s in usable if s.points is not None)
    return Point(lowest, "steps", (*lines, f"Điểm của hồ sơ là điểm thấp nhất của các bước: {lowest}."))


def step_points(steps: StepColumns, p: Nd61Parameters) -> Ints:
    """Every step's points (-1: a date missing)."""
    return timing_points(steps.finished_day, steps.due_day, p)


def count(n_dossiers: int, rows: Ints, steps: StepColumns, usable: np.ndarray, points: Ints,
          i1: Ints) -> Ints:
    """The lowest usable step of each scored dossier (`rows`), or its indicator 1."""
    lowest = np.full(n_dossiers, _NO_STEP, dtype=np.int64)
    np.minimum.at(lowest, steps.dossier[usable], points[usable])
    return np.where(lowest[rows] == _NO_STEP, i1, lowest[rows])
