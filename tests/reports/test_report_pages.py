"""The report pages offer each role exactly the reports it may download."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from report_world import PUBLISHED, UNPUBLISHED, World


def _page(world: World, role: str, url: str) -> str:
    response = world.client(role).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_index_lists_published_periods_to_the_public(world: World) -> None:
    for role in ("anonymous", "outsider"):
        page = _page(world, role, "/bao-cao/")
        assert f"/bao-cao/{PUBLISHED}/" in page and f"/bao-cao/{UNPUBLISHED}/" not in page
        assert f"/cong-khai/{PUBLISHED}/du-lieu.csv" in page
    for role in ("admin", "appraiser", "leader", "desk"):
        page = _page(world, role, "/bao-cao/")
        assert f"/bao-cao/{PUBLISHED}/" in page and f"/bao-cao/{UNPUBLISHED}/" in page


def test_period_page_per_role(world: World) -> None:
    admin = _page(world, "admin", f"/bao-cao/{UNPUBLISHED}/")
    assert "tạm tính" in admin
    for link in ("tong-hop.xlsx", "don-vi/STP.pdf", "don-vi/SGT.xlsx", "don-vi/X01.xlsx",
                 "can-bo-don-vi/STP.xlsx"):
        assert f"/bao-cao/{UNPUBLISHED}/{link}" in admin

    leader = _page(world, "leader", f"/bao-cao/{UNPUBLISHED}/")
    assert "tong-hop" not in leader  # the other agencies' unpublished results
    assert "don-vi/STP.xlsx" in leader and "can-bo/CB-STP-2.pdf" in leader
    assert "SGT" not in leader and "CB-SGT-1" not in leader

    desk = _page(world, "desk", f"/bao-cao/{PUBLISHED}/")
    assert "tong-hop.pdf" in desk and "can-bo/CB-STP-1.xlsx" in desk
    assert "don-vi/" not in desk and "CB-STP-2" not in desk

    public = _page(world, "anonymous", f"/bao-cao/{PUBLISHED}/")
    assert "tong-hop.pdf" in public and "du-lieu.json" in public
    assert "don-vi/" not in public and "can-bo" not in public


def test_unpublished_period_page_is_404_for_the_public(world: World) -> None:
    for role in ("anonymous", "outsider"):
        assert world.client(role).get(f"/bao-cao/{UNPUBLISHED}/").status_code == 404
    assert world.client("admin").get("/bao-cao/2019-Q1/").status_code == 404


def test_demo_banner_on_report_pages(world: World, demo_flag: object) -> None:
    for url in ("/bao-cao/", f"/bao-cao/{PUBLISHED}/"):
        assert "Dữ liệu minh họa" in _page(world, "anonymous", url)


def test_summary_queries_do_not_grow_with_agencies(world: World) -> None:
    """Stored results only: as many queries for 4 agencies as for 40."""
    from ranking_rows import agency_score, official_score, unit_get

    from tthc.organisation.models import Official, UnitKind
    from tthc.scoring.models import ScoringRun

    client = world.client("appraiser")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/bao-cao/{PUBLISHED}/tong-hop.xlsx").status_code == 200
        return len(queries)

    count()  # the first download opens its rate-limit window, which also sweeps closed ones
    before = count()
    run = ScoringRun.objects.get(period__code=PUBLISHED, is_current=True)
    for index in range(36):
        unit = unit_get(f"X{index + 2:02d}", UnitKind.COMMUNE)
        agency_score(run, unit, rank=index + 2)
        official_score(run, Official.objects.create(code=f"CB-X{index}", full_name="Lường Văn Hùng",
                                                     unit=unit))
    assert count() == before


def test_the_number_typed_on_the_page_reaches_every_download(world: World) -> None:
    from report_files import all_text, sheet_rows

    page = _page(world, "admin", f"/bao-cao/{PUBLISHED}/?so=12")
    assert 'name="so" value="12"' in page
    assert f"/bao-cao/{PUBLISHED}/tong-hop.xlsx?" in page and "so=12" in page
    link = page[page.index(f"/bao-cao/{PUBLISHED}/tong-hop.xlsx"):]
    link = link[:link.index('"')].replace("&amp;", "&")
    content = world.client("admin").get(link).content
    assert "Số: 12/BC-VP" in all_text(sheet_rows(content))
    # Without a number, the place is left for the pen.
    blank = world.client("anonymous").get(f"/bao-cao/{PUBLISHED}/tong-hop.xlsx").content
    assert "Số: …/BC-VP" in all_text(sheet_rows(blank))
