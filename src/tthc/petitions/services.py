"""Writes of the petitions app: a citizen's petition (phản ánh, kiến nghị) from receipt
to answer, its classification, the appraiser's decision, and dragged-on marking.

Every change is written to the audit log. Views, the JSON API and the management
command all call these functions.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from tthc.audit.services import audit_record, audit_records
from tthc.dossiers.codes import dossier_code_lookup
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official, Unit
from tthc.organisation.selectors import predecessors_of, working_calendar

from .deadlines import petition_deadlines
from .models import Petition, PetitionKind, PetitionStatus
from .selectors import CONFLICT_EN, CONFLICT_VI, about_themselves, petition_units, tracking_code_normalise

ANSWER_HOUR = time(17, 0)
MAX_CONTENT = 5000
MAX_ANSWER = 10000
MAX_NAME = 255

# No 0/O, 1/I/L: the code is read off a screen and typed back by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CITIZEN_ACTOR = "citizen"


class PetitionRefused(Exception):
    """A request the petition workflow refuses; the messages are shown as they are."""

    def __init__(self, code: str, message_vi: str, message_en: str, field: str | None = None) -> None:
        super().__init__(message_vi)
        self.code, self.message_vi, self.message_en, self.field = code, message_vi, message_en, field


@dataclass(frozen=True)
class Actor:
    """Who acts, for the audit log: a logged-in user, or a named channel (api:device-3)."""

    name: str
    user: object | None = None


def petition_answer_due(*, received_at: datetime, working_days: int | None = None) -> datetime:
    """The answer due date: the N-th working day after the day of receipt, at 17:00 local.

    N is ``working_days`` when given, else ``petitions.answer_working_days`` of the rule
    set in force on the day of receipt (``deadlines``). Counting starts on the working
    day after receipt, so a petition received on a weekend, a holiday or late in the day
    gets the same full time to answer.
    """
    received_day = timezone.localtime(received_at).date()
    days = petition_deadlines(received_day).answer_working_days if working_days is None else working_days
    # The next year too: fifteen working days from late December cross the next Tết.
    calendar = working_calendar(years=[received_day.year])
    due_day = calendar.add_working_days(received_day, days)
    return timezone.make_aware(datetime.combine(due_day, ANSWER_HOUR))


def clean_text(text: str | None, *, field: str, label_vi: str, label_en: str, limit: int,
               required: bool = False) -> str:
    """NFC text without control characters (PostgreSQL refuses NUL), within ``limit``."""
    text = unicodedata.normalize("NFC", text or "").strip()
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in text):
        raise PetitionRefused("control_characters", f"Trường “{label_vi}” chứa ký tự điều khiển không hợp lệ.",
                              f"Field “{label_en}” holds control characters.", field)
    if required and not text:
        raise PetitionRefused("required", f"Xin nhập “{label_vi}”.", f"“{label_en}” is required.", field)
    if len(text) > limit:
        raise PetitionRefused("too_long", f"“{label_vi}” dài quá {limit} ký tự.",
                              f"“{label_en}” is longer than {limit} characters.", field)
    return text


def _new_code(year: int) -> str:
    return f"PAKN-{year}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _fold(text: str) -> str:
    # Python's casefold handles Vietnamese; SQLite's lower() does not.
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _official_named(unit: Unit, named: str) -> Official | None:
    """The unit's official whose code or full name is exactly ``named``, when only one is."""
    wanted = _fold(named)
    matches = [o for o in Official.objects.filter(unit=unit).only("id", "code", "full_name", "unit_id")
               if _fold(o.code) == wanted or _fold(o.full_name) == wanted]
    return matches[0] if len(matches) == 1 else None


def _snapshot(petition: Petition, fields: tuple[str, ...]) -> dict[str, object]:
    values: dict[str, object] = {}
    for name in fields:
        value = getattr(petition, name)
        if name in {"unit", "dossier", "about_official"}:
            value = getattr(value, "code", None)
        values[name] = value
    return values


