"""The dashboards in Chromium: charts drawn from the vendored ECharts, tables without
JavaScript, axe-clean; and the README's screenshots from the demo data."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from accessibility import assert_accessible
from screenshots import shot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from scoring_world import province

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1360, "height": 900}
PASSWORD = "mat-khau-thu-nghiem-2020"


def appraiser_create(username: str = "thamdinh-thu") -> None:
    from django.contrib.auth import get_user_model

    from tthc.web.services import appraiser_group_ensure

    user = get_user_model().objects.create_user(username, None, PASSWORD, is_staff=True)
    user.groups.add(appraiser_group_ensure())


def score(*periods: str) -> None:
    from django.utils.dateparse import parse_datetime

    from tthc.scoring.services import period_score

    for period in periods:
        period_score(period_code=period, actor="test", as_of=parse_datetime("2021-01-15T12:00:00+07:00"))


def log_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")  # not the header's search box


def watched_page(browser, live_server, viewport: dict[str, int]) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A page of a fresh context at `viewport`, its script errors kept in `page.errors`."""
    context = browser.new_context(viewport=viewport, locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


@pytest.fixture
def desktop(browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    yield from watched_page(browser, live_server, DESKTOP)


def test_overview_draws_its_charts_and_passes_axe(desktop) -> None:  # type: ignore[no-untyped-def]
    province()
    score("2020-Q1", "2020-Q2")
    appraiser_create()
    log_in(desktop, "thamdinh-thu")
    desktop.goto("/tong-quan/2020-Q2/")
    desktop.wait_for_selector(".chart.chart-ready svg")
    # Classes, the trend and the heat map, each drawn as SVG by ECharts.
    assert desktop.locator(".chart.chart-ready svg").count() == 3
    # A shape per scored cell (STP 9, STC 2, HDB 3; N/A cells stay blank), a row per agency.
    heat = desktop.locator(".chart[data-chart=heatmap] svg")
    assert heat.locator("path").count() >= 14
    assert heat.locator("text", has_text="Sở Tư pháp (STP)").count() == 1
    assert desktop.locator(".chart[data-chart=line] svg text", has_text="Quý 2/2020").count() == 1
    assert desktop.errors == []
    assert_accessible(desktop)
    desktop.goto("/tong-quan/2020-Q2/don-vi/STP/")
    desktop.wait_for_selector(".chart.chart-ready svg")
    assert_accessible(desktop)
    desktop.goto("/tong-quan/2020-Q1/don-vi/STP/chi-so/2/")
    assert desktop.locator("li.dossier").count() == 2
    assert_accessible(desktop)


def test_without_javascript_the_tables_carry_everything(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    province()
    score("2020-Q1")
    appraiser_create()
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url,
                                  java_script_enabled=False)
    page = context.new_page()
    log_in(page, "thamdinh-thu")
    page.goto("/tong-quan/2020-Q1/")
    # No empty chart boxes: they stay hidden until drawn.
    assert page.locator(".chart").count() == 3
    assert all(not chart.is_visible() for chart in page.locator(".chart").all())
    assert page.get_by_role("table").count() >= 5
    assert page.get_by_role("cell", name="10,5").count() >= 1
    context.close()


def test_dashboard_screenshots_from_the_demo_data(desktop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tthc.demo.load import demo_load
    from tthc.evaluation.demo import demo_cycle
    from tthc.web.services import demo_accounts_ensure

    demo_load(dossiers=6000)
    score("2020-Q1", "2020-Q2", "2020-Q3")
    demo_accounts_ensure(password=PASSWORD)
    demo_cycle()
    log_in(desktop, "thamdinh")
    from tthc.evaluation.selectors import period_results
    from tthc.evaluation.services import Key

    # The overview down to its charts (the satisfaction and overdue tables follow), and
    # the whole page of an agency the demo's appraiser deducted points from.
    results = period_results(Key("2020-Q2"))
    deducted = next(row["code"] for row in results["levels"][0]["agencies"] if row["deductions"])
    shots = {"dashboard-overview.png": ("/tong-quan/2020-Q2/?cap=province_agency", "#satisfaction"),
             "dashboard-agency.png": (f"/tong-quan/2020-Q2/don-vi/{deducted}/", None)}
    for name, (url, stop) in shots.items():
        desktop.goto(url)
        desktop.wait_for_selector(".chart.chart-ready svg")
        assert desktop.locator(".demo-banner").is_visible()
        clip = None
        if stop:
            box = desktop.locator(stop).bounding_box()
            clip = {"x": 0, "y": 0, "width": DESKTOP["width"], "height": box["y"] - 8}
        shot(desktop, name, tmp_path, full_page=True, clip=clip, min_bytes=50_000)
