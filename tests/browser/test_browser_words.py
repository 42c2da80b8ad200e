"""Words, not codes, in Chromium at both sizes: the audit log reads in Vietnamese, and the
report page's document number reaches the downloads; both pass axe."""

from __future__ import annotations

import pytest
from accessibility import assert_accessible
from test_dashboards import DESKTOP, appraiser_create, log_in, province, score, watched_page

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_audit_log_and_the_report_number_in_words(browser, live_server, viewport) -> None:  # type: ignore[no-untyped-def]
    from tthc.audit.services import audit_record

    province()
    score("2020-Q1")
    appraiser_create()
    audit_record(actor="web:phan-anh", action="petition_submit", object_type="petition",
                 object_key="PA-2026-000001", before=None,
                 after={"status": "received", "answer_due_at": "2026-12-23T10:00:00+00:00"})
    for page in watched_page(browser, live_server, viewport):
        log_in(page, "thamdinh-thu")  # type: ignore[arg-type]
        page.goto("/nhat-ky/?action=petition_submit")  # type: ignore[attr-defined]
        row = page.locator("tbody tr").first.inner_text()  # type: ignore[attr-defined]
        assert "Trang gửi phản ánh (người dân)" in row
        assert "hạn trả lời: — → 23/12/2026 17:00" in row and "Đã tiếp nhận" in row
        assert "answer_due_at" not in row and "web:" not in row
        assert_accessible(page)
        page.goto("/bao-cao/2020-Q1/")  # type: ignore[attr-defined]
        page.fill("#so", "12")  # type: ignore[attr-defined]
        with page.expect_navigation():  # type: ignore[attr-defined]
            page.click("form[aria-label='Số văn bản'] button[type=submit]")  # type: ignore[attr-defined]
        link = page.locator("a[href*='tong-hop.xlsx']").get_attribute("href")  # type: ignore[attr-defined]
        assert link is not None and "so=12" in link
        assert page.locator("#so").input_value() == "12"  # type: ignore[attr-defined]
        assert_accessible(page)
        assert page.errors == []  # type: ignore[attr-defined]