def _audit(petition: Petition, *, actor: Actor, action: str, before: dict[str, object] | None,
           after: dict[str, object] | None) -> None:
    audit_record(actor=actor.name, user=actor.user, action=action, object_type="petition",
                 object_key=petition.code, before=before, after=after)


def petition_submit(*, unit_code: str, content: str, dossier_code: str = "", official: str = "",
                    actor: Actor, received_at: datetime | None = None) -> Petition:
    """Receive a citizen's petition about an agency; returns it with its tracking code.

    ``official`` is what the citizen wrote (a code or a full name): when it names one
    official of the unit, the petition is about that official; otherwise the words are
    kept at the head of the content for the staff who classify it.
    """
    unit = petition_units().filter(code=(unit_code or "").strip()).first()
    if unit is None:
        raise PetitionRefused("unknown_unit", "Xin chọn cơ quan, đơn vị bị phản ánh trong danh sách.",
                              "Choose the agency from the list.", "unit")
    text = clean_text(content, field="content", label_vi="Nội dung phản ánh, kiến nghị",
                      label_en="Content", limit=MAX_CONTENT, required=True)
    dossier = None
    dossier_code = clean_text(dossier_code, field="dossier", label_vi="Mã hồ sơ", label_en="Dossier code",
                              limit=64)
    if dossier_code:
        found = dossier_code_lookup(dossier_code)
        dossier = (Dossier.objects.filter(code=found).only("id", "code", "unit_id", "desk_id").first()
                   if found else None)
        if dossier is None:
            raise PetitionRefused("unknown_dossier", "Không tìm thấy hồ sơ có mã này. Xin kiểm tra lại "
                                  "mã trên giấy tiếp nhận, hoặc để trống.",
                                  "No dossier has this code. Check the receipt, or leave it empty.",
                                  "dossier")
        # A dossier of a unit that has since ended is its successor's to answer for now.
        if unit.pk not in {dossier.unit_id, dossier.desk_id} and (
                dossier.unit_id not in {u.pk for u in predecessors_of(unit)}):
            raise PetitionRefused("dossier_of_another_unit", "Hồ sơ này không do cơ quan đã chọn tiếp nhận "
                                  "hoặc giải quyết.", "This dossier was not received or handled by the "
                                  "chosen agency.", "dossier")
    named = clean_text(official, field="official", label_vi="Cán bộ", label_en="Official", limit=MAX_NAME)
    about = _official_named(unit, named) if named else None
    if named and about is None:
        text = f"Cán bộ được nêu: {named}\n\n{text}"
    received = received_at or timezone.now()
    due = petition_answer_due(received_at=received)
    year = timezone.localtime(received).year
    for _attempt in range(5):
        try:
            with transaction.atomic():
                petition = Petition.objects.create(
                    code=_new_code(year), unit=unit, dossier=dossier, about_official=about,
                    received_at=received, answer_due_at=due, content=text,
                    status=PetitionStatus.RECEIVED, prolonged=False, times_raised=1)
                _audit(petition, actor=actor, action="petition_submit", before=None,
                       after=_snapshot(petition, ("unit", "dossier", "about_official", "received_at",
                                                  "answer_due_at", "status")))
            return petition
        except IntegrityError:
            continue  # a code drawn twice: 31^8 codes make this all but impossible
    raise RuntimeError("could not draw an unused petition code")


