"""The desk finds the dossiers its official received (code typed any way, procedure,
days, status), pages them, and links each to its receipt in A4 and A5."""

from __future__ import annotations

import re

import pytest
from counter_world import CounterWorld, at
from django.test import Client

from tthc.counter.selectors import RECENT_DOSSIERS
from tthc.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def _codes(page: str) -> list[str]:
    return re.findall(r'<th scope="row" data-label="Mã hồ sơ">(?:<a [^>]*>)?([^<]+)', page)


@pytest.mark.parametrize("typed", ["HS-STP-003", "hs stp 003", "hs.stp.003", "  Hs_Stp/003 ", "stp003"])
def test_a_code_is_found_however_it_is_typed(official_client: Client, typed: str) -> None:
    page = official_client.get("/quay/", {"ma": typed}).content.decode()
    assert _codes(page) == ["HS-STP-003"]


def test_part_of_a_code_finds_every_dossier_holding_it(official_client: Client) -> None:
    assert _codes(official_client.get("/quay/", {"ma": "stp 00"}).content.decode()) == [
        "HS-STP-004", "HS-STP-003", "HS-STP-002", "HS-STP-001"]


def test_a_search_never_reaches_another_officials_dossiers(official_client: Client) -> None:
    for typed in ("HS-STP-900", "HS-STC-001", "900"):
        page = official_client.get("/quay/", {"ma": typed}).content.decode()
        assert _codes(page) == [] and "Không có hồ sơ nào khớp điều kiện tìm." in page


def test_signs_alone_match_nothing(official_client: Client) -> None:
    assert _codes(official_client.get("/quay/", {"ma": "- . -"}).content.decode()) == []


def test_procedure_days_and_status_narrow_the_list(world: CounterWorld, official_client: Client) -> None:
    first = world.dossiers[0]
    Dossier.objects.filter(pk=first.pk).update(status="returned")
    by_procedure = _codes(official_client.get("/quay/", {"thu_tuc": first.procedure.code}).content.decode())
    assert set(by_procedure) == {d.code for d in world.dossiers if d.procedure_id == first.procedure_id}
    days = official_client.get("/quay/", {"tu_ngay": "2020-03-02", "den_ngay": "2020-03-03"}).content.decode()
    assert _codes(days) == ["HS-STP-003", "HS-STP-002"]
    assert _codes(official_client.get("/quay/", {"trang_thai": "returned"}).content.decode()) == [first.code]


def test_the_procedure_filter_offers_only_the_officials_procedures(world: CounterWorld,
                                                                   official_client: Client) -> None:
    page = official_client.get("/quay/").content.decode()
    offered = set(re.findall(r'<option value="(1\.\d+)"', page))
    assert offered == {d.procedure.code for d in world.dossiers}


def test_an_end_before_the_start_is_explained_and_narrows_nothing(official_client: Client) -> None:
    page = official_client.get("/quay/", {"tu_ngay": "2020-03-04", "den_ngay": "2020-03-01"}).content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in page
    assert _codes(page) == ["HS-STP-004"]  # received on 2020-03-04: the start still counts


def test_the_list_pages_with_numbered_pages_and_keeps_the_search(world: CounterWorld,
                                                                 official_client: Client) -> None:
    extra = RECENT_DOSSIERS + 5
    for i in range(extra):
        Dossier.objects.create(code=f"HS-STP-5{i:02d}", procedure=world.dossiers[0].procedure, unit=world.desk,
                               desk=world.desk, received_by=world.official, channel="direct",
                               received_at=at(f"2020-04-{1 + i % 28:02d} 09:00"), status="processing")
    first = official_client.get("/quay/", {"ma": "STP"}).content.decode()
    assert len(_codes(first)) == RECENT_DOSSIERS
    assert 'href="?ma=STP&amp;trang=2"' in first and 'aria-current="page">1<' in first
    second = official_client.get("/quay/", {"ma": "STP", "trang": 2}).content.decode()
    assert len(_codes(second)) == extra + 4 - RECENT_DOSSIERS
    assert not set(_codes(first)) & set(_codes(second))


def test_every_dossier_links_to_its_receipt_in_both_sizes(world: CounterWorld, official_client: Client) -> None:
    page = official_client.get("/quay/").content.decode()
    for dossier in world.dossiers:
        assert f'href="/danh-gia/bien-nhan/{dossier.code}.pdf"' in page
        assert f'href="/danh-gia/bien-nhan/{dossier.code}.pdf?size=a5"' in page
    assert page.count("In giấy tiếp nhận<span") == len(world.dossiers)
    receipt = official_client.get(f"/danh-gia/bien-nhan/{world.dossiers[0].code}.pdf", {"size": "a5"})
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
