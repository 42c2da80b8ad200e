"""Staff find a dossier by its code in Chromium, at 1366×768 and 390×844: the header's
search box, the dossier's page (record, steps, points with their evidence, another
methodology), a code not found, a code of another agency; axe-clean, no page wider than
the screen. With `make screenshots` the demo's dossier page is saved in docs/img/ at both
sizes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from accessibility import assert_accessible
from conftest import PHONE
from screenshots import shot
from test_dashboards import PASSWORD, appraiser_create, log_in, score, watched_page

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from scoring_world import province

pytestmark = pytest.mark.django_db(transaction=True)
WIDE = {"width": 1366, "height": 768}
SIZES = {"wide": WIDE, "phone": PHONE}


@pytest.fixture(params=sorted(SIZES))
def screen(request, browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    yield from watched_page(browser, live_server, SIZES[request.param])


def _leader_create() -> None:
    from django.contrib.auth import get_user_model

    from tthc.access.models import AgencyLeader
    from tthc.organisation.models import Unit

    user = get_user_model().objects.create_user("lanhdao-stp", None, PASSWORD)
    AgencyLeader.objects.create(user=user, unit=Unit.objects.get(code="STP"))


def _fits(page) -> None:  # type: ignore[no-untyped-def]
    width = page.viewport_size["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def _search(page, typed: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("searchbox", name="Tra cứu hồ sơ").first.fill(typed)
    with page.expect_navigation():
        page.get_by_role("searchbox", name="Tra cứu hồ sơ").first.press("Enter")


def test_a_leader_types_a_code_and_reads_the_dossier(screen) -> None:  # type: ignore[no-untyped-def]
    province()
    score("2020-Q1")
    _leader_create()
    log_in(screen, "lanhdao-stp")
    _search(screen, "hs late")
    assert screen.url.endswith("/ho-so/HS-LATE/")
    assert screen.locator("h1").inner_text() == "Hồ sơ HS-LATE"
    points = screen.locator("section[aria-labelledby=points]")
    assert "quá hạn" in points.inner_text()
    assert screen.get_by_role("link", name="Sở Tư pháp").count() >= 1
    assert screen.errors == []
    assert_accessible(screen)
    _fits(screen)
    # The other methodology, for a month: the same page, explained under it.
    screen.get_by_label("Phương pháp đánh giá").select_option("qd766")
    with screen.expect_navigation():
        screen.get_by_role("button", name="Xem giải thích").click()
    assert "method=qd766" in screen.url
    assert screen.get_by_label("Phương pháp đánh giá").input_value() == "qd766"
    assert_accessible(screen)
    _fits(screen)


def test_a_code_not_found_or_of_another_agency_says_what_to_check(screen) -> None:  # type: ignore[no-untyped-def]
    province()
    score("2020-Q1")
    _leader_create()
    log_in(screen, "lanhdao-stp")
    for typed in ("hs khong co", "HS-OPEN"):  # HS-OPEN is the district's: as if unknown
        _search(screen, typed)
        assert screen.locator("h1").inner_text() == "Không tìm thấy hồ sơ"
        assert "cơ quan mình giải quyết" in screen.locator("main").inner_text()
        assert_accessible(screen)
        _fits(screen)
    # The page's own box searches again.
    screen.get_by_label("Mã hồ sơ", exact=True).fill("hs.early")
    with screen.expect_navigation():
        screen.get_by_role("button", name="Tìm").last.click()
    assert screen.url.endswith("/ho-so/HS-EARLY/")


def test_dossier_page_screenshots_from_the_demo_data(browser, live_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tthc.demo.load import demo_load
    from tthc.dossiers.models import Dossier

    demo_load(dossiers=800, seed=5)
    score("2020-Q1")
    appraiser_create()
    # A dossier with a rating, steps and a supplement request: the page's every section.
    dossier = (Dossier.objects.filter(rating__isnull=False, steps__isnull=False, supplements__isnull=False,
                                      finished_at__year=2020, finished_at__month__lte=3)
               .order_by("code").first())
    assert dossier is not None
    for name, size in (("dossier-page.png", WIDE), ("dossier-page-phone.png", PHONE)):
        context = browser.new_context(viewport=size, locale="vi-VN", base_url=live_server.url)
        page = context.new_page()
        log_in(page, "thamdinh-thu")
        page.goto(f"/ho-so/{dossier.code}/")
        assert page.locator(".demo-banner").is_visible()
        assert_accessible(page)
        _fits(page)
        shot(page, name, tmp_path, full_page=True, min_bytes=30_000)
        context.close()
