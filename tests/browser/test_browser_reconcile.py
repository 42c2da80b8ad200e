"""The reconciliation with the portal in Chromium: from the list of periods to a month's
lines, the most points at stake first and the inconsistent published point marked; the
workbook downloads; a unit's imports and months with the chart drawn; axe-clean on a
desktop and on a phone, no page wider than the phone."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from accessibility import assert_accessible
from conftest import PHONE
from test_dashboards import appraiser_create, desktop, log_in  # noqa: F401 (the fixture)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))

from reconcile_world import reconciled_month
from test_index_score import PERIOD

pytestmark = pytest.mark.django_db(transaction=True)


def _fits_the_phone(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


def test_the_appraiser_reads_the_reconciliation_and_a_units_history(desktop) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    reconciled_month()
    appraiser_create()
    log_in(desktop, "thamdinh-thu")
    with desktop.expect_navigation():
        desktop.get_by_role("link", name="Số liệu Cổng công bố").click()
    assert desktop.url.endswith("/so-lieu-cong/")
    assert_accessible(desktop)
    with desktop.expect_navigation():
        desktop.get_by_role("link", name="Tháng 9 năm 2026").click()
    assert desktop.url.endswith(f"/so-lieu-cong/{PERIOD}/")
    rows = desktop.locator("section[aria-labelledby=lines] tbody tr")
    # Ten points of on-time handling to explain come first.
    assert "đúng hạn" in rows.nth(0).inner_text() and "10,00" in rows.nth(0).inner_text()
    flagged = desktop.locator("tr.mismatch")
    assert flagged.count() == 1 and "Điểm Cổng không khớp công thức" in flagged.inner_text()
    assert "Cổng ghi chú: TEMPORARY_DENOMINATOR" in desktop.locator("section[aria-labelledby=lines]").inner_text()
    assert "H11.999" in desktop.locator("section[aria-labelledby=unmatched]").inner_text()
    assert_accessible(desktop)
    with desktop.expect_download() as download:
        desktop.get_by_role("link", name="Tải bảng đối chiếu (XLSX)").click()
    assert download.value.suggested_filename == f"doi-chieu-cong-{PERIOD}.xlsx"
    _fits_the_phone(desktop)

    desktop.set_viewport_size({"width": 1366, "height": 768})
    desktop.goto(f"/so-lieu-cong/{PERIOD}/")
    with desktop.expect_navigation():
        desktop.get_by_role("link", name="Sở Xây dựng").click()
    assert desktop.url.endswith(f"/so-lieu-cong/{PERIOD}/don-vi/SXD/")
    desktop.wait_for_selector(".chart.chart-ready svg")
    assert desktop.get_by_role("heading", name="Theo tháng: tổng điểm Cổng công bố và tính từ hồ sơ").count() == 1
    assert desktop.errors == []
    assert_accessible(desktop)
    _fits_the_phone(desktop)
