"""The petition desk's list: newest first, narrowed by state, agency, official and a code,
in numbered pages, within what the viewer may see; and a confirmation after each action."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from personas import Personas
from petition_world import World, at, official_login

from tthc.petitions.models import Petition
from tthc.petitions.selectors import DESK_PER_PAGE
from tthc.petitions.services import Actor, petition_submit

pytestmark = pytest.mark.django_db
DESK = reverse("petitions:desk")
_ROW = re.compile(r'<th scope="row"><a href="/phan-anh/xu-ly/\d+/">([^<]+)</a></th>')


def _petition(unit: str = "STP", received: str = "2026-03-02 08:00", **kwargs: object) -> Petition:
    petition = petition_submit(unit_code=unit, content="Hồ sơ bị trả lại nhiều lần.", actor=Actor("test"),
                               **kwargs)  # type: ignore[arg-type]
    Petition.objects.filter(pk=petition.pk).update(received_at=at(received))
    return petition


def _codes(client: Client, **query: str) -> list[str]:
    response = client.get(DESK, query)
    assert response.status_code == 200
    return _ROW.findall(response.content.decode())


def test_newest_first(world: World, personas: Personas) -> None:
    old, new, middle = (_petition(received="2026-03-01 08:00"), _petition(received="2026-03-05 08:00"),
                        _petition(received="2026-03-03 08:00"))
    assert _codes(personas.client("admin")) == [new.code, middle.code, old.code]


def test_filters_by_agency_official_and_code(world: World, personas: Personas) -> None:
    about = _petition(dossier_code="HS-STP-1", official="CB1")
    other_unit = _petition(unit="HDB")
    plain = _petition()
    client = personas.client("admin")
    assert set(_codes(client, **{"don-vi": "HDB"})) == {other_unit.code}
    assert _codes(client, **{"can-bo": "CB1"}) == [about.code]
    # Part of the petition's code, its dossier's code (any case), or nothing found.
    assert _codes(client, tim=plain.code[-6:]) == [plain.code]
    assert _codes(client, tim="hs-stp-1") == [about.code]
    assert _codes(client, tim="KHONG-CO") == []
    # The filters together, and the state.
    assert _codes(client, **{"don-vi": "STP", "can-bo": "CB1", "trang-thai": "all"}) == [about.code]
    assert _codes(client, **{"trang-thai": "answered"}) == []


def test_pages_are_numbered(world: World, personas: Personas) -> None:
    start = at("2026-03-01 08:00")
    made = [_petition(received=(start + timedelta(minutes=n)).strftime("%Y-%m-%d %H:%M"))
            for n in range(DESK_PER_PAGE + 3)]
    client = personas.client("admin")
    first = client.get(DESK).content.decode()
    assert len(_ROW.findall(first)) == DESK_PER_PAGE
    assert 'aria-current="page">1<' in first and 'aria-label="Trang 2"' in first
    second = _codes(client, trang="2")
    # The three oldest on the second page, the filters kept on its links.
    assert second == [p.code for p in reversed(made[:3])]
    filtered = client.get(DESK, {"don-vi": "STP", "trang-thai": "all"}).content.decode()
    assert "?don-vi=STP&amp;trang-thai=all&amp;trang=2" in filtered


def test_an_agencys_official_sees_only_its_agency(world: World) -> None:
    _petition(unit="HDB")
    own = _petition()
    client = Client()
    client.force_login(official_login(world.cb1, "hoa"))
    assert _codes(client) == [own.code]
    # Naming another agency shows nothing of it; the agency filter is not offered.
    assert _codes(client, **{"don-vi": "HDB"}) == []
    assert 'name="don-vi"' not in client.get(DESK).content.decode()


def test_every_action_is_confirmed(world: World) -> None:
    from tthc.access.models import AgencyLeader

    petition = _petition()
    leader = get_user_model().objects.create_user("lanhdao-stp", None, None)
    AgencyLeader.objects.create(user=leader, unit=world.stp)
    client = Client()
    client.force_login(leader)
    detail = reverse("petitions:desk_petition", kwargs={"pk": petition.pk})
    page = client.post(detail, {"action": "classify", "kind": "rules"}, follow=True).content.decode()
    assert f'<div role="status"><ul class="messages"><li class="success">Đã phân loại phản ánh {petition.code}.' in page
    page = client.post(detail, {"action": "answer", "answer": "Đã hướng dẫn lại."}, follow=True).content.decode()
    assert f"Đã ghi câu trả lời cho phản ánh {petition.code}." in page
    # Said once: the next page is quiet.
    assert "Đã ghi câu trả lời" not in client.get(detail).content.decode()
