"""What each role does first, on the demonstration data, at 1366×768 and 390×844: the
page each demo login lands on after logging in, the appraisal form as cards on a phone,
and the site in English. The README's "What each role does first" shows these pictures;
`make screenshots` writes them to docs/img/ (otherwise to a temporary folder)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from accessibility import assert_accessible
from screenshots import shot
from test_dashboards import PASSWORD, log_in, score, watched_page

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
# Where each demo login lands (issue 13 item 3), and the heading it reads there first.
STARTS = {
    "thamdinh": ("/ky/", "Các kỳ đánh giá"),
    "lanhdao": ("/tong-quan/2020-Q3/don-vi/STP/", "Sở Tư pháp"),
    "canbo": ("/quay/", "Hồ sơ tiếp nhận tại quầy"),
    "quantri": ("/tong-quan/2020-Q3/", "Tổng quan"),
}


@pytest.fixture
def demo() -> None:
    """The 2020 demo, three quarters scored and taken through the cycle as `make run` does
    (Q1 and Q2 published, Q3 under appraisal), with the demo logins."""
    from tthc.demo.load import demo_load
    from tthc.evaluation.demo import demo_cycle
    from tthc.web.services import demo_accounts_ensure

    demo_load(dossiers=3000)
    score("2020-Q1", "2020-Q2", "2020-Q3")
    demo_accounts_ensure(password=PASSWORD)
    demo_cycle()


@pytest.fixture(params=list(SIZES))
def screen(request, browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    for page in watched_page(browser, live_server, SIZES[request.param]):
        page.size_name = request.param
        yield page
        assert page.errors == []


def seen_whole(page) -> None:  # type: ignore[no-untyped-def]
    """Synthetic data said so, axe-clean, nothing wider than the screen."""
    assert page.locator(".demo-banner").is_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_each_demo_login_lands_on_its_own_start_page(demo, screen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for username, (start, heading) in STARTS.items():
        screen.context.clear_cookies()
        log_in(screen, username)
        assert screen.url.endswith(start), (username, screen.url)
        assert heading in screen.locator("h1").inner_text(), (username, screen.locator("h1").inner_text())
        seen_whole(screen)
        shot(screen, f"start-{username}-{screen.size_name}.png", tmp_path)


def test_the_appraiser_appraises_on_a_phone_as_on_a_laptop(demo, screen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log_in(screen, "thamdinh")
    screen.goto("/ky/2020-Q3/tham-dinh/STP/")
    seen_whole(screen)
    reason = screen.locator("textarea").first
    box = reason.bounding_box()
    # The reason box is as wide as a card on a phone, never pushed off the screen.
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= screen.viewport_size["width"]
    if screen.size_name == "phone":
        assert box["width"] > screen.viewport_size["width"] * 0.6
        # The picture shows the first indicator's card, not the page's introduction.
        screen.locator(".cards-narrow tbody tr").first.evaluate("row => row.scrollIntoView({block: 'start'})")
    shot(screen, f"appraisal-{screen.size_name}.png", tmp_path)


def test_the_overview_on_a_phone_ranks_without_the_heat_map(demo, screen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log_in(screen, "thamdinh")
    screen.goto("/tong-quan/2020-Q2/?cap=province_agency")
    screen.wait_for_load_state("networkidle")
    seen_whole(screen)
    heat_map_drawn = screen.locator("[data-chart=heatmap] svg").count() > 0
    assert heat_map_drawn == (screen.size_name == "desktop")
    shot(screen, f"overview-{screen.size_name}.png", tmp_path)


def test_the_switcher_shows_the_site_in_english(demo, screen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log_in(screen, "thamdinh")
    screen.get_by_role("button", name="English").click()
    screen.wait_for_load_state()
    assert screen.locator("html").get_attribute("lang") == "en"
    assert screen.url.endswith("/ky/")
    assert "Các kỳ đánh giá" not in screen.locator("h1").inner_text()
    seen_whole(screen)
    shot(screen, f"language-en-{screen.size_name}.png", tmp_path)
    screen.get_by_role("button", name="Tiếng Việt").click()
    screen.wait_for_load_state()
    assert screen.locator("html").get_attribute("lang") == "vi"
