"""Indicator 5 — receiving, handling and returning at the One-Stop desk (TT 01/2018 art. 13.5).

Every procedure on the unit's list (those exempt aside) received and returned at the
desk, and a share decided there by level (``desk.decided_share``): 2; all at the desk
but fewer decided there: 1; any procedure outside the desk: 0. Computed per unit, once,
for both paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from tthc.engine.dossier import Point
from tthc.engine.facts import Procedure, Unit, UnitProcedure

from .parameters import Nd61Parameters
from .units import pct

CODE = "5"


def point(unit: Unit, assigned: Sequence[UnitProcedure],
               procedures: dict[str, Procedure], p: Nd61Parameters) -> Point:
    """I5 — received and returned at the desk; share decided at the desk by level."""
    def exempt(entry: UnitProcedure) -> bool:
        procedure = procedures.get(entry.procedure_code)
        return procedure is not None and procedure.desk_exempt is True

    counted = [e for e in assigned if not exempt(e)]
    if not counted:
        return Point(None, "none", ("Không có thủ tục thuộc diện thực hiện qua Bộ phận Một cửa: "
                                    "không áp dụng.",))
    outside = [e.procedure_code for e in counted if e.at_desk is not True]
    lines = [f"{len(counted)} thủ tục thực hiện qua Bộ phận Một cửa "
             f"({len(assigned) - len(counted)} thủ tục được miễn)."]
    if outside:
        lines.append(f"{len(outside)} thủ tục chưa tiếp nhận, trả kết quả tại Bộ phận Một cửa "
                     f"(hoặc chưa xác nhận): {', '.join(sorted(outside)[:10])} → 0 điểm.")
        return Point(0, "catalogue", tuple(lines))
    decided = sum(1 for e in counted if e.decided_at_desk is True)
    share = Fraction(decided, len(counted))
    threshold = p.desk_decided_share[unit.kind.value]
    points = 2 if share >= threshold else 1
    lines.append(f"100% tiếp nhận, trả kết quả tại Bộ phận Một cửa; tự giải quyết {decided}/"
                 f"{len(counted)} = {pct(share)} (ngưỡng {pct(threshold)} với cấp này) → "
                 f"{points} điểm.")
    return Point(points, "catalogue", tuple(lines))
