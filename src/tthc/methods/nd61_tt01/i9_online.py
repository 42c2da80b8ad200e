"""Indicator 9 — progress and quality of online public services (TT 01/2018 art. 13.9).

The share of the unit's procedures offered online (level 3, 4), the share of dossiers
received online, and no online dossier late or left overdue, against
``online.thresholds``. Computed per unit from the period's counts, once, for both
paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from tthc.engine.dossier import Point
from tthc.engine.facts import Procedure, UnitProcedure

from .parameters import Nd61Parameters
from .units import pct

CODE = "9"


def point(*, assigned: Sequence[UnitProcedure], procedures: dict[str, Procedure],
                 received: int, received_online: int, online_late: int,
                 p: Nd61Parameters) -> Point:
    """I9 — online services offered, dossiers received online, none late or left."""
    if not assigned:
        return Point(None, "none", ("Đơn vị không có thủ tục trong danh mục: không áp dụng.",))
    if received == 0:
        return Point(None, "none", ("Đơn vị không tiếp nhận hồ sơ nào trong kỳ: không áp dụng.",))
    offered = sum(
        1 for e in assigned
        if (procedure := procedures.get(e.procedure_code)) is not None and procedure.offered_online
    )
    procedures_share = Fraction(offered, len(assigned))
    dossiers_share = Fraction(received_online, received)
    clean = online_late == 0
    if (procedures_share >= p.online_two_procedures
            and dossiers_share >= p.online_two_dossiers and clean):
        points = 2
    elif (offered >= p.online_one_procedures_min
          and dossiers_share >= p.online_one_dossiers and clean):
        points = 1
    else:
        points = 0
    return Point(points, "record", (
        f"Thủ tục có dịch vụ công trực tuyến mức 3, 4: {offered}/{len(assigned)} = "
        f"{pct(procedures_share)}.",
        f"Hồ sơ tiếp nhận trong kỳ nộp trực tuyến: {received_online}/{received} = "
        f"{pct(dossiers_share)}.",
        f"Hồ sơ trực tuyến quá hạn hoặc quá hạn chưa giải quyết: {online_late} → {points} điểm.",
    ))
