"""The upload page of the portal's published figures in Chromium: the appraiser picks
the saved answers, sees each file's outcome and the units left unmatched; axe-clean on
a phone before and after."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from accessibility import assert_accessible

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))

from portal_answers import encoded, progress, satisfaction, units_create
from test_dashboards import appraiser_create, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_appraiser_uploads_the_answers_and_reads_the_outcome(page) -> None:  # type: ignore[no-untyped-def]
    units_create()
    appraiser_create()
    log_in(page, "thamdinh-thu")
    page.goto("/so-lieu-cong/nhap/")
    assert page.locator("h1").inner_text().startswith("Nhập số liệu chỉ số")
    assert page.get_by_role("link", name="Số liệu Cổng công bố").count() == 1
    assert_accessible(page)
    page.get_by_label("Kỳ của số liệu").fill("2026-09")
    page.get_by_label("Tệp JSON của Cổng").set_input_files([
        {"name": "handling-satisfaction.json", "mimeType": "application/json",
         "buffer": encoded(satisfaction())},
        {"name": "dvc-progress-tree.json", "mimeType": "application/json", "buffer": encoded(progress())},
        {"name": "transparency.json", "mimeType": "application/json", "buffer": b'{"code": "OK", "da'},
    ])
    with page.expect_navigation():
        page.get_by_role("button", name="Nhập số liệu").click()
    outcome = page.get_by_role("status")
    assert "đã lưu kết quả handling-satisfaction" in outcome.inner_text()
    assert "transparency.json" in outcome.inner_text() and "bị cắt cụt" in outcome.inner_text()
    assert "Không lưu gì" in outcome.inner_text()
    unmatched = page.get_by_role("table", name="Đơn vị chưa khớp (1)")
    assert "H11.999" in unmatched.inner_text() and "portal_code" in unmatched.inner_text()
    assert page.get_by_role("table", name="Các lần nhập").locator("tbody tr").count() == 2
    assert_accessible(page)
