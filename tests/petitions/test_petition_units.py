"""The units a citizen can petition today (issue 13): agencies and communes valid today,
by level and name; an ended unit is found under its successor, one with none is gone."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from petition_world import World

from tthc.dossiers.models import Dossier
from tthc.organisation.models import Unit
from tthc.petitions.models import Petition
from tthc.petitions.selectors import petition_unit_list
from tthc.petitions.services import Actor, PetitionRefused, petition_submit

pytestmark = pytest.mark.django_db
SUBMIT = reverse("petitions:submit")
CONTENT = "Hồ sơ trễ hẹn mà không có thư xin lỗi."
ENDED = date(2025, 6, 30)


def _merge(world: World) -> tuple[Unit, Unit]:
    """Xã Thanh Luông ends in 2025 into Xã Thanh Nưa; Sở đã giải thể has no successor."""
    new = Unit.objects.create(code="X-THANHNUA", name="Xã Thanh Nưa", kind="commune",
                              valid_from=date(2025, 7, 1))
    Unit.objects.filter(pk=world.commune.pk).update(valid_to=ENDED, successor=new)
    Unit.objects.create(code="X-ANG", name="Xã Ẳng Nưa", kind="commune")
    Unit.objects.create(code="BAN", name="Ban Quản lý các khu kinh tế", kind="province_agency")
    return new, world.commune


def test_units_are_sorted_by_name_within_each_level(world: World) -> None:
    _merge(world)

    units = petition_unit_list()

    communes = [u.name for u in units if u.kind == "commune"]
    agencies = [u.name for u in units if u.kind == "province_agency"]
    assert communes == ["Xã Ẳng Nưa", "Xã Thanh Nưa"]  # Ẳ sorts with A, not after Z
    assert agencies == ["Ban Quản lý các khu kinh tế", "Sở Tư pháp"]


def test_an_ended_unit_is_offered_as_its_successor_and_one_without_none_is_not(world: World) -> None:
    new, old = _merge(world)

    page = Client().get(SUBMIT).content.decode()

    assert f'value="{new.code}"' in page
    assert "Xã Thanh Nưa (kế nhiệm Xã Thanh Luông)" in page  # the old name finds the new commune
    assert f'value="{old.code}"' not in page
    assert 'value="OLD"' not in page  # ended with no successor
    groups = re.findall(r'<optgroup label="([^"]+)">', page)
    assert groups == ["Sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã"]


def test_the_select_is_enhanced_by_a_script_of_the_site_only(world: World) -> None:
    page = Client().get(SUBMIT).content.decode()

    assert "data-unit-filter" in page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert scripts and all(src.startswith("/static/") for src in scripts)  # no CDN


def test_a_dossier_of_an_ended_unit_is_petitioned_under_its_successor(world: World) -> None:
    new, old = _merge(world)
    Dossier.objects.filter(pk=world.dossier.pk).update(unit=old, desk=old)

    petition = petition_submit(unit_code=new.code, content=CONTENT, dossier_code=world.dossier.code.lower(),
                               actor=Actor("test"))

    assert petition.dossier_id == world.dossier.pk


def test_a_dossier_of_another_unit_is_still_refused(world: World) -> None:
    new, _old = _merge(world)

    with pytest.raises(PetitionRefused) as refused:
        petition_submit(unit_code=new.code, content=CONTENT, dossier_code=world.dossier.code, actor=Actor("test"))

    assert refused.value.code == "dossier_of_another_unit"


def test_a_dossier_code_typed_with_spaces_is_read_on_the_form(world: World) -> None:
    typed = world.dossier.code.lower().replace("-", " ")

    response = Client().post(SUBMIT, {"unit": "STP", "dossier": typed, "content": CONTENT})

    assert response.status_code == 302
    assert Petition.objects.get().dossier_id == world.dossier.pk
