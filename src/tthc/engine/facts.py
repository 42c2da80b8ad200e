"""The records the engine scores, as immutable plain values.

Field names follow the canonical interchange format (docs: interchange.md §1).
``None`` means unknown: an unknown flag counts as false, never as a missing record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class UnitKind(StrEnum):
    PROVINCE = "province"
    PROVINCE_AGENCY = "province_agency"
    DISTRICT = "district"
    COMMUNE = "commune"
    SERVICE_CENTRE = "service_centre"  # a desk only, never a subject


# Kinds that are scored, in the order reports list them (methodology §3).
SCORED_KINDS: tuple[UnitKind, ...] = (
    UnitKind.PROVINCE_AGENCY,
    UnitKind.DISTRICT,
    UnitKind.COMMUNE,
)


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    DAYS = "days"


class Status(StrEnum):
    PROCESSING = "processing"
    FINISHED = "finished"
    RETURNED = "returned"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


NOT_SCORED_STATUSES = frozenset({Status.REFUSED, Status.WITHDRAWN})


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    kind: UnitKind
    parent_code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    portal_code: str | None = None  # the unit's code on the national portal (H11.05)

    def valid_during(self, start: date, end: date) -> bool:
        """True when the unit existed on at least one day of [start, end]."""
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= start
        )


@dataclass(frozen=True, slots=True)
class Official:
    code: str
    full_name: str
    unit_code: str


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str
    name: str = ""
    time_limit: int | None = None
    time_unit: TimeUnit = TimeUnit.WORKING_DAYS
    online_level: str = "none"  # none, partial, full (legacy 3 → partial, 4 → full)
    desk_exempt: bool | None = None
    # The national index's fields (methodology-qd766 §4); None: unknown.
    paper_result_required: bool | None = None
    has_fee: bool | None = None
    full_online_eligible: bool | None = None
    citizen_applicants: bool | None = None

    @property
    def offered_online(self) -> bool:
        """Level 3/4: partial or full-process online service (I9)."""
        return self.online_level in {"partial", "full", "3", "4"}


@dataclass(frozen=True, slots=True)
class UnitProcedure:
    unit_code: str
    procedure_code: str
    posted_on_site: bool | None = None
    published_online: bool | None = None
    at_desk: bool | None = None
    decided_at_desk: bool | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


@dataclass(frozen=True, slots=True)
class Step:
    seq: int
    unit_code: str
    official_code: str | None = None
    started_at: datetime | None = None
    due_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Supplement:
    seq: int
    requested_at: datetime | None = None
    completed_at: datetime | None = None
    applicant_fault: bool | None = None
    new_due_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Rating:
    channel: str
    submitted_at: datetime | None = None
    satisfaction: str | None = None
    agencies_contacted: int | None = None
    disclosure_seen: str | None = None  # both, one, none


@dataclass(frozen=True, slots=True)
class Petition:
    code: str
    unit_code: str
    dossier_code: str | None = None
    about_official: str | None = None
    kind: str | None = None  # rules, conduct
    received_at: datetime | None = None
    answer_due_at: datetime | None = None
    answered_at: datetime | None = None
    prolonged: bool | None = None
    upheld: bool | None = None
    # The national index's fields (methodology-qd766 §4); None: unknown.
    channel: str | None = None
    refused: bool | None = None
    citizen_rating: str | None = None  # positive, negative
    follow_up_of: str | None = None  # the code of the petition this one raises again


@dataclass(frozen=True, slots=True)
class Dossier:
    code: str
    procedure_code: str
    unit_code: str
    received_at: datetime
    desk_code: str | None = None
    received_by: str | None = None
    channel: str | None = None
    return_channel: str | None = None
    due_at: datetime | None = None
    finished_at: datetime | None = None
    returned_at: datetime | None = None
    status: Status = Status.PROCESSING
    agencies_contacted: int | None = None
    steps: tuple[Step, ...] = ()
    supplements: tuple[Supplement, ...] = ()
    rating: Rating | None = None
    # Petitions that name this dossier (I7 looks for upheld conduct complaints).
    petitions: tuple[Petition, ...] = field(default=())
    # The national index's fields (methodology-qd766 §4); None: unknown.
    synced_at: datetime | None = None
    result_electronic: bool | None = None
    components_digitised: bool | None = None
    reused_data: bool | None = None
    personal_storage: bool | None = None
    vneid_verified: bool | None = None
    fee_due: bool | None = None
    paid_online: str | None = None  # portal, local, none

    @property
    def scored_status(self) -> bool:
        return self.status not in NOT_SCORED_STATUSES
