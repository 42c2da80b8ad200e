"""Indicator 3 — times the applicant had to complete the dossier (TT 01/2018 art. 13.3).

Supplement requests not due to the applicant's fault are counted and read on the
ladder ``supplements.ladder`` (none 2, one 1, more 0).
"""

from __future__ import annotations

import numpy as np

from tthc.engine.columns import Ints, SupplementColumns, ladder_array
from tthc.engine.dossier import Point, fmt_date
from tthc.engine.facts import Dossier
from tthc.engine.rules import ladder_points

from .parameters import Nd61Parameters

CODE = "3"


def explain(dossier: Dossier, p: Nd61Parameters) -> Point:
    counted = [s for s in dossier.supplements if s.applicant_fault is not True]
    excused = len(dossier.supplements) - len(counted)
    points = ladder_points(p.supplements_ladder, len(counted))
    lines = [
        f"Yêu cầu bổ sung lần {s.seq}: ngày {fmt_date(s.requested_at)}"
        + (", do lỗi người nộp — không tính" if s.applicant_fault is True else "")
        + (f"; hẹn trả mới {fmt_date(s.new_due_at)}" if s.new_due_at else "")
        + "."
        for s in dossier.supplements
    ]
    summary = f"{len(counted)} lần yêu cầu bổ sung được tính"
    if excused:
        summary += f" ({excused} lần do lỗi người nộp không tính)"
    return Point(points, "record", (*lines, f"{summary} → {points} điểm."))


def count(n_dossiers: int, rows: Ints, supplements: SupplementColumns, p: Nd61Parameters) -> Ints:
    counted = supplements.applicant_fault != 1
    requests = np.bincount(supplements.dossier[counted], minlength=n_dossiers)
    return ladder_array(requests[rows], p.supplements_ladder)
