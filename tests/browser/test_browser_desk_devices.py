"""The desk's search and receipt links, the counter tablets page (QR code, token shown
once, the QR's link binding a tablet) and the evidence of the agency-level indicators,
in Chromium at 1366×768 and 390×844, each page checked with axe-core.

`make screenshots` also writes docs/img/desk-*.png, devices-*.png and
unit-evidence-*.png at both sizes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from accessibility import assert_accessible
from screenshots import shot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "counter"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from counter_world import at, counter_world
from test_dashboards import PASSWORD, log_in  # the one log-in of the browser tests

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=sorted(SIZES))
def sized(request, browser, live_server) -> Iterator[tuple[object, str]]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=SIZES[request.param], locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page, request.param
    context.close()


def screenshot(page, name: str, size: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shot(page, f"{name}-{size}.png", tmp_path, full_page=True)


def no_sideways_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_the_desk_finds_a_dossier_typed_loosely_and_prints_its_receipt(sized, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page, size = sized
    counter_world(password=PASSWORD)
    log_in(page, "hoa.lt")
    page.goto("/quay/")
    assert page.locator("table.desk-dossiers tbody tr").count() == 4
    page.fill("#id_ma", "hs stp 003")
    with page.expect_navigation():
        page.click("text=Tìm hồ sơ")
    rows = page.locator("table.desk-dossiers tbody tr")
    assert rows.count() == 1 and "HS-STP-003" in rows.first.inner_text()
    link = page.get_by_role("link", name=re.compile("^In giấy tiếp nhận hồ sơ HS-STP-003"))
    assert link.is_visible()
    receipt = page.request.get(link.get_attribute("href"))
    assert receipt.status == 200 and receipt.headers["content-type"] == "application/pdf"
    a5 = page.request.get(page.get_by_role("link", name=re.compile("^A5")).get_attribute("href"))
    assert a5.status == 200 and a5.body() != receipt.body()
    assert no_sideways_scroll(page)
    assert page.errors == []
    assert_accessible(page)
    screenshot(page, "desk-search", size, tmp_path)


def _leader(unit_code: str = "STP") -> None:
    from django.contrib.auth import get_user_model

    from tthc.access.models import AgencyLeader
    from tthc.organisation.models import Unit

    user = get_user_model().objects.create_user("lanh-dao", None, PASSWORD, first_name="Giàng A Lử")
    AgencyLeader.objects.create(user=user, unit=Unit.objects.get(code=unit_code))


def test_a_leader_registers_a_tablet_the_token_shows_once_and_its_qr_binds(  # type: ignore[no-untyped-def]
        sized, browser, live_server, tmp_path) -> None:
    page, size = sized
    counter_world(password=PASSWORD)
    _leader()
    log_in(page, "lanh-dao")
    page.goto("/quay/may-tinh-bang/")
    assert_accessible(page)
    page.fill("#id_name", "Quầy 2")
    with page.expect_navigation():
        page.click("text=Đăng ký và hiện khóa")
    assert page.url.endswith("/quay/may-tinh-bang/khoa/")
    assert "Đã đăng ký thiết bị “Quầy 2”" in page.inner_text(".messages")
    qr = page.locator("figure.device-qr svg.qr")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 150
    token = page.inner_text(".device-token").strip()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){5}", token)
    assert no_sideways_scroll(page)
    assert page.errors == []
    assert_accessible(page)
    screenshot(page, "devices-token", size, tmp_path)
    page.reload()
    assert token not in page.content() and "Khóa không còn hiển thị" in page.inner_text("h1")

    # The QR's link: the tablet opens it, the token fills in, the address forgets it.
    tablet = browser.new_context(viewport=SIZES["phone"], locale="vi-VN", base_url=live_server.url).new_page()
    tablet.goto(f"/quay/thiet-bi/gan/#khoa={token}")
    assert tablet.input_value("#id_token") == token and "#" not in tablet.url
    assert_accessible(tablet)
    with tablet.expect_navigation():
        tablet.click("text=Gắn thiết bị")
    assert tablet.url.endswith("/quay/thiet-bi/")
    tablet.context.close()

    page.goto("/quay/may-tinh-bang/")
    assert page.locator("table.desk-devices tbody tr").count() == 2
    assert_accessible(page)
    screenshot(page, "devices", size, tmp_path)
    with page.expect_navigation():
        page.get_by_role("link", name="Thu hồi Quầy 2").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.click("button:has-text('Thu hồi thiết bị')")
    assert "Đã thu hồi thiết bị “Quầy 2”" in page.inner_text(".messages")


def _evidence_province() -> None:
    from django.utils.dateparse import parse_datetime
    from scoring_world import province

    from tthc.catalogue.models import Procedure, UnitProcedure
    from tthc.dossiers.models import Dossier
    from tthc.petitions.models import Petition
    from tthc.scoring.services import period_score
    from tthc.web.services import appraiser_group_ensure

    units = province()
    outside = Procedure.objects.create(code="1.000009", name="Đăng ký kết hôn có yếu tố nước ngoài", time_limit=5)
    UnitProcedure.objects.create(unit=units["stp"], procedure=outside, at_desk=False, decided_at_desk=False)
    Procedure.objects.filter(code="1.000001").update(online_level="full")
    Dossier.objects.filter(code="HS-LATE").update(channel="online")
    Petition.objects.create(code="PA-TRE", unit=units["stp"], received_at=at("2020-02-03 09:00"),
                            answer_due_at=at("2020-02-24 17:00"), answered_at=at("2020-02-27 10:00"))
    Petition.objects.create(code="PA-KEO-DAI", unit=units["stp"], received_at=at("2020-01-06 09:00"),
                            answer_due_at=at("2020-01-27 17:00"), prolonged=True)
    period_score(period_code="2020-Q1", actor="test", as_of=parse_datetime("2020-04-15T12:00:00+07:00"))
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("tham-dinh", None, PASSWORD, is_staff=True)
    user.groups.add(appraiser_group_ensure())


def test_the_agency_level_indicators_show_their_evidence(sized, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tthc.scoring.models import ScoringRun
    from tthc.scoring.selectors import layout_of

    page, size = sized
    _evidence_province()
    layout = layout_of(ScoringRun.objects.latest("pk"))
    per_unit = [s.code for s in layout.agency.indicators if s.code not in layout.dossier_columns]
    assert per_unit
    log_in(page, "tham-dinh")
    for number, code in enumerate(per_unit):
        page.goto(f"/tong-quan/2020-Q1/don-vi/STP/chi-so/{code}/")
        assert page.locator("h2#rules").is_visible()
        assert "Thông tư 01/2018/TT-VPCP" in page.inner_text("table.rules-used")
        assert page.locator("table.evidence-table").count() >= 1
        assert no_sideways_scroll(page)
        assert_accessible(page)
        if number == 0 or "PA-KEO-DAI" in page.content() or "HS-LATE" in page.content():
            name = "unit-evidence-" + ("petitions" if "PA-KEO-DAI" in page.content() else
                                       "online" if "HS-LATE" in page.content() else "desk")
            screenshot(page, name, size, tmp_path)
    assert page.errors == []
