"""Reads of the ratings app: what a citizen sees before rating, what a receipt prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from tthc.catalogue.models import TimeUnit
from tthc.dossiers.models import Dossier, DossierStatus
from tthc.organisation.models import Official

from .models import Rating

# A result exists: the citizen can judge the whole service, not only the reception.
_RESULT_READY = {DossierStatus.FINISHED, DossierStatus.RETURNED, DossierStatus.REFUSED,
                 DossierStatus.WITHDRAWN}


@dataclass(frozen=True)
class RatingSubject:
    """The dossier as the public rating page shows it: no personal data, no official's name."""

    code: str
    procedure_code: str
    procedure_name: str
    unit_name: str
    desk_name: str
    received_at: datetime
    due_at: datetime | None
    finished_at: datetime | None
    status: str
    status_label: str
    status_on: datetime | None  # when the dossier reached its status (returned, finished …)
    result_ready: bool
    already_rated: bool


@dataclass(frozen=True)
class Receipt:
    """What the receipt and appointment slip prints (Circular 01/2018, form 01)."""

    code: str
    issuer_parent_name: str  # the body above the desk, printed above it in the heading
    desk_name: str
    unit_name: str
    procedure_code: str
    procedure_name: str
    time_limit: str  # "5 ngày làm việc", or "" when the catalogue has none
    received_at: datetime
    due_at: datetime | None
    return_channel: str
    received_by_name: str
    received_by_position: str


def _dossier(code: str) -> Dossier | None:
    return (Dossier.objects.select_related("procedure", "unit", "desk__parent", "received_by")
            .filter(code=code).first())


def _status_on(dossier: Dossier) -> datetime | None:
    if dossier.status == DossierStatus.PROCESSING:
        return None
    if dossier.status == DossierStatus.RETURNED and dossier.returned_at is not None:
        return dossier.returned_at
    return dossier.finished_at


def rating_subject(*, code: str) -> RatingSubject | None:
    dossier = _dossier(code)
    if dossier is None:
        return None
    return RatingSubject(
        code=dossier.code,
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.procedure.name,
        unit_name=dossier.unit.name,
        desk_name=dossier.desk.name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        finished_at=dossier.finished_at,
        status=dossier.status,
        status_label=dossier.get_status_display(),
        status_on=_status_on(dossier),
        result_ready=dossier.status in _RESULT_READY or dossier.finished_at is not None,
        already_rated=Rating.objects.filter(dossier_id=dossier.pk).exists(),
    )


def _time_limit(dossier: Dossier) -> str:
    procedure = dossier.procedure
    if procedure.time_limit is None:
        return ""
    return f"{procedure.time_limit} {TimeUnit(procedure.time_unit).label}"


def receipt_for(*, code: str) -> Receipt | None:
    dossier = _dossier(code)
    if dossier is None:
        return None
    official = dossier.received_by
    return Receipt(
        code=dossier.code,
        issuer_parent_name=dossier.desk.parent.name if dossier.desk.parent else "",
        desk_name=dossier.desk.name,
        unit_name=dossier.unit.name,
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.procedure.name,
        time_limit=_time_limit(dossier),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        return_channel=dossier.get_return_channel_display() if dossier.return_channel else "",
        received_by_name=official.full_name if official else "",
        received_by_position=official.position if official else "",
    )


def receipt_printable_by(*, user: AbstractBaseUser | AnonymousUser, code: str) -> bool:
    """Staff, the official who received the dossier, and the officials of its desk unit.

    False for a dossier that does not exist, so that a refusal tells nothing about it.
    """
    if not user.is_authenticated:
        return False
    dossiers = Dossier.objects.filter(code=code)
    if user.is_staff:
        return dossiers.exists()
    official = Official.objects.filter(user=user).only("pk", "unit_id").first()
    if official is None:
        return False
    return dossiers.filter(Q(received_by_id=official.pk) | Q(desk_id=official.unit_id)).exists()
