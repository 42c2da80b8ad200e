"""Per-dossier points of indicators 1, 2, 3, 4, 6 and 7, each with its evidence.

This is the path that explains every point (``tthc explain``); the per-period
aggregation in ``aggregate`` consumes its results. Wording of the evidence is
Vietnamese: it is read by appraisers and agency staff.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from .calendar import WorkingCalendar
from .due import WorkingHours, compute_due_at
from .facts import Dossier, Procedure, Step, UnitProcedure
from .rules import RuleSet, ladder_points

DOSSIER_INDICATORS = ("1", "2", "3", "4", "6", "7")


class Timing(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


TIMING_VI = {Timing.EARLY: "trước hạn", Timing.ON_TIME: "đúng hạn", Timing.LATE: "quá hạn"}


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return "(không có)"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def timing_of(finished: datetime, due: datetime) -> Timing:
    """Compare calendar dates, not timestamps (methodology §1)."""
    end, deadline = finished.date(), due.date()
    if end < deadline:
        return Timing.EARLY
    return Timing.ON_TIME if end == deadline else Timing.LATE


@dataclass(frozen=True, slots=True)
class Point:
    """One indicator's points for one dossier, how they were found, and why."""

    points: int | None  # None: N/A
    source: str  # record, citizen, derived, catalogue, steps, fallback_i1, none
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StepPoint:
    seq: int
    unit_code: str
    points: int | None  # None: the step lacks a due or end date and is skipped
    evidence: str


@dataclass(frozen=True, slots=True)
class DossierResult:
    code: str
    unit_code: str
    received_by: str | None
    due_at: datetime | None
    due_source: str  # record, computed, none
    timing: Timing | None
    indicators: Mapping[str, Point]
    steps: tuple[StepPoint, ...]
    conflicts: tuple[str, ...]

    def points(self, number: str) -> int | None:
        return self.indicators[number].points


@dataclass(frozen=True, slots=True)
class Context:
    """What scoring a dossier needs besides the dossier itself."""

    rules: RuleSet
    calendar: WorkingCalendar
    procedures: Mapping[str, Procedure]
    unit_procedures: Mapping[tuple[str, str], Sequence[UnitProcedure]]
    as_of: datetime  # reference time for clocks still running
    hours: WorkingHours = field(init=False)

    def __post_init__(self) -> None:
        # Parsed once per context, not once per dossier.
        object.__setattr__(self, "hours", WorkingHours.from_mapping(self.rules.working_hours))


def effective_due(dossier: Dossier, ctx: Context) -> tuple[datetime | None, str, tuple[str, ...]]:
    """The due date in the record, which is authoritative; else one computed from the
    procedure's time limit (methodology §1). Returns (due, source, evidence)."""
    if dossier.due_at is not None:
        return dossier.due_at, "record", (f"Ngày hẹn trả ghi trong hồ sơ: {fmt_date(dossier.due_at)}.",)
    procedure = ctx.procedures.get(dossier.procedure_code)
    if procedure is None or procedure.time_limit is None:
        return None, "none", (
            "Hồ sơ không có ngày hẹn trả và thủ tục không có thời hạn giải quyết: không xác định được hạn.",
        )
    due = compute_due_at(
        received_at=dossier.received_at,
        time_limit=procedure.time_limit,
        time_unit=procedure.time_unit,
        supplements=dossier.supplements,
        finished_at=dossier.finished_at,
        as_of=ctx.as_of,
        calendar=ctx.calendar,
        hours=ctx.hours,
    )
    return due.due_at, "computed", ("Hồ sơ không ghi ngày hẹn trả; hạn được tính:", *due.evidence)


def _timing_point(dossier: Dossier, due: datetime | None, due_evidence: tuple[str, ...],
                  rules: RuleSet) -> tuple[Point, Timing | None]:
    if dossier.finished_at is None:
        return Point(None, "none", ("Hồ sơ chưa có ngày kết thúc xử lý.",)), None
    if due is None:
        return Point(None, "none", due_evidence), None
    timing = timing_of(dossier.finished_at, due)
    points = rules.timing_points[timing.value]
    return Point(points, "record", (
        *due_evidence,
        f"Kết thúc xử lý {fmt_date(dossier.finished_at)} — {TIMING_VI[timing]} "
        f"(so sánh theo ngày) → {points} điểm.",
    )), timing


def _step_point(step: Step, rules: RuleSet) -> StepPoint:
    if step.due_at is None or step.finished_at is None:
        missing = "hạn xử lý" if step.due_at is None else "ngày kết thúc"
        return StepPoint(step.seq, step.unit_code, None,
                         f"Bước {step.seq} ({step.unit_code}): thiếu {missing}, không tính.")
    timing = timing_of(step.finished_at, step.due_at)
    points = rules.timing_points[timing.value]
    return StepPoint(step.seq, step.unit_code, points,
                     f"Bước {step.seq} ({step.unit_code}): hạn {fmt_date(step.due_at)}, "
                     f"kết thúc {fmt_date(step.finished_at)} — {TIMING_VI[timing]} → {points} điểm.")


def _i2(steps: tuple[StepPoint, ...], i1: Point) -> Point:
    usable = [s for s in steps if s.points is not None]
    lines = tuple(s.evidence for s in steps)
    if not usable:
        return Point(i1.points, "fallback_i1", (
            *lines,
            "Không có bước xử lý đủ hạn và ngày kết thúc: lấy điểm chỉ số 1.",
        ))
    lowest = min(s.points for s in usable if s.points is not None)
    return Point(lowest, "steps", (*lines, f"Điểm của hồ sơ là điểm thấp nhất của các bước: {lowest}."))