def _locked(petition: Petition, actor: Actor) -> Petition:
    """The petition, locked for the change, when `actor` may change it: nobody acts on a
    petition about themselves (checked on the locked row, so a reclassification made
    meanwhile is seen)."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins.
    locked = Petition.objects.select_for_update(of=("self",)).select_related(
        "unit", "dossier", "about_official").get(pk=petition.pk)
    if actor.user is not None and about_themselves(actor.user, locked):
        raise PetitionRefused("conflict_of_interest", CONFLICT_VI, CONFLICT_EN)
    return locked


def petition_classify(*, petition: Petition, kind: str, about_official: Official | None,
                      actor: Actor) -> Petition:
    """The agency records what the petition is about: the rules, or an official's conduct."""
    if kind not in PetitionKind.values:
        raise PetitionRefused("bad_kind", "Xin chọn loại phản ánh.", "Choose the kind of petition.", "kind")
    if about_official is not None and about_official.unit_id != petition.unit_id:
        raise PetitionRefused("official_of_another_unit", "Cán bộ này không thuộc cơ quan bị phản ánh.",
                              "This official does not belong to the agency petitioned.", "about_official")
    fields = ("kind", "about_official", "status")
    with transaction.atomic():
        petition = _locked(petition, actor)
        before = _snapshot(petition, fields)
        petition.kind, petition.about_official = kind, about_official
        if petition.status == PetitionStatus.RECEIVED:
            petition.status = PetitionStatus.CLASSIFIED
        after = _snapshot(petition, fields)
        if before != after:
            petition.save(update_fields=["kind", "about_official", "status"])
            _audit(petition, actor=actor, action="petition_classify", before=before, after=after)
    return petition


def petition_answer(*, petition: Petition, answer: str, actor: Actor,
                    answered_at: datetime | None = None) -> Petition:
    """The agency's answer. The first answer's date is the one indicator 8 counts; an
    answer to a petition raised again is added below the earlier one."""
    text = clean_text(answer, field="answer", label_vi="Nội dung trả lời", label_en="Answer",
                      limit=MAX_ANSWER, required=True)
    fields = ("answer", "answered_at", "status")
    with transaction.atomic():
        petition = _locked(petition, actor)
        if petition.status == PetitionStatus.ANSWERED:
            raise PetitionRefused("already_answered", "Phản ánh này đã được trả lời.",
                                  "This petition has already been answered.")
        if not petition.kind:
            raise PetitionRefused("not_classified", "Xin phân loại phản ánh trước khi trả lời.",
                                  "Classify the petition before answering it.", "kind")
        now = answered_at or timezone.now()
        if now < petition.received_at:
            raise PetitionRefused("answered_before_received", "Ngày trả lời không thể trước ngày tiếp nhận.",
                                  "The answer cannot predate the petition.", "answered_at")
        before = _snapshot(petition, fields)
        if petition.answer:
            stamp = timezone.localtime(now).strftime("%d/%m/%Y")
            text = f"{petition.answer}\n\n— Trả lời lần sau, ngày {stamp}:\n{text}"
        petition.answer = text
        petition.answered_at = petition.answered_at or now
        petition.status = PetitionStatus.ANSWERED
        petition.save(update_fields=["answer", "answered_at", "status"])
        _audit(petition, actor=actor, action="petition_answer", before=before,
               after=_snapshot(petition, fields))
    return petition


def petition_decide(*, petition: Petition, upheld: bool, actor: Actor, reason: str = "") -> Petition:
    """The appraiser's finding: the complaint is upheld (phản ánh đúng) or not."""
    reason = clean_text(reason, field="reason", label_vi="Lý do", label_en="Reason", limit=MAX_CONTENT)
    with transaction.atomic():
        petition = _locked(petition, actor)
        if not petition.kind:
            raise PetitionRefused("not_classified", "Phản ánh chưa được phân loại; chưa thể kết luận.",
                                  "The petition is not classified yet.", "upheld")
        before = _snapshot(petition, ("upheld",))
        if before["upheld"] is not upheld:
            petition.upheld = upheld
            petition.save(update_fields=["upheld"])
            audit_record(actor=actor.name, user=actor.user, action="petition_decide", object_type="petition",
                         object_key=petition.code, before=before, after={"upheld": upheld}, reason=reason)
    return petition


