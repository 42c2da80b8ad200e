"""Reads of the counter app: devices, what a tablet shows, an official's dossiers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from tthc.access.roles import Role, Viewer, may_manage_counter_devices
from tthc.catalogue.models import Procedure
from tthc.dossiers.codes import code_key, stored_code_key
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official, Unit
from tthc.ratings.models import Rating, RatingChannel
from tthc.scoring.loaders import aware_start

from .credentials import ticket_sign, token_candidates, token_hash
from .models import CounterDevice

# A dossier sent to a tablet is offered for rating this long (TTHC_KIOSK_ASK_MINUTES):
# afterwards the citizen has left, and the next person must not rate it.
DEFAULT_ASK_MINUTES = 15
RECENT_DOSSIERS = 20  # the desk's list, per page
# What people put between the parts of a code when typing or copying it.


def ask_window() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "TTHC_KIOSK_ASK_MINUTES", DEFAULT_ASK_MINUTES)))


def device_for_token(token: str) -> CounterDevice | None:
    """The active device whose token this is (compared by SHA-256), or None."""
    if not token or len(token) > 256:
        return None
    hashes = [token_hash(candidate) for candidate in token_candidates(token)]
    return (CounterDevice.objects.select_related("desk")
            .filter(token_hash__in=hashes, active=True).first())


def desk_devices(*, official: Official) -> list[CounterDevice]:
    """The active tablets of the official's desk (the unit they work for)."""
    return list(CounterDevice.objects.filter(desk_id=official.unit_id, active=True)
                .select_related("serving_dossier").order_by("name", "pk"))


@dataclass(frozen=True)
class DeskSearch:
    """What the desk official looks for among the dossiers they received. Only fields
    that name no applicant: a code, the procedure, the day received, the status."""

    code: str = ""  # as typed: any case, with spaces, dots or dashes
    procedure: str = ""  # a procedure's code
    received_from: date | None = None
    received_to: date | None = None
    status: str = ""

    @property
    def narrowed(self) -> bool:
        return any((self.code, self.procedure, self.received_from, self.received_to, self.status))


def official_dossiers(*, official: Official, search: DeskSearch = DeskSearch()) -> QuerySet[Dossier]:
    """The dossiers the official received matching `search`, newest first, with whether
    each is rated (the page shows the first RECENT_DOSSIERS, then pages)."""
    rows = Dossier.objects.filter(received_by=official)
    # Part of a code, typed any way (`dossiers.codes.code_key`, the citizens' reading too).
    typed = code_key(search.code)
    if typed:
        rows = rows.alias(compact=stored_code_key()).filter(compact__contains=typed)
    elif search.code:
        return rows.none()  # nothing of a code was typed (only separators): none matches
    if search.procedure:
        rows = rows.filter(procedure__code=search.procedure)
    if search.received_from:
        rows = rows.filter(received_at__gte=aware_start(search.received_from))
    if search.received_to:
        rows = rows.filter(received_at__lt=aware_start(search.received_to + timedelta(days=1)))
    if search.status:
        rows = rows.filter(status=search.status)
    return rows.select_related("procedure", "rating").order_by("-received_at", "-pk")


def official_dossier_page(*, official: Official, search: DeskSearch, page: Any = 1) -> Page:
    return Paginator(official_dossiers(official=official, search=search), RECENT_DOSSIERS,
                     allow_empty_first_page=True).get_page(page)


def official_procedures(*, official: Official) -> list[tuple[str, str]]:
    """The procedures of the dossiers the official received (code, name), by name: the
    choices of the desk's procedure filter."""
    return list(Procedure.objects.filter(dossiers__received_by=official).distinct()
                .order_by("name", "code").values_list("code", "name"))


@dataclass(frozen=True)
class KioskState:
    """What a tablet shows. The dossier and its `ticket` are set only while the tablet may
    ask for its rating: a public screen shows no dossier it no longer needs."""

    device: str
    official_name: str | None
    dossier_code: str | None
    procedure_name: str | None
    serving_since: datetime | None
    ticket: str | None

    @property
    def serving_key(self) -> str:
        """Names one sending of a dossier to the tablet, the same in the page and the JSON."""
        return str(round(self.serving_since.timestamp() * 1000)) if self.serving_since else ""

    def as_json(self) -> dict[str, object]:
        return {
            "serving_key": self.serving_key,
            "device": self.device,
            "official": self.official_name,
            "dossier": self.dossier_code,
            "procedure": self.procedure_name,
            "serving_since": self.serving_since.isoformat() if self.serving_since else None,
            "ticket": self.ticket,
        }


def kiosk_state(*, device: CounterDevice, now: datetime | None = None) -> KioskState:
    device = (CounterDevice.objects.select_related("serving_official", "serving_dossier__procedure")
              .get(pk=device.pk))
    official, dossier, since = device.serving_official, device.serving_dossier, device.serving_since
    now = now or timezone.now()
    ticket = None
    if (dossier is not None and since is not None and now - since <= ask_window()
            and not Rating.objects.filter(dossier_id=dossier.pk).exists()):
        ticket = ticket_sign(device_id=device.pk, dossier_id=dossier.pk, serving_since=since)
    return KioskState(
        device=device.name,
        official_name=official.full_name if official else None,
        dossier_code=dossier.code if dossier and ticket else None,
        procedure_name=dossier.procedure.name if dossier and ticket else None,
        serving_since=since,
        ticket=ticket,
    )


@dataclass(frozen=True)
class BatchEntry:
    dossier_code: str
    satisfaction: str
    entered_by: str
    submitted_at: datetime | None


def paper_batch(*, batch: str, recent: int = 5) -> tuple[int, list[BatchEntry]]:
    """How many paper forms a batch holds, and the last ones entered."""
    rows = Rating.objects.filter(channel=RatingChannel.PAPER, batch=batch)
    last = [BatchEntry(r.dossier.code, r.get_satisfaction_display() or "—", r.entered_by, r.submitted_at)
            for r in rows.select_related("dossier").order_by("-submitted_at", "-pk")[:recent]]
    return rows.count(), last


def managed_desks(*, viewer: Viewer) -> list[Unit]:
    """The desks whose tablets the viewer manages (`roles.may_manage_counter_devices`):
    every unit in use for the administrator, its own unit for a leader."""
    if not may_manage_counter_devices(viewer):
        return []
    units = Unit.objects.all() if viewer.role == Role.ADMIN else Unit.objects.filter(pk=viewer.unit_id)
    today = timezone.localdate()
    return list(units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("code"))


def managed_devices(*, viewer: Viewer, desk: Unit | None = None) -> list[CounterDevice]:
    """The tablets, in use and revoked, of the desks the viewer manages (or of one of them)."""
    devices = CounterDevice.objects.select_related("desk", "serving_dossier")
    if viewer.role != Role.ADMIN:
        devices = devices.filter(desk_id=viewer.unit_id) if may_manage_counter_devices(viewer) else devices.none()
    if desk is not None:
        devices = devices.filter(desk=desk)
    return list(devices.order_by("-active", "desk__code", "name", "pk"))


def managed_device(*, viewer: Viewer, pk: int) -> CounterDevice | None:
    """One tablet the viewer manages; None for another desk's (told apart from none)."""
    device = CounterDevice.objects.select_related("desk").filter(pk=pk).first()
    if device is None or not may_manage_counter_devices(viewer, device.desk_id):
        return None
    return device
