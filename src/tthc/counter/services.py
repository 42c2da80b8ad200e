"""Writes of the counter app: issuing tablets, sending a dossier to one, the ratings a
tablet or a clerk entering paper forms stores (always through `rating_submit`), the
correction of a wrongly keyed paper form, and the count of a device's refusals.

A device acts only for its own desk: the dossiers received there (`Dossier.desk` is the
device's `desk`), on its own channel (kiosk). Nobody keys or corrects the paper form of
a dossier they received themselves (docs/operations.md, "What a counter device may do";
docs/counter.md)."""

from __future__ import annotations

import logging
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from tthc.audit.services import audit_record
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official, Unit
from tthc.organisation.selectors import official_of
from tthc.ratings.models import DisclosureSeen, Rating, RatingChannel, Satisfaction
from tthc.ratings.services import ALREADY_RATED, MAX_AGENCIES, RatingOutcome, RatingRefused, rating_submit

from .credentials import TICKET_MAX_AGE, ticket_read, token_hash, token_new
from .models import CounterDevice

# Only device ids and outcome codes are logged: never a dossier, an address or a choice.
log = logging.getLogger("tthc.counter")

OBJECT_TYPE = "counter_device"
MAX_BATCH = 64
MAX_REASON = 2000
# Who may key and correct the paper forms of any dossier (a province's clerks); a desk
# official keys those of their own unit without it (ratings.0004).
PAPER_PERMISSION = "ratings.enter_paper_rating"


