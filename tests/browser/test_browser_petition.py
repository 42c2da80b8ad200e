"""A petition end to end in Chromium: a citizen submits it with the keyboard alone, the
official it names may only read it, a colleague classifies and answers it, the citizen
follows it with the tracking code. The pages pass axe (WCAG 2.1 AA) in every state shown."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from accessibility import assert_accessible
from django.contrib.auth import get_user_model

from tthc.organisation.models import Official
from tthc.petitions.models import Petition

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "petitions"))
from petition_world import world_create

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "mat-khau-thu-nghiem-2026"
CONTENT = "Tôi nộp hồ sơ đủ giấy tờ nhưng bị yêu cầu bổ sung thêm bản sao không có trong quy định."
ANSWER = "Sở đã rà soát: yêu cầu bản sao là không đúng quy định. Đã chấn chỉnh bộ phận một cửa."


def _focused(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("document.activeElement.id || document.activeElement.tagName")


def test_petition_submitted_answered_and_tracked(page, browser, live_server) -> None:  # type: ignore[no-untyped-def]
    world = world_create()
    # Officials of the agency with ordinary logins: no admin rights needed.
    users = get_user_model().objects
    world.cb1.user = users.create_user("hoa", "hoa@example.invalid", PASSWORD)
    world.cb1.save(update_fields=["user"])
    Official.objects.create(code="CB3", full_name="Điêu Văn Tâm", unit=world.stp,
                            user=users.create_user("tam", "tam@example.invalid", PASSWORD))

    # The citizen, keyboard only. A first try without content shows the errors.
    page.goto("/phan-anh/gui/")
    assert page.locator("h1").inner_text().startswith("Gửi phản ánh, kiến nghị")
    assert_accessible(page)
    page.locator("#id_unit").focus()
    page.keyboard.press("ArrowDown")  # the first agency: Sở Tư pháp
    assert page.locator("#id_unit").input_value() == "STP"
    for _ in range(4):
        page.keyboard.press("Tab")
    assert _focused(page) == "BUTTON"
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Xin nhập nội dung phản ánh, kiến nghị." in page.locator("#id_content_error").inner_text()
    assert page.locator("#id_content").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    page.locator("#id_unit").focus()
    assert page.locator("#id_unit").input_value() == "STP"  # kept after the error
    page.keyboard.press("Tab")
    assert _focused(page) == "id_dossier"
    page.keyboard.type("HS-STP-1")
    page.keyboard.press("Tab")
    assert _focused(page) == "id_official"
    page.keyboard.type("Lò Thị Hoa")
    page.keyboard.press("Tab")
    assert _focused(page) == "id_content"
    page.keyboard.type(CONTENT)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/phan-anh/gui/da-gui/")
    code = page.locator("#tracking-code").inner_text().strip()
    petition = Petition.objects.get()
    assert code == petition.code and petition.about_official == world.cb1 and petition.content == CONTENT
    assert_accessible(page)

    # The official it names reads it, and is told why she may do no more.
    named = _logged_in(browser, live_server, "hoa")
    named.get_by_role("link", name=code).click()
    assert "tránh xung đột lợi ích" in named.locator(".notice.conflict").inner_text()
    assert named.get_by_role("button", name="Lưu phân loại").count() == 0
    assert_accessible(named)
    named.context.close()

    # A colleague at the agency, in their own browser session, handles it.
    staff_page = _logged_in(browser, live_server, "tam")
    staff_page.get_by_role("link", name=code).click()
    assert CONTENT in staff_page.locator(".answer").first.inner_text()
    assert_accessible(staff_page)
    staff_page.locator("#id_kind_1").focus()  # "Về hành vi của cán bộ"
    staff_page.keyboard.press("Space")
    assert staff_page.locator("#id_kind_1").is_checked()
    staff_page.get_by_role("button", name="Lưu phân loại").press("Enter")
    staff_page.wait_for_load_state()
    assert "Về hành vi của cán bộ" in staff_page.locator(".facts").inner_text()
    staff_page.locator("#id_answer").fill(ANSWER)
    staff_page.get_by_role("button", name="Gửi trả lời").press("Enter")
    staff_page.wait_for_load_state()
    assert "Đã trả lời" in staff_page.locator(".facts").inner_text()
    staff_page.context.close()
    petition.refresh_from_db()
    assert (petition.kind, petition.status, petition.answer) == ("conduct", "answered", ANSWER)

    # The citizen follows it with the code, typed in lower case.
    page.goto("/phan-anh/tra-cuu/")
    assert_accessible(page)
    page.locator("#id_code").focus()
    page.keyboard.type(code.lower())
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    status = page.locator(".petition-status").inner_text()
    assert "Đã trả lời" in status and ANSWER in status
    assert CONTENT not in page.content() and "Lò Thị Hoa" not in page.content()
    assert_accessible(page)


def _logged_in(browser, live_server, username: str):  # type: ignore[no-untyped-def]
    """A fresh browser session of `username` on the agency's petition list."""
    staff_page = browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
    staff_page.goto("/phan-anh/xu-ly/")
    staff_page.wait_for_url("**/dang-nhap/?next=/phan-anh/xu-ly/")
    staff_page.fill("#id_username", username)
    staff_page.fill("#id_password", PASSWORD)
    staff_page.keyboard.press("Enter")
    staff_page.wait_for_url("**/phan-anh/xu-ly/")
    return staff_page
