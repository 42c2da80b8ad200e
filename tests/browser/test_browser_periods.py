"""Finding one's way in Chromium, at 1366×768 and 390×844: each role's start page after
logging in, the period selector (and the period the session keeps), the drill-down's
filters and its XLSX, the petition desk's filters, pages and confirmations. Every page
passes axe (WCAG 2.1 AA) and none scrolls sideways outside a table's own box."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from accessibility import assert_accessible
from openpyxl import load_workbook
from screenshots import shot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from scoring_world import province

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mat-khau-thu-nghiem-2020"
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def _shot(page, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    size = "phone" if page.viewport_size["width"] < 1000 else "desktop"
    shot(page, f"{name}-{size}.png", tmp_path)


@pytest.fixture(params=list(SIZES))
def screen(request, browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=SIZES[request.param], locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    assert errors == []
    context.close()


def _users() -> None:
    """An appraiser, STP's leader, its desk official CB1 and the administrator."""
    from django.contrib.auth import get_user_model

    from tthc.access.models import AgencyLeader
    from tthc.organisation.models import Official, Unit
    from tthc.web.services import appraiser_group_ensure

    users = get_user_model().objects
    users.create_user("thamdinh", None, PASSWORD, is_staff=True).groups.add(appraiser_group_ensure())
    AgencyLeader.objects.create(user=users.create_user("lanhdao", None, PASSWORD), unit=Unit.objects.get(code="STP"))
    Official.objects.filter(code="CB1").update(user=users.create_user("canbo", None, PASSWORD))
    users.create_superuser("quantri", None, PASSWORD)


def _world() -> None:
    from django.utils.dateparse import parse_datetime

    from tthc.scoring.services import period_score

    province()
    for period in ("2020-Q1", "2020-Q2"):
        period_score(period_code=period, actor="test", as_of=parse_datetime("2021-01-15T12:00:00+07:00"))
    _users()


def _log_in(page, username: str, next_: str = "") -> None:  # type: ignore[no-untyped-def]
    page.goto("/dang-nhap/" + (f"?next={next_}" if next_ else ""))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _checked(page) -> None:  # type: ignore[no-untyped-def]
    """axe-clean, and nothing wider than the screen but inside a table's box."""
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize(("username", "start"), [
    ("thamdinh", "/ky/"), ("lanhdao", "/tong-quan/2020-Q2/don-vi/STP/"), ("canbo", "/quay/"),
    ("quantri", "/tong-quan/2020-Q2/"),
])
def test_each_role_lands_on_its_start_page(screen, username: str, start: str) -> None:  # type: ignore[no-untyped-def]
    _world()
    _log_in(screen, username)
    assert screen.url.endswith(start)
    # The desk's and the overview's tables do not yet scroll by keyboard on a phone
    # (issue 13, the phone layout's item): those two are checked on the desktop only.
    if start in ("/ky/", "/tong-quan/2020-Q2/don-vi/STP/") or screen.viewport_size["width"] > 1000:
        _checked(screen)


def test_the_period_selector_switches_and_is_remembered(screen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _world()
    _log_in(screen, "lanhdao")
    assert screen.url.endswith("/tong-quan/2020-Q2/don-vi/STP/")
    picker = screen.get_by_label("Kỳ đánh giá")
    assert picker.input_value() == "2020-Q2"
    _checked(screen)
    picker.select_option("2020-Q1")
    with screen.expect_navigation():
        screen.get_by_role("button", name="Xem kỳ").click()
    assert screen.url.endswith("/tong-quan/2020-Q1/don-vi/STP/")
    assert screen.get_by_label("Kỳ đánh giá").input_value() == "2020-Q1"
    _shot(screen, "period-selector", tmp_path)
    # The unit's page without a period opens the one chosen, for the rest of the session.
    screen.goto("/tong-quan/don-vi/STP/")
    assert screen.url.endswith("/tong-quan/2020-Q1/don-vi/STP/")
    screen.goto("/bao-cao/2020-Q1/")
    assert screen.get_by_label("Kỳ đánh giá").input_value() == "2020-Q1"
    _checked(screen)


def test_the_drilldown_filters_and_exports(screen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _world()
    _log_in(screen, "lanhdao", "/tong-quan/2020-Q1/don-vi/STP/chi-so/1/")
    assert screen.locator(".dossier").count() == 1
    _checked(screen)
    screen.get_by_label("Cán bộ tiếp nhận").select_option("CB1")
    screen.get_by_label("Lý do bị trừ điểm").select_option("late")
    with screen.expect_navigation():
        screen.get_by_role("button", name="Lọc").click()
    assert "can-bo=CB1" in screen.url and "ly-do=late" in screen.url
    assert screen.locator(".dossier-head strong").all_inner_texts() == ["HS-LATE"]
    _checked(screen)
    screen.locator("#lost").scroll_into_view_if_needed()
    _shot(screen, "drilldown-filters", tmp_path)
    with screen.expect_download() as download:
        screen.get_by_role("link", name="Tải danh sách 1 hồ sơ (XLSX)").click()
    rows = list(load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
                .iter_rows(values_only=True))
    assert [r[1] for r in rows[rows.index(next(r for r in rows if r[0] == "STT")) + 1:]] == ["HS-LATE"]


def test_the_petition_desk_filters_pages_and_confirms(screen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tthc.petitions.services import Actor, petition_submit

    _world()
    codes = [petition_submit(unit_code="STP", content=f"Phản ánh số {n}", actor=Actor("test")).code
             for n in range(55)]
    other = petition_submit(unit_code="STC", content="Phản ánh Sở Tài chính", actor=Actor("test")).code
    _log_in(screen, "quantri", "/phan-anh/xu-ly/")
    # Newest first, fifty to a page, numbered.
    assert screen.locator("tbody th a").first.inner_text() == other
    assert screen.get_by_role("link", name="Trang 2").is_visible()
    _checked(screen)
    _shot(screen, "petition-desk", tmp_path)
    screen.get_by_label("Cơ quan, đơn vị").select_option("STC")
    with screen.expect_navigation():
        screen.get_by_role("button", name="Lọc").click()
    assert screen.locator("tbody th a").all_inner_texts() == [other]
    screen.goto("/phan-anh/xu-ly/")
    screen.get_by_label("Mã phản ánh hoặc mã hồ sơ").fill(codes[0])
    with screen.expect_navigation():
        screen.get_by_role("button", name="Lọc").click()
    assert screen.locator("tbody th a").all_inner_texts() == [codes[0]]
    with screen.expect_navigation():
        screen.locator("tbody th a").first.click()
    screen.locator("input[name=kind]").first.check()
    with screen.expect_navigation():
        screen.get_by_role("button", name="Lưu phân loại").click()
    status = screen.get_by_role("status")
    assert f"Đã phân loại phản ánh {codes[0]}." in status.inner_text()
    _checked(screen)
