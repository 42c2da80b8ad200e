"""The report pages in English (the `django_language=en` cookie); the documents they
offer stay the official Vietnamese ones."""

from __future__ import annotations

from english import english_page
from report_world import PUBLISHED, UNPUBLISHED, World


def _english(world: World, role: str, url: str) -> str:
    return english_page(world.client(role), url)


def test_the_report_index_reads_in_english(world: World) -> None:
    page = _english(world, "anonymous", "/bao-cao/")
    assert "<h1>Evaluation reports</h1>" in page and "Open data" in page
    assert "log in</a> to see the reports of agencies and officials" in page


def test_the_period_page_reads_in_english_and_offers_the_same_files(world: World) -> None:
    page = _english(world, "admin", f"/bao-cao/{UNPUBLISHED}/")
    for text in ("Form c — Summary of all agencies", "Document number printed under the agency",
                 "Use for the downloads", "<strong>Provisional</strong> results"):
        assert text in page
    assert f"/bao-cao/{UNPUBLISHED}/tong-hop.xlsx" in page


def test_a_missing_agency_says_so_in_english(world: World) -> None:
    client = world.client("admin")
    client.cookies["django_language"] = "en"
    response = client.get(f"/bao-cao/{PUBLISHED}/don-vi/KHONG.pdf")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()
