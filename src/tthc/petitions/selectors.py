"""Reads of the petitions app: the agencies a citizen may petition, a petition's public
status by tracking code, and what a logged-in person may see and do."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from tthc.access.roles import Role, viewer_of
from tthc.dossiers.codes import code_key
from tthc.organisation.models import Official, Unit, UnitKind
from tthc.organisation.selectors import former_names

from .models import Petition, PetitionStatus

PETITIONED_KINDS = (UnitKind.PROVINCE_AGENCY, UnitKind.DISTRICT, UnitKind.COMMUNE)
# Only codes drawn here are looked up by citizens: imported petitions carry the source
# system's codes, often sequential, which anyone could enumerate.
TRACKING_CODE = re.compile(r"^PAKN-\d{4}-[A-Z0-9]{8}$")
APPRAISE_PERMISSION = "petitions.change_petition"
VIEW_PERMISSION = "petitions.view_petition"


def petition_units() -> QuerySet[Unit]:
    """Units a petition may be about: agencies, districts and communes valid today."""
    today = timezone.localdate()
    return (Unit.objects.filter(kind__in=PETITIONED_KINDS)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .order_by("name", "code"))


@dataclass(frozen=True)
class PetitionUnit:
    code: str
    name: str
    kind: str
    former: list[str]  # names of the ended units it took over


def _by_name(name: str) -> tuple[str, str]:
    """Vietnamese order, near enough: letters before their accented forms, đ after d."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch))
    return bare.replace("đ", "d~").replace("Đ", "D~").casefold(), name


def petition_unit_list() -> list[PetitionUnit]:
    """`petition_units` sorted by name, with the former names of each: a unit that ended
    is offered as its successor (valid today), and one ended with none is not offered."""
    units = list(petition_units())
    former = former_names(units)
    return [PetitionUnit(u.code, u.name, u.kind, former.get(u.pk, []))
            for u in sorted(units, key=lambda u: _by_name(u.name))]


def tracking_code_normalise(code: str) -> str:
    """What a citizen types (any case, spaces, dots, missing dashes) as the stored code;
    read like a dossier code (`dossiers.codes.code_key`)."""
    text = code_key(code)
    match = re.fullmatch(r"PAKN(\d{4})([A-Z0-9]{8})", text)
    return f"PAKN-{match[1]}-{match[2]}" if match else ""


def petition_by_tracking_code(code: str) -> Petition | None:
    normalised = tracking_code_normalise(code)
    if not TRACKING_CODE.match(normalised):
        return None
    return Petition.objects.filter(code=normalised).first()


@dataclass(frozen=True)
class PublicStatus:
    """What the citizen who holds the tracking code sees — and nothing else."""

    code: str
    status: str
    status_vi: str
    status_en: str
    prolonged: bool
    times_raised: int
    received_at: datetime
    answer_due_at: datetime | None
    answered_at: datetime | None
    answer: str | None


STATUS_EN = {
    PetitionStatus.RECEIVED: "Received",
    PetitionStatus.CLASSIFIED: "Being handled",
    PetitionStatus.ANSWERED: "Answered",
}


def petition_public_status(petition: Petition) -> PublicStatus:
    status = PetitionStatus(petition.status)
    with translation.override("vi"):  # the label is translated on pages; status_vi stays Vietnamese
        status_vi = str(status.label)
    answered = status == PetitionStatus.ANSWERED or bool(petition.answer)
    return PublicStatus(
        code=petition.code, status=status.value, status_vi=status_vi, status_en=STATUS_EN[status],
        prolonged=bool(petition.prolonged), times_raised=petition.times_raised,
        received_at=petition.received_at, answer_due_at=petition.answer_due_at,
        answered_at=petition.answered_at if answered else None,
        answer=petition.answer if answered else None,
    )


def can_appraise(user: object) -> bool:
    """The appraiser (the role, or staff given the change permission) marks complaints
    upheld or not (not one about themselves: `about_themselves`, checked by the page and
    `petition_decide`)."""
    if viewer_of(user).role == Role.APPRAISER:
        return True
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False)
                and user.has_perm(APPRAISE_PERMISSION))  # type: ignore[attr-defined]


