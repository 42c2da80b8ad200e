"""The five roles and what each may see (issue 5; docs/architecture.md "Roles").

| Role | Who | Sees |
|---|---|---|
| admin | superuser | everything; manages the system (not the appraisal) |
| appraiser | the appraisers' group (Văn phòng UBND tỉnh) | every agency; appraises, publishes, reopens |
| agency_leader | `AgencyLeader` | its own agency and that agency's officials; self-assesses |
| desk_official | `Official.user` | its own scores and dossiers |
| public | anyone else, logged in or not | published periods only |

Every page asks `viewer_of(request.user)` and one of the `may_…` questions below, so
that a rule about who sees what lives here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext, gettext_noop

# The provincial People's Committee Office runs the evaluation (glossary: role appraiser).
APPRAISER_GROUP = "Thẩm định — Văn phòng UBND tỉnh"


class Role(StrEnum):
    ADMIN = "admin"
    APPRAISER = "appraiser"
    AGENCY_LEADER = "agency_leader"
    DESK_OFFICIAL = "desk_official"
    PUBLIC = "public"

    @property
    def label_vi(self) -> str:
        """The role's name in Vietnamese, whatever the page's language."""
        return ROLE_LABELS[self]

    @property
    def label(self) -> str:
        """The role's name in the page's language (the header's "Vai trò: …")."""
        return gettext(ROLE_LABELS[self])


# Marked for the catalogue, kept in Vietnamese here: `label` translates when it is read.
ROLE_LABELS = {
    Role.ADMIN: gettext_noop("Quản trị hệ thống"),
    Role.APPRAISER: gettext_noop("Thẩm định (Văn phòng UBND tỉnh)"),
    Role.AGENCY_LEADER: gettext_noop("Lãnh đạo cơ quan, đơn vị"),
    Role.DESK_OFFICIAL: gettext_noop("Cán bộ Bộ phận Một cửa"),
    Role.PUBLIC: gettext_noop("Công chúng"),
}


@dataclass(frozen=True)
class Viewer:
    role: Role
    # The agency a leader acts for, or the unit a desk official works in.
    unit_id: int | None = None
    official_id: int | None = None

    @property
    def sees_all(self) -> bool:
        """Administrator and appraiser read every agency, published or not."""
        return self.role in (Role.ADMIN, Role.APPRAISER)

    @property
    def is_staff_role(self) -> bool:
        """Any role with pages behind the log-in (everyone but the public)."""
        return self.role != Role.PUBLIC


PUBLIC = Viewer(Role.PUBLIC)
_CACHE = "_tthc_viewer"


def viewer_of(user: Any) -> Viewer:
    """The role of a (possibly anonymous) user, worked out once per user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return PUBLIC
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    viewer = _resolve(user)
    setattr(user, _CACHE, viewer)
    return viewer


def _resolve(user: Any) -> Viewer:
    from tthc.access.models import AgencyLeader
    from tthc.organisation.models import Official

    if user.is_superuser:
        return Viewer(Role.ADMIN)
    if user.groups.filter(name=APPRAISER_GROUP).exists():
        return Viewer(Role.APPRAISER)
    leader = AgencyLeader.objects.filter(user=user).values_list("unit_id", flat=True).first()
    if leader is not None:
        return Viewer(Role.AGENCY_LEADER, unit_id=leader)
    official = Official.objects.filter(user=user).values_list("id", "unit_id").first()
    if official is not None:
        return Viewer(Role.DESK_OFFICIAL, unit_id=official[1], official_id=official[0])
    return PUBLIC


def may_view_unit(viewer: Viewer, unit_id: int) -> bool:
    """An agency's unpublished scores, self-assessment and dossiers."""
    return viewer.sees_all or (viewer.role == Role.AGENCY_LEADER and viewer.unit_id == unit_id)


def may_view_official(viewer: Viewer, *, official_id: int, unit_id: int) -> bool:
    """An official's scores: the appraisers, their agency's leader, themselves."""
    if viewer.sees_all:
        return True
    if viewer.role == Role.AGENCY_LEADER:
        return viewer.unit_id == unit_id
    return viewer.role == Role.DESK_OFFICIAL and viewer.official_id == official_id


def may_self_assess(viewer: Viewer, unit_id: int) -> bool:
    """Only the agency's own leader explains its self-score."""
    return viewer.role == Role.AGENCY_LEADER and viewer.unit_id == unit_id


def may_appraise(viewer: Viewer) -> bool:
    """Appraisal, publication and reopening belong to the provincial office alone."""
    return viewer.role == Role.APPRAISER


def may_read_audit(viewer: Viewer) -> bool:
    return viewer.sees_all


def may_import_portal_figures(viewer: Viewer) -> bool:
    """The portal's published index figures are imported by the appraisers and the
    administrator (issue 12); the agencies only read them."""
    return viewer.sees_all


def may_view_dossier(viewer: Viewer, *, unit_ids: set[int], desk_id: int,
                     received_by_id: int | None) -> bool:
    """One dossier's page (issue 13). The appraisers and the administrator: every one.
    An agency's leader: the dossiers its agency is scored on — as the competent unit
    (`unit_ids` holds it), the receiving desk, or a unit that handled one of its steps
    (an inter-agency dossier costs each unit its own step's points). A desk official:
    the dossiers they received or that came in at their desk, as for the receipt
    (`ratings.selectors.receipt_printable_by`)."""
    if viewer.sees_all:
        return True
    if viewer.role == Role.AGENCY_LEADER:
        return viewer.unit_id in unit_ids
    if viewer.role == Role.DESK_OFFICIAL:
        return received_by_id == viewer.official_id or desk_id == viewer.unit_id
    return False


def may_read_reconciliation(viewer: Viewer) -> bool:
    """The reconciliation with the portal: the appraisers and the administrator read every
    unit's lines, an agency's (or commune's) leader its own unit's (issue 12)."""
    return viewer.sees_all or viewer.role == Role.AGENCY_LEADER


def reconciliation_units(viewer: Viewer) -> list[int] | None:
    """The units whose lines a viewer of the reconciliation reads (None: every unit)."""
    return None if viewer.sees_all else [viewer.unit_id] if viewer.unit_id is not None else []


def may_manage_counter_devices(viewer: Viewer, desk_id: int | None = None) -> bool:
    """A desk's counter tablets are registered, renamed, re-issued and revoked by the
    administrator and the leader of the desk's unit (issue 13); `desk_id` None asks
    whether the viewer manages any desk's tablets."""
    if viewer.role == Role.ADMIN:
        return True
    return viewer.role == Role.AGENCY_LEADER and (desk_id is None or viewer.unit_id == desk_id)
