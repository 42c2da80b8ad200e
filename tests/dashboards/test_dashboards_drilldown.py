"""The drill-down lists exactly the dossiers whose stored points are below the indicator's
maximum (from the run's layout), with their evidence, page by page; and no page costs
more queries as agencies or dossiers grow."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from dashboard_world import DOSSIER_CODE as _CODE
from dashboard_world import World, score
from ranking_rows import agency_score, official_score, run_create, unit_get
from scoring_world import at

from tthc.demo.load import demo_load
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official, UnitKind
from tthc.scoring.models import DossierPoints, OverdueCount, ScoringRun
from tthc.scoring.selectors import dossier_points, layout_of

pytestmark = pytest.mark.django_db

_POINTS = re.compile(r'<div class="lost"><dt><abbr title="[^"]*">([^<]+)</abbr>: (\d+) điểm ')


def listed(client, url: str) -> tuple[list[str], list[int]]:  # type: ignore[no-untyped-def]
    """Every dossier code the drill-down lists, following its pages, and their points."""
    codes: list[str] = []
    points: list[int] = []
    number = 1
    while True:
        response = client.get(f"{url}?trang={number}")
        assert response.status_code == 200
        html = response.content.decode()
        codes += _CODE.findall(html)
        points += [int(p) for _n, p in _POINTS.findall(html)]
        if 'rel="next"' not in html:
            return codes, points
        number += 1


def test_small_province_lists_the_dossiers_below_full_marks(world: World) -> None:
    client = world.client("leader")
    assert listed(client, "/tong-quan/2020-Q1/don-vi/STP/chi-so/1/")[0] == ["HS-LATE"]
    # Both lost on indicator 2 (HS-LATE 0, HS-EARLY 0): same points, stored order.
    assert listed(client, "/tong-quan/2020-Q1/don-vi/STP/chi-so/2/")[0] == ["HS-EARLY", "HS-LATE"]
    # HS-LATE 1 point, HS-EARLY 2 on indicator 3.
    assert listed(client, "/tong-quan/2020-Q1/don-vi/STP/chi-so/3/")[0] == ["HS-LATE"]
    assert listed(client, "/tong-quan/2020-Q1/don-vi/STP/chi-so/6/")[0] == []


def test_each_dossier_comes_with_its_evidence(world: World) -> None:
    html = world.client("appraiser").get("/tong-quan/2020-Q1/don-vi/STP/chi-so/1/").content.decode()
    assert "Cấp phiếu lý lịch tư pháp" in html
    assert "Ngày hẹn trả ghi trong hồ sơ: 09/03/2020 17:00." in html
    assert "quá hạn" in html
    assert "Dữ liệu hồ sơ đã thay đổi" not in html


def test_a_record_changed_after_the_run_is_flagged(world: World) -> None:
    Dossier.objects.filter(code="HS-LATE").update(finished_at=at("2020-03-05 10:00"))
    html = world.client("appraiser").get("/tong-quan/2020-Q1/don-vi/STP/chi-so/1/").content.decode()
    # The stored point (0) is what the list is built on; today's evidence disagrees.
    assert ">CS1</abbr>: 0 điểm " in html
    assert "Dữ liệu hồ sơ đã thay đổi sau lần tính điểm" in html


@pytest.fixture
def demo_year(db: None) -> int:
    """A seeded demo subset scored over the year: several pages for the biggest units."""
    loaded = demo_load(dossiers=2500, seed=7)
    assert loaded.report.ok
    return score("2020").pk


def test_demo_drilldown_lists_exactly_the_stored_losses(demo_year: int, personas) -> None:  # type: ignore[no-untyped-def]
    biggest = DossierPoints.objects.filter(run_id=demo_year).order_by("-count").select_related("unit").first()
    assert biggest is not None and biggest.count > 100
    unit = biggest.unit.code
    stored = dossier_points(run_id=demo_year, unit_code=unit)
    codes = dict(Dossier.objects.filter(id__in=stored).values_list("id", "code"))
    client = personas.client("appraiser")
    layout = layout_of(ScoringRun.objects.get(pk=demo_year))
    maxima = {spec.code: spec.max_points for spec in layout.indicators}
    paged = False
    for number in layout.dossier_columns:
        expected = {codes[i] for i, p in stored.items()
                    if p[number] is not None and p[number] < maxima[number]}
        found, points = listed(client, f"/tong-quan/2020/don-vi/{unit}/chi-so/{number}/")
        assert len(found) == len(set(found)), number  # no dossier twice across pages
        assert set(found) == expected, number
        assert points == sorted(points), number  # lowest points first
        paged = paged or len(found) > 50
    assert paged, "the data set should make at least one list span two pages"


def test_page_beyond_the_last_shows_the_last(demo_year: int, personas) -> None:  # type: ignore[no-untyped-def]
    unit = DossierPoints.objects.filter(run_id=demo_year).order_by("-count").first().unit.code
    client = personas.client("admin")
    html = client.get(f"/tong-quan/2020/don-vi/{unit}/chi-so/2/?trang=999").content.decode()
    assert re.search(r"trang (\d+)/\1,", html)
    assert client.get(f"/tong-quan/2020/don-vi/{unit}/chi-so/2/?trang=abc").status_code == 200


# --- Query counts ---------------------------------------------------------------------


def add_agencies(run, first: int, last: int) -> None:  # type: ignore[no-untyped-def]
    """Stored scores for agencies first…last-1 at each level, each with an official."""
    for kind in (UnitKind.PROVINCE_AGENCY, UnitKind.DISTRICT, UnitKind.COMMUNE):
        for index in range(first, last):
            unit = unit_get(f"{kind.value[:3].upper()}{index:03d}", kind)
            agency_score(run, unit, rank=index + 1)
            OverdueCount.objects.create(run=run, unit=unit, count=index)
            official = Official.objects.create(code=f"CB-{unit.code}", full_name="Nguyễn Văn Ân",
                                               unit=unit)
            official_score(run, official)


def queries(client, url: str, django_assert_max_num_queries, limit: int) -> int:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_overview_and_agency_queries_do_not_grow_with_agencies(personas, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    run = run_create(period="2020-Q1")
    add_agencies(run, 0, 1)
    client = personas.client("admin")
    client.get("/tong-quan/2020-Q1/")  # the session and the viewer's role, once
    pages = ("/tong-quan/2020-Q1/", "/tong-quan/2020-Q1/?cap=commune",
             "/tong-quan/2020-Q1/don-vi/PRO000/")
    few = [queries(client, url, django_assert_max_num_queries, 30) for url in pages]
    add_agencies(run, 1, 25)
    many = [queries(client, url, django_assert_max_num_queries, 30) for url in pages]
    assert many == few
    assert "PRO024" in client.get("/tong-quan/2020-Q1/").content.decode()


def test_drilldown_and_official_queries_do_not_grow_with_dossiers(world: World,
                                                                  django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = world.client("leader")
    drill = "/tong-quan/2020-Q1/don-vi/STP/chi-so/1/"
    official = "/tong-quan/2020-Q1/can-bo/CB1/"
    client.get(drill)
    # The drill-down explains its whole list (up to lost_filters.REASON_LIMIT) once, for
    # the reason filter, and its page reuses that: no more queries than the official's page.
    small = (queries(client, drill, django_assert_max_num_queries, 30),
             queries(client, official, django_assert_max_num_queries, 30))
    late = Dossier.objects.get(code="HS-LATE")
    for n in range(120):  # more late dossiers than two pages hold
        Dossier.objects.create(code=f"HS-LATE-{n:03d}", procedure=late.procedure, unit=late.unit,
                               desk=late.desk, received_by=late.received_by, channel="direct",
                               return_channel="direct", received_at=late.received_at + timedelta(minutes=n),
                               due_at=late.due_at, finished_at=late.finished_at, status="finished")
    score("2020-Q1")
    large = (queries(client, drill, django_assert_max_num_queries, 30),
             queries(client, official, django_assert_max_num_queries, 30))
    assert large == small
    html = client.get(drill).content.decode()
    assert "121 hồ sơ; trang 1/3" in html and len(_CODE.findall(html)) == 50