def petition_raise_again(*, code: str, note: str = "", now: datetime | None = None) -> Petition:
    """The citizen raises the petition again with its tracking code: it is dragged on.

    Allowed once the petition is answered or its answer is due: before that the agency
    still has its full time, and raising it again would not be fair to count against it.
    """
    note = clean_text(note, field="note", label_vi="Nội dung bổ sung", label_en="Additional content",
                      limit=MAX_CONTENT)
    now = now or timezone.now()
    fields = ("times_raised", "prolonged", "status", "content")
    with transaction.atomic():
        petition = (Petition.objects.select_for_update()
                    .filter(code=tracking_code_normalise(code)).first())
        if petition is None:
            raise PetitionRefused("not_found", "Không tìm thấy phản ánh có mã theo dõi này.",
                                  "No petition has this tracking code.", "code")
        due = petition.answer_due_at
        if petition.status != PetitionStatus.ANSWERED and due is not None and now <= due:
            local_due = timezone.localtime(due)
            raise PetitionRefused(
                "not_due_yet", f"Phản ánh đang trong thời hạn trả lời (đến {local_due:%H:%M} ngày "
                f"{local_due:%d/%m/%Y}). Ông/bà có thể phản ánh lại sau thời hạn này.",
                f"The agency may answer until {local_due:%H:%M} on {local_due:%d/%m/%Y}; you can raise it again "
                "after that.", "code")
        before = _snapshot(petition, fields)
        petition.times_raised += 1
        petition.prolonged = True
        if petition.status == PetitionStatus.ANSWERED:
            petition.status = PetitionStatus.CLASSIFIED if petition.kind else PetitionStatus.RECEIVED
        if note:
            stamp = timezone.localtime(now).strftime("%d/%m/%Y")
            petition.content = f"{petition.content}\n\n— Phản ánh lại lần {petition.times_raised}, " \
                               f"ngày {stamp}:\n{note}"
        petition.save(update_fields=list(fields))
        after = _snapshot(petition, fields)
        # The content is the citizen's words: the log keeps only that it changed.
        before["content"], after["content"] = len(before["content"] or ""), len(after["content"] or "")
        _audit(petition, actor=Actor(CITIZEN_ACTOR), action="petition_raise_again", before=before, after=after)
    return petition


def petitions_mark_prolonged(*, now: datetime | None = None, after_days: int | None = None,
                             actor: Actor | None = None) -> list[str]:
    """Mark as dragged on (kéo dài) every petition still unanswered more than N calendar
    days past its answer due date; returns their codes.

    N is ``after_days`` when given, else each petition's own: the
    ``petitions.prolonged_after_days`` in force on the day it was received (``deadlines``).
    """
    now = now or timezone.now()
    actor = actor or Actor("cli:petitions_mark_prolonged")
    with transaction.atomic():
        # Past due at all, then each against its own N: the past-due unanswered ones are
        # few, and N can differ between them.
        past_due = now - timedelta(days=after_days or 0)
        candidates = (Petition.objects.select_for_update()
                      .filter(answered_at__isnull=True, answer_due_at__lt=past_due)
                      .exclude(prolonged=True).order_by("code")
                      .values_list("pk", "code", "prolonged", "received_at", "answer_due_at"))
        by_days: dict[int, list[tuple[int, str, bool | None]]] = {}
        for pk, code, prolonged, received_at, due in candidates:
            days = (petition_deadlines(timezone.localtime(received_at).date()).prolonged_after_days
                    if after_days is None else after_days)
            if due < now - timedelta(days=days):
                by_days.setdefault(days, []).append((pk, code, prolonged))
        Petition.objects.filter(pk__in=[pk for rows in by_days.values() for pk, _, _ in rows]).update(
            prolonged=True)
        # One reason a limit: the log says which N each petition was marked under.
        for days, rows in sorted(by_days.items()):
            audit_records(actor=actor.name, user=actor.user, action="petition_mark_prolonged",
                          object_type="petition",
                          changes=[(code, {"prolonged": prolonged}, {"prolonged": True})
                                   for _, code, prolonged in rows],
                          reason=f"Chưa trả lời sau hạn quá {days} ngày / unanswered {days} days past due")
    return sorted(code for rows in by_days.values() for _, code, _ in rows)
