"""Agency-level indicators computed per period: 5 (the desk), 8 (petitions), 9 (online).

Each returns a ``Point`` (integer points or None for N/A) with its evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from .facts import Petition, Procedure, Unit, UnitProcedure
from .indicators import Point
from .periods import Period
from .rules import RuleSet


def _pct(share: Fraction) -> str:
    return f"{float(share) * 100:.1f}%".replace(".", ",")


def assigned_procedures(unit: Unit, entries: Iterable[UnitProcedure], period: Period) -> list[UnitProcedure]:
    """Procedures on the unit's list on the period's last day."""
    return [e for e in entries if e.unit_code == unit.code and e.valid_on(period.end)]


def desk_point(unit: Unit, assigned: Sequence[UnitProcedure],
               procedures: dict[str, Procedure], rules: RuleSet) -> Point:
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
    threshold = rules.desk_decided_share[unit.kind.value]
    points = 2 if share >= threshold else 1
    lines.append(f"100% tiếp nhận, trả kết quả tại Bộ phận Một cửa; tự giải quyết {decided}/"
                 f"{len(counted)} = {_pct(share)} (ngưỡng {_pct(threshold)} với cấp này) → "
                 f"{points} điểm.")
    return Point(points, "catalogue", tuple(lines))


def petitions_point(unit: Unit, petitions: Iterable[Petition], period: Period,
                    rules: RuleSet) -> Point:
    """I8 — petitions whose answer was due in the period."""
    due = [p for p in petitions if p.unit_code == unit.code and p.answer_due_at is not None
           and period.contains(p.answer_due_at.date())]
    if not due:
        return Point(2, "record", ("Không có phản ánh, kiến nghị đến hạn trả lời trong kỳ → 2 điểm.",))
    prolonged = [p.code for p in due if p.prolonged is True]
    if prolonged:
        return Point(0, "record", (f"{len(due)} phản ánh đến hạn trong kỳ; kéo dài: "
                                   f"{', '.join(prolonged)} → 0 điểm.",))
    on_time = sum(
        1 for p in due
        if p.answered_at is not None and p.answer_due_at is not None
        and p.answered_at.date() <= p.answer_due_at.date()
    )
    share = Fraction(on_time, len(due))
    if share >= rules.petitions_two_share:
        points = 2
    elif share >= rules.petitions_one_share:
        points = 1
    else:
        points = 0
    return Point(points, "record", (f"{on_time}/{len(due)} phản ánh trả lời đúng hạn = "
                                    f"{_pct(share)}, không có phản ánh kéo dài → {points} điểm.",))


def online_point(*, assigned: Sequence[UnitProcedure], procedures: dict[str, Procedure],
                 received: int, received_online: int, online_late: int,
                 rules: RuleSet) -> Point:
    """I9 — online services offered, dossiers received online, none late or left."""
    if not assigned:
        return Point(None, "none", ("Đơn vị không có thủ tục trong danh mục: không áp dụng.",))
    if received == 0:
        return Point(None, "none", ("Đơn vị không tiếp nhận hồ sơ nào trong kỳ: không áp dụng.",))
    offered = sum(
        1 for e in assigned
        if (p := procedures.get(e.procedure_code)) is not None and p.offered_online
    )
    procedures_share = Fraction(offered, len(assigned))
    dossiers_share = Fraction(received_online, received)
    clean = online_late == 0
    if (procedures_share >= rules.online_two_procedures
            and dossiers_share >= rules.online_two_dossiers and clean):
        points = 2
    elif (offered >= rules.online_one_procedures_min
          and dossiers_share >= rules.online_one_dossiers and clean):
        points = 1
    else:
        points = 0
    return Point(points, "record", (
        f"Thủ tục có dịch vụ công trực tuyến mức 3, 4: {offered}/{len(assigned)} = "
        f"{_pct(procedures_share)}.",
        f"Hồ sơ tiếp nhận trong kỳ nộp trực tuyến: {received_online}/{received} = "
        f"{_pct(dossiers_share)}.",
        f"Hồ sơ trực tuyến quá hạn hoặc quá hạn chưa giải quyết: {online_late} → {points} điểm.",
    ))
