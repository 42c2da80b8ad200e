"""Indicator 9 — progress and quality of online public services (TT 01/2018 art. 13.9).

The share of the unit's procedures offered online (level 3, 4), the share of dossiers
received online, and no online dossier late or left overdue, against
``online.thresholds``. Computed per unit from the period's counts, once, for both
paths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from tthc.engine.dossier import Point, fmt_date, fmt_int
from tthc.engine.evidence import EvidenceTable, UnitEvidence, rule_used
from tthc.engine.facts import Procedure, UnitProcedure
from tthc.engine.rules import RuleSet

from .parameters import Nd61Parameters
from .units import pct

CODE = "9"
PARAMETER = "online.thresholds"
LEVELS_VI = {"partial": "Mức 3 (một phần)", "3": "Mức 3 (một phần)", "full": "Mức 4 (toàn trình)",
             "4": "Mức 4 (toàn trình)"}


@dataclass(frozen=True, slots=True)
class LateOnline:
    """An online dossier that counts against the point: finished late, or overdue and
    not finished at the period's end (`finished_at` None)."""

    code: str
    due_at: datetime | None
    finished_at: datetime | None


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


def explain(*, assigned: Sequence[UnitProcedure], procedures: dict[str, Procedure], received: int,
            received_online: int, late: Sequence[LateOnline], rules: RuleSet,
            p: Nd61Parameters) -> UnitEvidence:
    """The point, the procedures that count as online, the late online dossiers and
    the thresholds of the rule data."""
    found = point(assigned=assigned, procedures=procedures, received=received,
                  received_online=received_online, online_late=len(late), p=p)
    online = sorted((e.procedure_code, procedure.name, LEVELS_VI.get(procedure.online_level, procedure.online_level))
                    for e in assigned
                    if (procedure := procedures.get(e.procedure_code)) is not None and procedure.offered_online)
    tables = (
        EvidenceTable(f"Thủ tục được tính là có dịch vụ công trực tuyến mức 3, 4: {fmt_int(len(online))} "
                      f"trên {fmt_int(len(assigned))} thủ tục của đơn vị",
                      ("Mã thủ tục", "Tên thủ tục", "Mức dịch vụ công trực tuyến"), tuple(online)),
        EvidenceTable(f"Hồ sơ trực tuyến quá hạn hoặc quá hạn chưa giải quyết: {fmt_int(len(late))}",
                      ("Mã hồ sơ", "Hạn trả kết quả", "Ngày kết thúc", "Tình trạng"),
                      tuple((d.code, fmt_date(d.due_at), fmt_date(d.finished_at) if d.finished_at else "Chưa kết thúc",
                             "Quá hạn" if d.finished_at else "Quá hạn, chưa giải quyết")
                            for d in sorted(late, key=lambda d: d.code)),
                      dossier_column=0),
    )
    used = (
        rule_used(rules, PARAMETER, "2 điểm: tỷ lệ thủ tục có dịch vụ công trực tuyến mức 3, 4 ít nhất",
                  pct(p.online_two_procedures)),
        rule_used(rules, PARAMETER, "2 điểm: tỷ lệ hồ sơ nộp trực tuyến ít nhất", pct(p.online_two_dossiers)),
        rule_used(rules, PARAMETER, "1 điểm: số thủ tục có dịch vụ công trực tuyến mức 3, 4 ít nhất",
                  fmt_int(p.online_one_procedures_min)),
        rule_used(rules, PARAMETER, "1 điểm: tỷ lệ hồ sơ nộp trực tuyến ít nhất", pct(p.online_one_dossiers)),
        rule_used(rules, PARAMETER, "1 hoặc 2 điểm: không có hồ sơ trực tuyến quá hạn", "0 hồ sơ"),
    )
    return UnitEvidence(found, tables if assigned else (), used)
