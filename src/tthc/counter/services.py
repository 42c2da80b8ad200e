"""Writes of the counter app: issuing tablets, sending a dossier to one, and the ratings
a tablet or a clerk entering paper forms stores (always through `rating_submit`)."""

from __future__ import annotations

import logging
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from tthc.audit.services import audit_record
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official, Unit
from tthc.ratings.models import RatingChannel
from tthc.ratings.services import ALREADY_RATED, RatingOutcome, RatingRefused, rating_submit

from .credentials import TICKET_MAX_AGE, ticket_read, token_hash, token_new
from .models import CounterDevice

# Only device ids and outcome codes are logged: never a dossier, an address or a choice.
log = logging.getLogger("tthc.counter")

OBJECT_TYPE = "counter_device"
MAX_BATCH = 64


class CounterRefused(Exception):
    """An action of the counter app that cannot be done; the messages are shown as they are."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi)
        self.code, self.message_vi, self.message_en = code, message_vi, message_en


@dataclass(frozen=True)
class IssuedDevice:
    device: CounterDevice
    token: str  # shown once to whoever issued it; only its hash is stored


@transaction.atomic
def counter_device_add(*, name: str, desk: Unit, actor: str, user: Any = None) -> IssuedDevice:
    """Register a tablet for a desk and issue its token."""
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise CounterRefused("no_name", "Thiết bị cần có tên (ví dụ: “Quầy 3”).",
                             "The device needs a name (e.g. “Counter 3”).")
    if CounterDevice.objects.filter(desk=desk, name=name).exists():
        raise CounterRefused("name_taken", f"Bộ phận Một cửa {desk.code} đã có thiết bị “{name}”.",
                             f"Desk {desk.code} already has a device named “{name}”.")
    token = token_new()
    device = CounterDevice.objects.create(name=name, desk=desk, token_hash=token_hash(token))
    audit_record(actor=actor, user=user, action="counter_device_add", object_type=OBJECT_TYPE,
                 object_key=str(device.pk), before=None,
                 after={"name": name, "desk": desk.code, "active": True})
    return IssuedDevice(device, token)


@transaction.atomic
def counter_device_token_renew(*, device: CounterDevice, actor: str, user: Any = None) -> IssuedDevice:
    """Issue a new token (a tablet lost or stolen): the old one stops working at once."""
    token = token_new()
    CounterDevice.objects.filter(pk=device.pk).update(token_hash=token_hash(token))
    device.refresh_from_db()
    audit_record(actor=actor, user=user, action="counter_device_token_renew", object_type=OBJECT_TYPE,
                 object_key=str(device.pk), before=None, after={"name": device.name},
                 reason="Cấp lại khóa thiết bị; khóa cũ hết hiệu lực / token re-issued")
    return IssuedDevice(device, token)


def counter_device_serve(*, device: CounterDevice, official: Official, dossier: Dossier,
                         at: datetime | None = None) -> CounterDevice:
    """Show `dossier` on the tablet as just served by `official` (the one click at the desk)."""
    if not device.active or device.desk_id != official.unit_id:
        raise CounterRefused("not_your_device", "Thiết bị này không thuộc quầy của ông/bà.",
                             "This device does not belong to your desk.")
    if dossier.received_by_id != official.pk:
        raise CounterRefused("not_your_dossier", "Ông/bà không phải người tiếp nhận hồ sơ này.",
                             "You did not receive this dossier.")
    at = at or timezone.now()
    # An update of three columns: an administrator may be editing the device meanwhile.
    CounterDevice.objects.filter(pk=device.pk).update(
        serving_official=official, serving_dossier=dossier, serving_since=at)
    device.serving_official, device.serving_dossier, device.serving_since = official, dossier, at
    return device


@dataclass(frozen=True)
class KioskOutcome:
    # "created"; "resent" (the tablet sent it again, nothing changed); "already_rated"
    # (a different earlier rating stays — the citizen is thanked all the same).
    status: str


BAD_TICKET = CounterRefused(
    "bad_ticket", "Phiếu đánh giá không hợp lệ hoặc đã quá hạn gửi.",
    "The rating is not valid for this device or was held too long.")


def kiosk_rating_submit(*, device: CounterDevice, ticket: str, satisfaction: str,
                        client_id: uuid.UUID, age_ms: int = 0, fingerprint: str = "",
                        now: datetime | None = None) -> KioskOutcome:
    """Store a tablet's rating of the dossier its ticket names.

    `age_ms` is how long the tablet held the rating (queued while offline): the tap's
    time is taken from the server's clock minus that age, since a tablet's own clock
    may be wrong; never before the dossier was shown.
    """
    read = ticket_read(ticket)
    if read is None or read.device_id != device.pk:
        raise BAD_TICKET
    dossier = Dossier.objects.filter(pk=read.dossier_id).first()
    if dossier is None:
        raise BAD_TICKET
    now = now or timezone.now()
    held = timedelta(milliseconds=min(max(age_ms, 0), TICKET_MAX_AGE * 1000))
    submitted_at = min(max(now - held, read.serving_since), now)
    try:
        outcome = rating_submit(dossier=dossier, channel=RatingChannel.KIOSK, satisfaction=satisfaction,
                                client_id=client_id, device=device, fingerprint=fingerprint,
                                submitted_at=submitted_at)
    except RatingRefused as refusal:
        log.info("kiosk rating refused: device %s, %s", device.pk, refusal.code)
        if refusal.code == ALREADY_RATED.code:
            return KioskOutcome("already_rated")
        raise CounterRefused(refusal.code, refusal.message_vi, refusal.message_en) from None
    return KioskOutcome("created" if outcome.created else "resent")


def entered_by_name(user: Any, official: Official | None) -> str:
    """Who entered a paper form: a readable name and the login that vouches for it."""
    name = official.full_name if official else (user.get_full_name() or "")
    username = user.get_username()
    return f"{name} ({username})" if name and name != username else username


def _dossier_by_code(code: str) -> Dossier | None:
    dossier = Dossier.objects.filter(code=code).first()
    if dossier is None and code.isascii():
        # Clerks type codes in any case; SQLite folds ASCII only, and codes are ASCII.
        dossier = Dossier.objects.filter(code__iexact=code).first()
    return dossier


def paper_rating_enter(*, user: Any, official: Official | None, batch: str, dossier_code: str,
                       satisfaction: str, agencies_contacted: int | None = None,
                       disclosure_seen: str | None = None, comment: str = "") -> RatingOutcome:
    """Store one paper form, with who entered it and its batch.

    A desk official enters forms of their own unit's dossiers only; staff any dossier.
    Raises CounterRefused (unknown dossier, another unit's) or RatingRefused (already
    rated: the first rating stays).
    """
    batch = unicodedata.normalize("NFC", batch).strip()
    code = unicodedata.normalize("NFC", dossier_code).strip()
    if not batch or len(batch) > MAX_BATCH:
        raise CounterRefused("bad_batch", f"Số lô phiếu là bắt buộc, tối đa {MAX_BATCH} ký tự.",
                             f"The batch number is required, at most {MAX_BATCH} characters.")
    dossier = _dossier_by_code(code) if code else None
    if dossier is None:
        raise CounterRefused("unknown_dossier",
                             f"Không tìm thấy hồ sơ có mã “{code}”. Xin kiểm tra lại mã trên phiếu.",
                             f"No dossier has the code “{code}”. Please check the form.")
    if not user.is_staff and (official is None or official.unit_id not in (dossier.desk_id, dossier.unit_id)):
        raise CounterRefused("not_your_unit",
                             f"Hồ sơ “{dossier.code}” không thuộc đơn vị của ông/bà.",
                             f"Dossier “{dossier.code}” does not belong to your unit.")
    return rating_submit(dossier=dossier, channel=RatingChannel.PAPER, satisfaction=satisfaction,
                         agencies_contacted=agencies_contacted, disclosure_seen=disclosure_seen,
                         comment=comment, entered_by=entered_by_name(user, official), batch=batch)
