"""Who is who: each persona's role, and what each role may see (tthc.access.roles)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from personas import agency_personas_create

from tthc.access.roles import (
    Role,
    may_appraise,
    may_read_audit,
    may_self_assess,
    may_view_official,
    may_view_unit,
    viewer_of,
)
from tthc.organisation.models import Official, Unit, UnitKind


@pytest.fixture
def world(personas):
    unit = Unit.objects.create(code="STP", name="Sở Tư pháp", kind=UnitKind.PROVINCE_AGENCY)
    other = Unit.objects.create(code="STC", name="Sở Tài chính", kind=UnitKind.PROVINCE_AGENCY)
    official = Official.objects.create(code="CB1", full_name="Nguyễn Văn A", unit=unit)
    colleague = Official.objects.create(code="CB2", full_name="Trần Thị B", unit=unit)
    agency = agency_personas_create(unit=unit, official=official, other_unit=other)
    return personas, agency, unit, other, official, colleague


def test_each_persona_has_its_role(world) -> None:
    personas, agency, unit, other, official, _ = world
    assert viewer_of(personas.admin).role == Role.ADMIN
    assert viewer_of(personas.appraiser).role == Role.APPRAISER
    assert viewer_of(personas.outsider).role == Role.PUBLIC
    assert viewer_of(AnonymousUser()).role == Role.PUBLIC
    leader = viewer_of(agency.leader)
    assert (leader.role, leader.unit_id) == (Role.AGENCY_LEADER, unit.pk)
    desk = viewer_of(agency.desk_official)
    assert (desk.role, desk.unit_id, desk.official_id) == (Role.DESK_OFFICIAL, unit.pk, official.pk)
    assert viewer_of(agency.other_leader).unit_id == other.pk


def test_an_inactive_account_is_the_public(world) -> None:
    _, agency, *_ = world
    agency.leader.is_active = False
    assert viewer_of(agency.leader).role == Role.PUBLIC


def test_what_each_role_may_see_and_do(world) -> None:
    personas, agency, unit, _other, official, colleague = world
    admin, appraiser = viewer_of(personas.admin), viewer_of(personas.appraiser)
    leader, other_leader = viewer_of(agency.leader), viewer_of(agency.other_leader)
    desk, public = viewer_of(agency.desk_official), viewer_of(personas.outsider)

    assert [may_view_unit(v, unit.pk) for v in (admin, appraiser, leader, other_leader, desk, public)] \
        == [True, True, True, False, False, False]
    own = {"official_id": official.pk, "unit_id": unit.pk}
    theirs = {"official_id": colleague.pk, "unit_id": unit.pk}
    assert [may_view_official(v, **own) for v in (admin, appraiser, leader, other_leader, desk, public)] \
        == [True, True, True, False, True, False]
    assert may_view_official(desk, **theirs) is False
    assert [may_self_assess(v, unit.pk) for v in (admin, appraiser, leader, other_leader, desk)] \
        == [False, False, True, False, False]
    assert [may_appraise(v) for v in (admin, appraiser, leader, desk, public)] \
        == [False, True, False, False, False]
    assert [may_read_audit(v) for v in (admin, appraiser, leader, desk, public)] \
        == [True, True, False, False, False]
