"""Reads of the counter app: devices, what a tablet shows, an official's recent dossiers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official
from tthc.ratings.models import Rating, RatingChannel

from .credentials import ticket_sign, token_candidates, token_hash
from .models import CounterDevice

# A dossier sent to a tablet is offered for rating this long (TTHC_KIOSK_ASK_MINUTES):
# afterwards the citizen has left, and the next person must not rate it.
DEFAULT_ASK_MINUTES = 15
RECENT_DOSSIERS = 20


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


def official_recent_dossiers(*, official: Official, limit: int = RECENT_DOSSIERS) -> list[Dossier]:
    """The dossiers the official received, newest first, with whether each is rated."""
    return list(Dossier.objects.filter(received_by=official).select_related("procedure", "rating")
                .order_by("-received_at", "-pk")[:limit])


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
