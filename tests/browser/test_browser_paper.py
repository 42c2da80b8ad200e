"""Paper forms typed in Chromium with the keyboard alone: log in, batch, code, key, Enter."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from accessibility import assert_accessible

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "counter"))

from counter_world import PASSWORD, counter_world

from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}




@pytest.fixture
def clerk(browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    yield context.new_page()
    context.close()


def focused(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


def focus_lands_on(page, element_id: str) -> bool:  # type: ignore[no-untyped-def]
    """True once the page's autofocus has put the cursor there (it may follow the load event)."""
    page.wait_for_function(f"() => document.activeElement && document.activeElement.id === '{element_id}'",
                           timeout=5000)
    return True


def type_form(page, *answers: str) -> None:  # type: ignore[no-untyped-def]
    """Type each answer into the next field (Tab between them), then Enter."""
    for index, answer in enumerate(answers):
        if index:
            page.keyboard.press("Tab")
        page.keyboard.type(answer)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_clerk_enters_a_batch_of_paper_forms_without_the_mouse(clerk) -> None:  # type: ignore[no-untyped-def]
    world = counter_world(password=PASSWORD)
    page = clerk
    page.goto("/quay/phieu-giay/")
    assert "/dang-nhap/?next=/quay/phieu-giay/" in page.url and focus_lands_on(page, "id_username")
    # Nam keys the forms of the dossiers Hoa received: nobody keys their own.
    type_form(page, "nam.nv", PASSWORD)
    assert page.url.endswith("/quay/phieu-giay/")
    assert focus_lands_on(page, "id_batch")  # no batch yet this session
    assert_accessible(page)

    # Tab order: batch, code, satisfaction, agencies, disclosure, comment, save.
    order = [focused(page)]
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(focused(page) or page.evaluate("document.activeElement.textContent.trim()"))
    assert order == ["id_batch", "id_dossier_code", "id_satisfaction", "id_agencies_contacted",
                     "id_disclosure_seen", "id_comment", "Lưu phiếu (Enter)"]
    page.keyboard.press("Shift+Tab")
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
    assert focused(page) == "id_batch"

    type_form(page, "LÔ 2020/07", "HS-STP-001", "1")
    assert "Đã lưu phiếu của hồ sơ HS-STP-001 (lô LÔ 2020/07)." in page.inner_text(".messages")
    assert focus_lands_on(page, "id_dossier_code")  # ready for the next form, the batch kept
    assert page.input_value("#id_batch") == "LÔ 2020/07"

    type_form(page, "HS-STP-002", "4", "2", "1", "Chờ lâu")
    assert focus_lands_on(page, "id_dossier_code")
    assert "đã nhập 2 phiếu" in page.inner_text("#batch-count")

    # A code not found: told so, the cursor on the code, the other answers kept.
    type_form(page, "HS-KHONG-CO", "3")
    assert "Không tìm thấy hồ sơ có mã “HS-KHONG-CO”" in page.inner_text(".counter-errors")
    assert focus_lands_on(page, "id_dossier_code") and page.input_value("#id_satisfaction") == "3"
    assert_accessible(page)
    page.keyboard.press("Control+A")
    with page.expect_navigation():
        page.keyboard.type("HS-STP-003")
        page.keyboard.press("Enter")
    assert "Đã lưu phiếu của hồ sơ HS-STP-003" in page.inner_text(".messages")

    # A second form for a rated dossier: refused politely, the first stays.
    assert focus_lands_on(page, "id_dossier_code")
    type_form(page, "HS-STP-001", "5")
    assert "đánh giá đầu tiên được giữ nguyên" in page.inner_text(".messages")
    assert "đã nhập 3 phiếu" in page.inner_text("#batch-count")
    assert_accessible(page)

    stored = {r.dossier.code: r for r in Rating.objects.select_related("dossier")}
    assert set(stored) == {"HS-STP-001", "HS-STP-002", "HS-STP-003"}
    assert stored["HS-STP-001"].satisfaction == "very_satisfied"
    second = stored["HS-STP-002"]
    assert (second.satisfaction, second.agencies_contacted, second.disclosure_seen, second.comment) == (
        "dissatisfied", 2, "one", "Chờ lâu")
    assert stored["HS-STP-003"].satisfaction == "neutral"
    for rating in stored.values():
        assert (rating.channel, rating.batch, rating.entered_by) == ("paper", "LÔ 2020/07",
                                                                     "Nguyễn Văn Nam (nam.nv)")
    assert world.official.user_id == world.user.pk

    # The correction page, reached from the entry page, passes axe; Nam may not correct
    # what he keyed, and is told why.
    with page.expect_navigation():
        page.click("text=Sửa một phiếu đã nhập sai")
    assert_accessible(page)
    page.fill("#id_dossier_code", "HS-STP-002")
    with page.expect_navigation():
        page.click("text=Tìm phiếu")
    assert "Ông/bà đã nhập phiếu của hồ sơ “HS-STP-002”" in page.inner_text(".counter-errors")
    assert_accessible(page)


def test_the_desk_page_passes_axe_and_sends_with_the_keyboard(clerk) -> None:  # type: ignore[no-untyped-def]
    world = counter_world(password=PASSWORD)
    page = clerk
    page.goto("/quay/")
    assert focus_lands_on(page, "id_username")
    type_form(page, "hoa.lt", PASSWORD)
    assert page.url.endswith("/quay/")
    assert_accessible(page)
    page.focus("button[value='HS-STP-002']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Đã gửi hồ sơ HS-STP-002" in page.inner_text(".messages")
    world.device.refresh_from_db()
    assert world.device.serving_dossier == world.dossiers[1]
    assert_accessible(page)