def _own_unit(user: object) -> int | None:
    """The unit a desk official works in or an agency leader acts for (tthc.access.roles):
    the one whose petitions they handle."""
    viewer = viewer_of(user)
    return viewer.unit_id if viewer.role in (Role.DESK_OFFICIAL, Role.AGENCY_LEADER) else None


CONFLICT_VI = ("Phản ánh này nêu tên ông/bà là cán bộ bị phản ánh. Để tránh xung đột lợi ích, ông/bà chỉ "
               "được xem, không được phân loại, kết luận hay trả lời; lãnh đạo hoặc cán bộ khác của đơn vị "
               "sẽ xử lý.")
CONFLICT_EN = ("This petition names you as the official concerned. To avoid a conflict of interest you may "
               "read it, but not classify, decide or answer it; your leader or a colleague will.")


def about_themselves(user: object, petition: Petition) -> bool:
    """The petition is about the person asking: the official it names is their login's.

    Checked for every role, administrators included: nobody handles a petition about
    themselves, not even to reclassify it as "about no official".
    """
    pk = getattr(user, "pk", None)
    about = petition.about_official
    return pk is not None and about is not None and about.user_id == pk


def can_handle(user: object, petition: Petition) -> bool:
    """Classify and answer: an administrator, or an official or the leader of the
    petitioned unit — unless the petition is about them."""
    if not getattr(user, "is_active", False) or about_themselves(user, petition):
        return False
    if getattr(user, "is_superuser", False):
        return True
    unit = _own_unit(user)
    return unit is not None and unit == petition.unit_id


def petitions_visible(user: object) -> QuerySet[Petition] | None:
    """Petitions a logged-in person may open: all for administrators, appraisers and
    staff who read petitions; their own unit's for an official or the unit's leader; None
    for anyone else."""
    petitions = Petition.objects.select_related("unit", "about_official", "dossier")
    if not getattr(user, "is_active", False):
        return None
    if getattr(user, "is_superuser", False) or can_appraise(user) or (
            getattr(user, "is_staff", False) and user.has_perm(VIEW_PERMISSION)):  # type: ignore[attr-defined]
        return petitions
    unit = _own_unit(user)
    if unit is None:
        return None
    return petitions.filter(unit_id=unit)


def unit_officials(unit_id: int) -> QuerySet[Official]:
    return Official.objects.filter(unit_id=unit_id).order_by("full_name", "code")


# --- The desk's list ----------------------------------------------------------------

DESK_PER_PAGE = 50


@dataclass(frozen=True)
class DeskFilter:
    """What the desk's list is narrowed to ("" for all; state "open": not yet answered)."""

    state: str = "open"
    unit: str = ""  # a unit's code
    official: str = ""  # the code of the official a petition is about
    search: str = ""  # part of a petition's or its dossier's code


def desk_petitions(visible: QuerySet[Petition], chosen: DeskFilter) -> QuerySet[Petition]:
    """The visible petitions narrowed by `chosen`, newest first (the latest received on
    top, as the desk works through them)."""
    petitions = visible
    if chosen.state == "open":
        petitions = petitions.exclude(status=PetitionStatus.ANSWERED)
    elif chosen.state in PetitionStatus.values:
        petitions = petitions.filter(status=chosen.state)
    if chosen.unit:
        petitions = petitions.filter(unit__code=chosen.unit)
    if chosen.official:
        petitions = petitions.filter(about_official__code=chosen.official)
    text = chosen.search.strip()
    if text:
        tracking = tracking_code_normalise(text)
        petitions = petitions.filter(Q(code__icontains=text) | Q(dossier__code__icontains=text)
                                     | (Q(code=tracking) if tracking else Q(pk__in=[])))
    return petitions.order_by("-received_at", "-id")


def desk_choices(visible: QuerySet[Petition]) -> dict[str, list[tuple[str, str]]]:
    """The agencies and the officials the visible petitions are about, for the filters
    (code, name), by name."""
    units = (visible.order_by().values_list("unit__code", "unit__name").distinct())
    officials = (visible.filter(about_official__isnull=False).order_by()
                 .values_list("about_official__code", "about_official__full_name").distinct())
    return {"units": sorted(units, key=lambda u: (u[1], u[0])),
            "officials": sorted(officials, key=lambda o: (o[1], o[0]))}
