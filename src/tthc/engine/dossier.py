"""One dossier's evaluation, whatever the methodology: its due date, its timing, the
points of each indicator with their evidence.

A methodology's ``explain`` returns a ``DossierResult``; the evidence is Vietnamese
(read by appraisers and agency staff) and names the rule that gave each point.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from .calendar import WorkingCalendar
from .due import WorkingHours, compute_due_at
from .facts import Dossier, Procedure, TimeUnit, UnitProcedure
from .numbers import fmt_int as fmt_int  # long imported from here; lives in .numbers
from .periods import Period
from .rules import RuleSet


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
class Lost:
    """The rule that kept a dossier (or a petition, a procedure) out of a metric's
    numerator: a stable key of the methodology's, and the rule as this record met it,
    in Vietnamese ("Kết thúc xử lý 17/09/2026, sau hạn giải quyết 15/09/2026")."""

    rule: str
    words: str


@dataclass(frozen=True, slots=True)
class Point:
    """One indicator's points for one dossier (or unit), how they were found, and why."""

    points: int | None  # None: N/A
    source: str  # record, citizen, derived, catalogue, steps, fallback_i1, none
    evidence: tuple[str, ...]
    # Why the dossier cost the indicator points (empty when it did not, or the
    # methodology names no rule): what the pages list beside a lost point.
    lost: tuple[Lost, ...] = ()


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
    indicators: Mapping[str, Point]  # the methodology's per-dossier indicators
    steps: tuple[StepPoint, ...] = ()
    conflicts: tuple[str, ...] = ()
    # The methodology's words on the dossier as a whole (a refused dossier's place in
    # the scores), printed after its indicators by `tthc explain`.
    notes: tuple[str, ...] = ()

    def points(self, code: str) -> int | None:
        return self.indicators[code].points


@dataclass(frozen=True, slots=True)
class Context:
    """What scoring a dossier needs besides the dossier itself."""

    rules: RuleSet
    calendar: WorkingCalendar
    procedures: Mapping[str, Procedure]
    unit_procedures: Mapping[tuple[str, str], Sequence[UnitProcedure]]
    as_of: datetime  # reference time for clocks still running
    # The period being scored, when there is one: a methodology whose per-dossier rules
    # depend on the period (a dossier still open at its end) reads it.
    period: Period | None = None
    hours: WorkingHours = field(init=False)
    # Data-quality problems met while scoring, by dossier code: a due date that cannot be
    # computed (a time limit beyond any calendar). Filled by `effective_due` on either
    # path; the scores never depend on it.
    problems: dict[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        # Parsed once per context, not once per dossier.
        object.__setattr__(self, "hours", WorkingHours.from_mapping(self.rules.working_hours))


_UNIT_WORDS = {TimeUnit.WORKING_DAYS: "ngày làm việc", TimeUnit.WORKING_HOURS: "giờ làm việc",
               TimeUnit.DAYS: "ngày"}


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
    try:
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
    except (OverflowError, ValueError):
        # One bad record (a time limit of 2,147,483,647 days, say) must not stop the
        # province's scoring: the dossier is scored as one without a due date, and the
        # problem is listed with the run.
        unit = _UNIT_WORDS.get(procedure.time_unit, str(procedure.time_unit))
        problem = (f"Không tính được hạn giải quyết từ thời hạn {fmt_int(procedure.time_limit)} {unit} của thủ tục "
                   f"{procedure.code}: hồ sơ được chấm như hồ sơ không xác định được hạn.")
        ctx.problems[dossier.code] = problem
        return None, "none", (problem,)
    return due.due_at, "computed", ("Hồ sơ không ghi ngày hẹn trả; hạn được tính:", *due.evidence)


def catalogue_entry(entries: Sequence[UnitProcedure], day: date) -> UnitProcedure | None:
    """The unit's catalogue entry for a procedure: the one valid on `day`, else the latest."""
    if not entries:
        return None
    for entry in entries:
        if entry.valid_on(day):
            return entry
    return max(entries, key=lambda e: e.valid_from or date.min)


def dossier_catalogue_entry(dossier: Dossier, ctx: Context) -> UnitProcedure | None:
    """The catalogue entry of a dossier's unit and procedure, as of the day it ended
    (or was received)."""
    entries = ctx.unit_procedures.get((dossier.unit_code, dossier.procedure_code), ())
    return catalogue_entry(entries, (dossier.finished_at or dossier.received_at).date())
