"""Data-quality warnings: rows consistent in themselves but odd against other records.

A warned row is stored and counts in scoring like any other (methodology §2.1); the
warning is listed for the appraiser. Each check looks at one thing and says what it
found, in Vietnamese and English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tthc.dossiers.models import DossierStatus
from tthc.importers.fields import Problem, local_date
from tthc.importers.kinds import KINDS
from tthc.ratings.models import RatingChannel


@dataclass(slots=True)
class Known:
    """A record a code refers to, as far as the checks and the storage need it."""

    # None for a unit, official or procedure created by the current batch: its id
    # exists once the batch is written.
    id: int | None
    valid_from: date | None = None
    valid_to: date | None = None
    finished_at: datetime | None = None
    status: str | None = None


@dataclass(slots=True)
class CheckContext:
    dossiers: Mapping[str, Known]
    units: Mapping[str, Known]
    is_working_day: Callable[[date], bool]


Check = Callable[[Mapping[str, Any], CheckContext], Iterable[Problem]]


def _day(value: datetime) -> str:
    return f"{local_date(value):%d/%m/%Y}"


def missing_dates(*names: str) -> Check:
    def check(record: Mapping[str, Any], ctx: CheckContext) -> Iterable[Problem]:
        missing = [name for name in names if record.get(name) is None]
        if missing:
            listed = ", ".join(missing)
            yield Problem("missing_dates", missing[0],
                          f"thiếu ngày: {listed}", f"dates missing: {listed}")

    return check


def due_on_day_off(name: str) -> Check:
    def check(record: Mapping[str, Any], ctx: CheckContext) -> Iterable[Problem]:
        due = record.get(name)
        if due is not None and not ctx.is_working_day(local_date(due)):
            yield Problem("due_on_day_off", name,
                          f"hạn ({_day(due)}) rơi vào ngày nghỉ",
                          f"the due date ({_day(due)}) falls on a day off")

    return check


def unit_not_valid(record: Mapping[str, Any], ctx: CheckContext) -> Iterable[Problem]:
    unit = ctx.units.get(record.get("unit_code") or "")
    received = record.get("received_at")
    if unit is None or received is None:
        return
    day = local_date(received)
    if (unit.valid_from and day < unit.valid_from) or (unit.valid_to and day > unit.valid_to):
        span_vi = f"{unit.valid_from or '…'} – {unit.valid_to or '…'}"
        yield Problem(
            "unit_not_valid", "unit_code",
            f"hồ sơ tiếp nhận ngày {day:%d/%m/%Y}, ngoài thời gian hiệu lực của đơn vị"
            f" {record['unit_code']} ({span_vi})",
            f"the dossier was received on {day:%Y-%m-%d}, outside the validity of unit"
            f" {record['unit_code']} ({span_vi})",
        )


def _dossier(record: Mapping[str, Any], ctx: CheckContext) -> Known | None:
    return ctx.dossiers.get(record.get("dossier_code") or "")


def step_ends_after_dossier(record: Mapping[str, Any], ctx: CheckContext
                            ) -> Iterable[Problem]:
    dossier, end = _dossier(record, ctx), record.get("finished_at")
    # Calendar dates, as the methodology compares them: a date-only processing end is
    # not "before" a step that ended later the same day.
    if dossier and dossier.finished_at and end and (
            local_date(end) > local_date(dossier.finished_at)):
        yield Problem(
            "step_after_dossier_end", "finished_at",
            f"bước kết thúc ngày {_day(end)}, sau ngày kết thúc xử lý hồ sơ"
            f" ({_day(dossier.finished_at)})",
            f"the step ended on {_day(end)}, after the dossier's processing end"
            f" ({_day(dossier.finished_at)})",
        )


def supplement_after_finish(record: Mapping[str, Any], ctx: CheckContext
                            ) -> Iterable[Problem]:
    dossier, asked = _dossier(record, ctx), record.get("requested_at")
    if dossier and dossier.finished_at and asked and (
            local_date(asked) > local_date(dossier.finished_at)):
        yield Problem(
            "supplement_after_finish", "requested_at",
            f"yêu cầu bổ sung ngày {_day(asked)}, sau khi hồ sơ đã kết thúc xử lý"
            f" ({_day(dossier.finished_at)})",
            f"supplement requested on {_day(asked)}, after the dossier's processing end"
            f" ({_day(dossier.finished_at)})",
        )


_CLOSED = {DossierStatus.REFUSED.value: ("bị từ chối", "refused"),
           DossierStatus.WITHDRAWN.value: ("đã rút", "withdrawn")}


def rating_of_closed_dossier(record: Mapping[str, Any], ctx: CheckContext
                             ) -> Iterable[Problem]:
    dossier = _dossier(record, ctx)
    if dossier and dossier.status in _CLOSED:
        vi, en = _CLOSED[dossier.status]
        yield Problem("rating_of_closed_dossier", "dossier_code",
                      f"đánh giá một hồ sơ {vi}; được lưu và thống kê riêng",
                      f"rating of a {en} dossier; stored and counted separately")


def rating_without_satisfaction(record: Mapping[str, Any], ctx: CheckContext
                                ) -> Iterable[Problem]:
    if record.get("satisfaction") is None:
        yield Problem("rating_without_satisfaction", "satisfaction",
                      "đánh giá không có mức độ hài lòng",
                      "the rating has no satisfaction value")


def paper_rating_unidentified(record: Mapping[str, Any], ctx: CheckContext
                              ) -> Iterable[Problem]:
    if record.get("channel") != RatingChannel.PAPER:
        return
    missing = [name for name in ("entered_by", "batch") if not record.get(name)]
    if missing:
        listed = ", ".join(missing)
        yield Problem("paper_rating_unidentified", missing[0],
                      f"phiếu giấy thiếu {listed} (người nhập phiếu, số lô)",
                      f"paper rating without {listed} (clerk, batch)")


WARNINGS: dict[str, tuple[Check, ...]] = {
    "dossiers": (unit_not_valid, due_on_day_off("due_at")),
    "steps": (missing_dates("started_at", "due_at", "finished_at"), step_ends_after_dossier),
    "supplements": (missing_dates("requested_at", "completed_at"), supplement_after_finish,
                    due_on_day_off("new_due_at")),
    "ratings": (rating_of_closed_dossier, rating_without_satisfaction,
                paper_rating_unidentified),
}
# The fields each kind's checks read. A stored row loaded again from a file that lacks
# one of them is checked against its stored value (fetched only then).
WARNING_FIELDS: dict[str, frozenset[str]] = {
    "dossiers": frozenset({"unit_code", "received_at", "due_at"}),
    "steps": frozenset({"dossier_code", "started_at", "due_at", "finished_at"}),
    "supplements": frozenset({"dossier_code", "requested_at", "completed_at", "new_due_at"}),
    "ratings": frozenset({"dossier_code", "channel", "satisfaction", "entered_by", "batch"}),
}
assert set(WARNINGS) <= set(KINDS) and set(WARNING_FIELDS) == set(WARNINGS)