def _i3(dossier: Dossier, rules: RuleSet) -> Point:
    counted = [s for s in dossier.supplements if s.applicant_fault is not True]
    excused = len(dossier.supplements) - len(counted)
    points = ladder_points(rules.supplements_ladder, len(counted))
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


def _i4(dossier: Dossier, rules: RuleSet) -> tuple[Point, tuple[str, ...]]:
    rating = dossier.rating
    cited = rating.agencies_contacted if rating is not None else None
    conflicts: tuple[str, ...] = ()
    if dossier.agencies_contacted is not None:
        count, source = dossier.agencies_contacted, "record"
        lines = [f"Hồ sơ ghi {count} cơ quan phải liên hệ."]
        if cited is not None and cited != count:
            conflict = conflict_message(cited, count)
            conflicts = (conflict,)
            lines.append(conflict)
    elif cited is not None:
        count, source = cited, "citizen"
        lines = [f"Hồ sơ không ghi; theo phiếu đánh giá của người dân: {count} cơ quan."]
    else:
        remote = (dossier.channel == "online"
                  and dossier.return_channel in rules.remote_return_channels)
        count = rules.derived_remote_agencies if remote else rules.derived_other_agencies
        source = "derived"
        lines = [
            "Hồ sơ và phiếu đánh giá không ghi; suy ra: "
            + ("nộp trực tuyến và nhận kết quả trực tuyến/qua bưu chính" if remote
               else "có đến Bộ phận Một cửa")
            + f" → {count} cơ quan."
        ]
    points = ladder_points(rules.agencies_ladder, count)
    lines.append(f"{count} cơ quan → {points} điểm.")
    return Point(points, source, tuple(lines)), conflicts


def catalogue_entry(entries: Sequence[UnitProcedure], day: date) -> UnitProcedure | None:
    """The unit's catalogue entry for a procedure: the one valid on `day`, else the latest."""
    if not entries:
        return None
    for entry in entries:
        if entry.valid_on(day):
            return entry
    return max(entries, key=lambda e: e.valid_from or date.min)


def catalogue_disclosure(entry: UnitProcedure) -> str:
    """Disclosure read from the catalogue flags: both, one or none (unknown = not confirmed)."""
    count = int(entry.posted_on_site is True) + int(entry.published_online is True)
    return ("none", "one", "both")[count]


def conflict_message(cited: int, recorded: int) -> str:
    return (f"Mâu thuẫn chỉ số 4: phiếu đánh giá ghi {cited} cơ quan, hồ sơ ghi "
            f"{recorded}; theo hồ sơ.")


def _catalogue_entry(dossier: Dossier, ctx: Context) -> UnitProcedure | None:
    entries = ctx.unit_procedures.get((dossier.unit_code, dossier.procedure_code), ())
    return catalogue_entry(entries, (dossier.finished_at or dossier.received_at).date())


def _i6(dossier: Dossier, ctx: Context) -> Point:
    table = ctx.rules.disclosure_points
    seen = dossier.rating.disclosure_seen if dossier.rating is not None else None
    if seen is not None:
        points = table[seen]
        return Point(points, "citizen", (f"Người dân trả lời về công khai thủ tục: "
                                         f"'{seen}' → {points} điểm.",))
    entry = _catalogue_entry(dossier, ctx)
    if entry is None:
        return Point(None, "none", ("Không có phiếu trả lời và thủ tục không có trong danh mục "
                                    "của đơn vị: không áp dụng.",))
    points = table[catalogue_disclosure(entry)]
    return Point(points, "catalogue", (
        f"Theo danh mục của đơn vị: niêm yết tại trụ sở: "
        f"{'có' if entry.posted_on_site else 'không/chưa xác nhận'}; công khai điện tử: "
        f"{'có' if entry.published_online else 'không/chưa xác nhận'} → {points} điểm.",
    ))


def _i7(dossier: Dossier, timing: Timing | None, rules: RuleSet) -> Point:
    upheld = [
        p for p in dossier.petitions
        if p.upheld is True and p.kind in rules.attitude_complaint_kinds
        and dossier.received_by is not None and p.about_official == dossier.received_by
    ]
    ignored = [p for p in dossier.petitions if p.upheld is not True]
    notes = tuple(f"Phản ánh {p.code} không được xác minh là đúng: không tính." for p in ignored)
    if upheld:
        codes = ", ".join(p.code for p in upheld)
        return Point(0, "record", (*notes, f"Phản ánh {codes} về cán bộ tiếp nhận "
                                            f"{dossier.received_by} được xác minh là đúng → 0 điểm."))
    if timing is None:
        return Point(None, "none", (*notes, "Không xác định được tiến độ: không áp dụng."))
    points = {Timing.EARLY: rules.timing_points["early"],
              Timing.ON_TIME: rules.timing_points["on_time"],
              Timing.LATE: rules.attitude_late_points}[timing]
    return Point(points, "record", (*notes, f"Không có phản ánh đúng về cán bộ; hồ sơ "
                                            f"{TIMING_VI[timing]} → {points} điểm."))


def evaluate_dossier(dossier: Dossier, ctx: Context) -> DossierResult:
    """All per-dossier indicators of one dossier with their evidence."""
    rules = ctx.rules
    due, due_source, due_evidence = effective_due(dossier, ctx)
    i1, timing = _timing_point(dossier, due, due_evidence, rules)
    steps = tuple(_step_point(step, rules) for step in sorted(dossier.steps, key=lambda s: s.seq))
    i4, conflicts = _i4(dossier, rules)
    indicators = {
        "1": i1,
        "2": _i2(steps, i1),
        "3": _i3(dossier, rules),
        "4": i4,
        "6": _i6(dossier, ctx),
        "7": _i7(dossier, timing, rules),
    }
    return DossierResult(dossier.code, dossier.unit_code, dossier.received_by, due, due_source,
                         timing, indicators, steps, conflicts)
