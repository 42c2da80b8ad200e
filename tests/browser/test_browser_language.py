"""The header's language switcher in Chromium, on a desktop and a phone: English chosen
with one tap, the home page in English, Vietnamese chosen again; axe-clean both ways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from accessibility import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def screen(request, browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=request.param, locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def choose(page, name: str) -> None:  # type: ignore[no-untyped-def]
    button = page.locator(".site-lang").get_by_role("button", name=name, exact=True)
    box = button.bounding_box()
    viewport = page.viewport_size
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert box["y"] + box["height"] <= viewport["height"]  # at the top, no scrolling needed
    with page.expect_navigation():
        button.click()


def test_english_from_the_header_and_back(screen) -> None:  # type: ignore[no-untyped-def]
    screen.goto("/")
    assert screen.locator("html").get_attribute("lang") == "vi"
    assert screen.locator("h1").inner_text() == "Người dân, doanh nghiệp"

    choose(screen, "English")
    assert screen.url.endswith("/")
    assert screen.locator("html").get_attribute("lang") == "en"
    assert screen.locator("h1").inner_text() == "Citizens and businesses"
    assert screen.get_by_role("link", name="Rate a dossier").count() == 1
    assert screen.locator(".site-lang [aria-current=true]").inner_text() == "English"
    # Nothing wider than the screen on a phone.
    assert screen.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(screen)

    choose(screen, "Tiếng Việt")
    assert screen.locator("html").get_attribute("lang") == "vi"
    assert screen.locator("h1").inner_text() == "Người dân, doanh nghiệp"
    assert_accessible(screen)
