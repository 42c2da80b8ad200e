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
from tthc.engine.evidence import EvidenceTable, UnitEvidence, rule_used
from tthc.engine.facts import Procedure, Unit, UnitKind, UnitProcedure
from tthc.engine.rules import RuleSet

from .parameters import Nd61Parameters
from .units import pct

CODE = "5"
PARAMETER = "desk.decided_share"
LEVELS_VI = {UnitKind.PROVINCE_AGENCY: "sở, ban, ngành", UnitKind.DISTRICT: "cấp huyện",
             UnitKind.COMMUNE: "cấp xã", UnitKind.PROVINCE: "cấp tỉnh",
             UnitKind.SERVICE_CENTRE: "trung tâm phục vụ hành chính công"}


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


def _yes_no(value: bool | None) -> str:
    return "Có" if value is True else "Không" if value is False else "Chưa xác nhận"


def explain(unit: Unit, assigned: Sequence[UnitProcedure], procedures: dict[str, Procedure],
            rules: RuleSet, p: Nd61Parameters) -> UnitEvidence:
    """The point, each procedure on the list with where it is received and decided
    (those not at the desk first), and the share the unit's level must reach."""
    found = point(unit, assigned, procedures, p)

    def row(entry: UnitProcedure) -> tuple[str, ...]:
        procedure = procedures.get(entry.procedure_code)
        exempt = procedure is not None and procedure.desk_exempt is True
        return (entry.procedure_code, procedure.name if procedure else "",
                "Được miễn" if exempt else _yes_no(entry.at_desk),
                "—" if exempt else _yes_no(entry.decided_at_desk))

    ordered = sorted(assigned, key=lambda e: (e.at_desk is True, e.decided_at_desk is True, e.procedure_code))
    table = EvidenceTable(
        "Thủ tục trong danh mục của đơn vị: chưa tiếp nhận, trả kết quả tại Bộ phận Một cửa trước",
        ("Mã thủ tục", "Tên thủ tục", "Tiếp nhận, trả kết quả tại Bộ phận Một cửa",
         "Bộ phận Một cửa tự thẩm định, phê duyệt"),
        tuple(row(e) for e in ordered))
    threshold = p.desk_decided_share.get(unit.kind.value)
    used = () if threshold is None else (rule_used(
        rules, PARAMETER, f"Tỷ lệ thủ tục tự giải quyết tại Bộ phận Một cửa để đạt 2 điểm ({LEVELS_VI[unit.kind]})",
        pct(threshold)),)
    return UnitEvidence(found, (table,) if assigned else (), used)
