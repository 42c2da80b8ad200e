"""The national index month by month in Chromium, across the 2025 reform: the overview's
line of each level's mean and a merged commune's stacked groups, drawn under the
Content-Security-Policy, tooltips as text, the tables beside them, axe-clean."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from accessibility import assert_accessible
from test_browser_csp import LISTEN
from test_dashboards import DESKTOP, appraiser_create, log_in

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from test_units_2025_scoring import _dossier, _score, _world

pytestmark = pytest.mark.django_db(transaction=True)


def _reform() -> None:
    """Xã Mường Nhé (from 2025-07-01) formed from Chung Chải and Nậm Vì; June 2025 scored
    under the index as well, July and August under it by default, May under nd61 only."""
    world = _world()
    _dossier(world, "M-A1", "OLD-A", "OLD-A", "2025-05", late=False)
    for code, unit, late in (("A-1", "OLD-A", False), ("B-1", "OLD-B", False), ("B-2", "OLD-B", True)):
        _dossier(world, code, unit, unit, "2025-06", late=late)
    for month in ("2025-07", "2025-08"):
        _dossier(world, f"N-{month}", "XMN", "XMN", month, late=month == "2025-08")
        _dossier(world, f"S-{month}", "SXD", "SXD", month, late=False)
    _score("2025-05", "nd61-tt01")
    for month in ("2025-06", "2025-07", "2025-08"):
        _score(month, "qd766")


def _tooltip_of(page, chart):  # type: ignore[no-untyped-def]
    """Hover the chart's middle; ECharts puts the tooltip in the chart's second child."""
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6)
    tooltip = chart.locator(":scope > div:nth-child(2)")
    tooltip.wait_for(state="visible")
    return tooltip


def test_the_index_trend_is_drawn_on_the_overview_and_the_units_page(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    _reform()
    appraiser_create()
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    context.add_init_script(LISTEN)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, "thamdinh-thu")

    page.goto("/tong-quan/2025-08/")
    chart = page.locator('.chart[data-source="chart-index-months"]')
    page.wait_for_selector('.chart[data-source="chart-index-months"].chart-ready svg')
    assert chart.get_attribute("aria-hidden") == "true"
    assert chart.locator("svg text", has_text="Tháng 6 năm 2025").count() == 1
    tip = _tooltip_of(page, chart)
    assert tip.locator(".chart-tip-title").inner_text().startswith("Tháng ")
    assert "UBND cấp xã: " in tip.inner_text()
    months = page.locator("table.index-months tbody tr")
    assert months.count() == 3  # June (the old communes), July, August; May is nd61's
    assert page.get_by_role("link", name="Tháng 5 năm 2025").count() == 1
    assert_accessible(page)

    page.goto("/tong-quan/2025-08/don-vi/XMN/")
    chart = page.locator('.chart[data-source="chart-unit-months"]')
    page.wait_for_selector('.chart[data-source="chart-unit-months"].chart-ready svg')
    tip = _tooltip_of(page, chart)
    assert "TDGQ: Tiến độ giải quyết: " in tip.inner_text()
    assert page.get_by_text("Trước 01/07/2025: tổng hợp từ Xã Chung Chải, Xã Nậm Vì").count() == 1
    june = page.locator("table.unit-months tbody tr", has_text="Tháng 6 năm 2025")
    assert "tổng hợp từ Xã Chung Chải, Xã Nậm Vì" in june.inner_text()
    other = page.locator("table.unit-months-other tbody tr")
    assert other.count() == 1 and "nd61-tt01" in other.inner_text()
    assert_accessible(page)

    assert page.evaluate("() => window.__refused || []") == []
    assert errors == []
    context.close()