class CounterRefused(Exception):
    """An action of the counter app that cannot be done; the messages are shown as they are."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi)
        self.code, self.message_vi, self.message_en = code, message_vi, message_en


OTHER_DESK = CounterRefused(
    "other_desk",
    "Hồ sơ này được tiếp nhận tại Bộ phận Một cửa khác. Thiết bị tại quầy chỉ dùng cho hồ sơ "
    "tiếp nhận tại quầy của mình.",
    "This dossier was received at another desk. A counter device acts only for dossiers "
    "received at its own desk.")


def device_serves(device: CounterDevice, *, desk_id: int) -> bool:
    """The one rule of a device's reach: a dossier received at the device's own desk."""
    return device.desk_id == desk_id


def counter_device_refusal_count(*, device: CounterDevice, code: str, now: datetime | None = None) -> None:
    """Count one refusal of `device` for the operator (the admin's device list shows it).

    One UPDATE, so concurrent refusals all count; only the device id and the code are
    logged, never what was asked for.
    """
    CounterDevice.objects.filter(pk=device.pk).update(
        refusals=F("refusals") + 1, last_refusal_at=now or timezone.now(), last_refusal_code=code[:64])
    log.info("device %s refused: %s", device.pk, code)


@dataclass(frozen=True)
class IssuedDevice:
    device: CounterDevice
    token: str  # shown once to whoever issued it; only its hash is stored


MAX_DEVICE_NAME = 255


def _device_name(name: str, *, desk: Unit, keep: CounterDevice | None = None) -> str:
    """The name as stored (NFC, trimmed), refused when empty, too long, or already the
    name of another tablet in use at the desk (a revoked one frees its name)."""
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise CounterRefused("no_name", "Thiết bị cần có tên (ví dụ: “Quầy 3”).",
                             "The device needs a name (e.g. “Counter 3”).")
    if len(name) > MAX_DEVICE_NAME or any(unicodedata.category(ch) == "Cc" for ch in name):
        raise CounterRefused("bad_name", f"Tên thiết bị không quá {MAX_DEVICE_NAME} ký tự và không chứa "
                             "ký tự điều khiển.", "The name is too long or holds control characters.")
    taken = CounterDevice.objects.filter(desk=desk, name=name, active=True)
    if keep is not None:
        taken = taken.exclude(pk=keep.pk)
    if taken.exists():
        raise CounterRefused("name_taken", f"Bộ phận Một cửa {desk.code} đã có thiết bị “{name}”.",
                             f"Desk {desk.code} already has a device named “{name}”.")
    return name


def _not_revoked(device: CounterDevice) -> None:
    if not device.active:
        raise CounterRefused("revoked", f"Thiết bị “{device.name}” đã bị thu hồi; hãy đăng ký thiết bị mới.",
                             f"Device “{device.name}” was revoked; register a new one.")


@transaction.atomic
def counter_device_add(*, name: str, desk: Unit, actor: str, user: Any = None) -> IssuedDevice:
    """Register a tablet for a desk and issue its token."""
    name = _device_name(name, desk=desk)
    token = token_new()
    device = CounterDevice.objects.create(name=name, desk=desk, token_hash=token_hash(token))
    audit_record(actor=actor, user=user, action="counter_device_add", object_type=OBJECT_TYPE,
                 object_key=str(device.pk), before=None,
                 after={"name": name, "desk": desk.code, "active": True})
    return IssuedDevice(device, token)


@transaction.atomic
def counter_device_token_renew(*, device: CounterDevice, actor: str, user: Any = None) -> IssuedDevice:
    """Issue a new token (a tablet lost or stolen): the old one stops working at once."""
    _not_revoked(device)
    token = token_new()
    CounterDevice.objects.filter(pk=device.pk).update(token_hash=token_hash(token))
    device.refresh_from_db()
    audit_record(actor=actor, user=user, action="counter_device_token_renew", object_type=OBJECT_TYPE,
                 object_key=str(device.pk), before=None, after={"name": device.name},
                 reason="Cấp lại khóa thiết bị; khóa cũ hết hiệu lực / token re-issued")
    return IssuedDevice(device, token)


@transaction.atomic
def counter_device_rename(*, device: CounterDevice, name: str, actor: str, user: Any = None) -> CounterDevice:
    """Give a tablet another name (it moved to another counter); its token stays valid."""
    _not_revoked(device)
    before = device.name
    name = _device_name(name, desk=device.desk, keep=device)
    if name == before:
        return device
    CounterDevice.objects.filter(pk=device.pk).update(name=name)
    device.name = name
    audit_record(actor=actor, user=user, action="counter_device_rename", object_type=OBJECT_TYPE,
                 object_key=str(device.pk), before={"name": before}, after={"name": name})
    return device


@transaction.atomic
def counter_device_revoke(*, device: CounterDevice, actor: str, user: Any = None) -> CounterDevice:
    """Stop a tablet for good: its token no longer binds nor rates, and it shows no dossier."""
    _not_revoked(device)
    CounterDevice.objects.filter(pk=device.pk).update(
        active=False, serving_official=None, serving_dossier=None, serving_since=None)
    device.refresh_from_db()
    audit_record(actor=actor, user=user, action="counter_device_revoke", object_type=OBJECT_TYPE,
                 object_key=str(device.pk), before={"name": device.name, "active": True},
                 after={"name": device.name, "active": False})
    return device


def counter_device_serve(*, device: CounterDevice, official: Official, dossier: Dossier,
                         at: datetime | None = None) -> CounterDevice:
    """Show `dossier` on the tablet as just served by `official` (the one click at the desk)."""
    if not device.active or device.desk_id != official.unit_id:
        raise CounterRefused("not_your_device", "Thiết bị này không thuộc quầy của ông/bà.",
                             "This device does not belong to your desk.")
    if dossier.received_by_id != official.pk:
        raise CounterRefused("not_your_dossier", "Ông/bà không phải người tiếp nhận hồ sơ này.",
                             "You did not receive this dossier.")
    if not device_serves(device, desk_id=dossier.desk_id):
        raise OTHER_DESK
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

    `submitted_at`, the time scoring reads, is the server's clock when the rating
    arrives: the tablet decides nothing about which period a rating counts in.
    `age_ms` (how long the tablet says it held the rating, queued while offline) only
    dates the tap for information, as `client_submitted_at`: the server's time minus
    that age, never before the dossier was shown nor after now.
    """
    read = ticket_read(ticket)
    if read is None or read.device_id != device.pk:
        raise BAD_TICKET
    dossier = Dossier.objects.filter(pk=read.dossier_id).first()
    if dossier is None:
        raise BAD_TICKET
    if not device_serves(device, desk_id=dossier.desk_id):
        raise OTHER_DESK  # the device was moved to another desk after showing it
    now = now or timezone.now()
    held = timedelta(milliseconds=min(max(age_ms, 0), TICKET_MAX_AGE * 1000))
    tapped_at = min(max(now - held, read.serving_since), now)
    try:
        outcome = rating_submit(dossier=dossier, channel=RatingChannel.KIOSK, satisfaction=satisfaction,
                                client_id=client_id, device=device, fingerprint=fingerprint,
                                submitted_at=now, client_submitted_at=tapped_at)
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


def _dossier_typed(dossier_code: str) -> Dossier:
    code = unicodedata.normalize("NFC", dossier_code).strip()
    dossier = _dossier_by_code(code) if code else None
    if dossier is None:
        raise CounterRefused("unknown_dossier",
                             f"Không tìm thấy hồ sơ có mã “{code}”. Xin kiểm tra lại mã trên phiếu.",
                             f"No dossier has the code “{code}”. Please check the form.")
    return dossier


def _official_of(user: Any, official: Official | None) -> Official | None:
    # Looked up when the caller gave none: the conflict rule must not depend on the caller.
    return official if official is not None else official_of(user)


def may_key_paper_forms(user: Any, official: Official | None) -> bool:
    """Who may open the paper pages: a desk official, or a holder of PAPER_PERMISSION."""
    return official is not None or bool(user.has_perm(PAPER_PERMISSION))


def _paper_refusal(user: Any, official: Official | None, dossier: Dossier) -> CounterRefused | None:
    """Why `user` may not key or correct the paper form of `dossier`, or None."""
    if official is not None and dossier.received_by_id == official.pk:
        return CounterRefused(
            "received_by_you",
            f"Ông/bà là người tiếp nhận hồ sơ “{dossier.code}”, nên không được nhập hay sửa phiếu "
            "đánh giá của hồ sơ này (tránh xung đột lợi ích). Xin chuyển phiếu cho cán bộ khác.",
            f"You received dossier “{dossier.code}”, so you may not enter or correct its rating "
            "(conflict of interest). Please hand the form to a colleague.")
    if user.has_perm(PAPER_PERMISSION):
        return None
    if official is None or official.unit_id not in (dossier.desk_id, dossier.unit_id):
        return CounterRefused("not_your_unit",
                              f"Hồ sơ “{dossier.code}” không thuộc đơn vị của ông/bà.",
                              f"Dossier “{dossier.code}” does not belong to your unit.")
    return None


def paper_rating_enter(*, user: Any, official: Official | None, batch: str, dossier_code: str,
                       satisfaction: str, agencies_contacted: int | None = None,
                       disclosure_seen: str | None = None, comment: str = "") -> RatingOutcome:
    """Store one paper form, with who entered it and its batch.

    A desk official enters forms of their own unit's dossiers; a holder of
    PAPER_PERMISSION any dossier's; nobody a dossier they received. Raises
    CounterRefused (unknown dossier, another unit's, one's own) or RatingRefused
    (already rated: the first rating stays).
    """
    batch = unicodedata.normalize("NFC", batch).strip()
    if not batch or len(batch) > MAX_BATCH:
        raise CounterRefused("bad_batch", f"Số lô phiếu là bắt buộc, tối đa {MAX_BATCH} ký tự.",
                             f"The batch number is required, at most {MAX_BATCH} characters.")
    dossier = _dossier_typed(dossier_code)
    official = _official_of(user, official)
    refusal = _paper_refusal(user, official, dossier)
    if refusal is not None:
        raise refusal
    return rating_submit(dossier=dossier, channel=RatingChannel.PAPER, satisfaction=satisfaction,
                         agencies_contacted=agencies_contacted, disclosure_seen=disclosure_seen,
                         comment=comment, entered_by=entered_by_name(user, official), batch=batch,
                         entered_by_user=user if getattr(user, "is_authenticated", False) else None)


# The answers a correction may change: those scoring reads. The citizen's comment is
# their own words, copied from the form; it is not corrected here.
CORRECTED_FIELDS = ("satisfaction", "agencies_contacted", "disclosure_seen")


def _keyed_by(rating: Rating, user: Any) -> bool:
    """Whether `user` keyed this paper form (rows keyed before the login was stored are
    recognised by the "Full name (login)" that entered_by_name wrote)."""
    if rating.entered_by_user_id is not None:
        return bool(rating.entered_by_user_id == user.pk)
    username = user.get_username()
    return rating.entered_by == username or rating.entered_by.endswith(f" ({username})")


def paper_rating_for_correction(*, user: Any, official: Official | None, dossier_code: str) -> Rating:
    """The paper rating of a dossier, when `user` may correct it; else CounterRefused."""
    dossier = _dossier_typed(dossier_code)
    rating = Rating.objects.filter(dossier=dossier).select_related("dossier").first()
    return _correctable(user, _official_of(user, official), dossier, rating)


def _correctable(user: Any, official: Official | None, dossier: Dossier, rating: Rating | None) -> Rating:
    if rating is None:
        raise CounterRefused("not_rated", f"Hồ sơ “{dossier.code}” chưa có phiếu đánh giá nào để sửa.",
                             f"Dossier “{dossier.code}” has no rating to correct.")
    if rating.channel != RatingChannel.PAPER:
        with translation.override("vi"):  # the label is translated; this message is the Vietnamese one
            channel = str(RatingChannel(rating.channel).label)
        raise CounterRefused(
            "not_paper",
            f"Đánh giá của hồ sơ “{dossier.code}” do công dân gửi qua kênh “{channel}”, không phải phiếu "
            "giấy: đánh giá của công dân không ai được sửa.",
            f"Dossier “{dossier.code}” was rated by the citizen through channel “{rating.channel}”, not on "
            "paper: a citizen's own rating is never changed.")
    refusal = _paper_refusal(user, official, dossier)
    if refusal is not None:
        raise refusal
    if _keyed_by(rating, user):
        raise CounterRefused(
            "keyed_by_you",
            f"Ông/bà đã nhập phiếu của hồ sơ “{dossier.code}”; việc sửa phải do một cán bộ khác có "
            "thẩm quyền thực hiện.",
            f"You keyed the form of dossier “{dossier.code}”; another authorised person must correct it.")
    return rating


def paper_rating_correct(*, user: Any, official: Official | None, dossier_code: str, satisfaction: str,
                         agencies_contacted: int | None, disclosure_seen: str | None,
                         reason: str) -> Rating:
    """Correct a wrongly keyed paper form: by someone who may key the dossier's forms, is
    not its receiver and did not key it; with a reason; audited with the old and new
    values. Ratings of every other channel are the citizen's own and are refused."""
    reason = unicodedata.normalize("NFC", reason or "").strip()
    if not reason or len(reason) > MAX_REASON or any(
            unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in reason):
        raise CounterRefused("bad_reason", f"Xin ghi lý do sửa phiếu (tối đa {MAX_REASON} ký tự).",
                             f"A reason is required (at most {MAX_REASON} characters).")
    if satisfaction not in Satisfaction.values or (
            disclosure_seen is not None and disclosure_seen not in DisclosureSeen.values) or (
            agencies_contacted is not None and not 0 <= agencies_contacted <= MAX_AGENCIES):
        raise CounterRefused("bad_answer", "Câu trả lời mới không hợp lệ.", "The corrected answers are not valid.")
    official = _official_of(user, official)
    dossier = _dossier_typed(dossier_code)
    with transaction.atomic():
        rating = _correctable(user, official, dossier,
                              Rating.objects.select_for_update().filter(dossier=dossier).first())
        before = {name: getattr(rating, name) for name in CORRECTED_FIELDS}
        after = {"satisfaction": satisfaction, "agencies_contacted": agencies_contacted,
                 "disclosure_seen": disclosure_seen}
        if before == after:
            raise CounterRefused("no_change", "Các câu trả lời mới giống hệt phiếu đã lưu; không có gì để sửa.",
                                 "The answers are the same as those stored; nothing to correct.")
        for name, value in after.items():
            setattr(rating, name, value)
        rating.save(update_fields=list(CORRECTED_FIELDS))
        audit_record(actor=f"web:{user.get_username()}", user=user, action="paper_rating_correct",
                     object_type="rating", object_key=dossier.code,
                     before={**before, "entered_by": rating.entered_by, "batch": rating.batch},
                     after=after, reason=reason)
    return rating
