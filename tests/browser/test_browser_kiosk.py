"""The counter tablet in Chromium at tablet size: bind, rate, thank-you, reset, offline queue.

The official sends a dossier from the desk page; the tablet (another browser context)
picks it up by polling. Timings are shortened with the page's query (reset_ms, idle_ms,
poll_ms). `TTHC_SCREENSHOTS=1` also writes docs/img/kiosk.png from the demo data.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from accessibility import assert_accessible
from playwright.sync_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "counter"))

from counter_world import PASSWORD, counter_world

from tthc.counter.services import counter_device_add, counter_device_serve
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db(transaction=True)

TABLET = {"width": 1024, "height": 768}
DESKTOP = {"width": 1280, "height": 900}
FAST = "?reset_ms=1500&poll_ms=300"
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


def eventually(page, check: Callable[[], bool], timeout: float = 8.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for something the tablet's script does on its own (a fetch, a timer).

    Waits through the page, not time.sleep: Playwright's sync API runs route handlers
    only while one of its calls is in progress.
    """
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} s")
        page.wait_for_timeout(50)




@pytest.fixture
def contexts(browser, live_server) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    opened = []

    def open_context(viewport: dict[str, int] = TABLET):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport=viewport, locale="vi-VN", base_url=live_server.url)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


def bind(page, token: str, query: str = FAST) -> None:  # type: ignore[no-untyped-def]
    """What the desk's administrator does once on a new tablet."""
    page.goto("/quay/thiet-bi/")
    assert page.url.endswith("/quay/thiet-bi/gan/")
    page.fill("#id_token", token.lower())
    page.click("main button[type=submit]")  # not the header's language switcher
    page.wait_for_url("**/quay/thiet-bi/")
    page.goto("/quay/thiet-bi/" + query)


def visible_text(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator(".kiosk-main").inner_text()


def test_the_official_sends_a_dossier_the_citizen_taps_and_the_screen_resets(contexts) -> None:  # type: ignore[no-untyped-def]
    world = counter_world(password=PASSWORD)
    kiosk = contexts().new_page()
    bind(kiosk, world.token)
    assert kiosk.locator("#kiosk-wait").is_visible() and not kiosk.locator("#kiosk-ask").is_visible()

    desk = contexts(DESKTOP).new_page()
    desk.goto("/quay/")
    desk.fill("#id_username", "hoa.lt")
    desk.fill("#id_password", PASSWORD)
    desk.click("main button[type=submit]")  # not the header's language switcher
    desk.wait_for_url("**/quay/")
    desk.click("button[value='HS-STP-003']")
    assert "Đã gửi hồ sơ HS-STP-003" in desk.locator(".counter-messages").inner_text()

    # The tablet picks it up by itself.
    kiosk.locator("#kiosk-ask").wait_for(state="visible")
    assert kiosk.locator("#kiosk-dossier").inner_text() == "HS-STP-003"
    assert "Cấp phiếu lý lịch tư pháp" in visible_text(kiosk)
    assert kiosk.locator("#kiosk-official").inner_text() == "Lò Thị Hoa"

    kiosk.click("button[data-value='dissatisfied']")
    kiosk.locator("#kiosk-thanks").wait_for(state="visible")
    shown = visible_text(kiosk)
    assert "Cảm ơn ông/bà đã đánh giá!" in shown
    # Nothing on screen tells the official what was chosen.
    assert "hài lòng" not in shown.lower() and not kiosk.locator(".kiosk-choice").first.is_visible()
    eventually(kiosk, lambda: Rating.objects.count() == 1)
    rating = Rating.objects.get()
    assert (rating.dossier.code, rating.channel, rating.satisfaction, rating.device_id) == (
        "HS-STP-003", "kiosk", "dissatisfied", world.device.pk)
    assert rating.client_id is not None and rating.fingerprint

    # Reset after the short delay: the welcome screen, not the question again.
    kiosk.locator("#kiosk-thanks").wait_for(state="hidden", timeout=5000)
    assert kiosk.locator("#kiosk-wait").is_visible() and not kiosk.locator("#kiosk-ask").is_visible()

    desk.click("button[value='HS-STP-004']")
    kiosk.wait_for_function("() => document.getElementById('kiosk-dossier').textContent === 'HS-STP-004'")
    assert kiosk.locator("#kiosk-ask").is_visible()


def test_the_question_goes_away_when_nobody_answers(contexts) -> None:  # type: ignore[no-untyped-def]
    world = counter_world()
    counter_device_serve(device=world.device, official=world.official, dossier=world.dossiers[0])
    kiosk = contexts().new_page()
    bind(kiosk, world.token, "?idle_ms=1200&poll_ms=300")
    assert kiosk.locator("#kiosk-ask").is_visible()
    kiosk.locator("#kiosk-ask").wait_for(state="hidden", timeout=5000)
    assert kiosk.locator("#kiosk-wait").is_visible()
    kiosk.wait_for_timeout(800)  # several polls: the same dossier is not offered again
    assert not kiosk.locator("#kiosk-ask").is_visible() and Rating.objects.count() == 0


def test_the_tablet_works_with_the_keyboard_alone(contexts) -> None:  # type: ignore[no-untyped-def]
    world = counter_world()
    counter_device_serve(device=world.device, official=world.official, dossier=world.dossiers[0])
    kiosk = contexts().new_page()
    bind(kiosk, world.token, "?reset_ms=600&poll_ms=300")
    focused = "document.activeElement && document.activeElement.dataset.value || ''"
    for _ in range(6):
        kiosk.keyboard.press("Tab")
        if kiosk.evaluate(focused) == "very_satisfied":
            break
    order = [kiosk.evaluate(focused)]
    for _ in range(4):
        kiosk.keyboard.press("Tab")
        order.append(kiosk.evaluate(focused))
    assert order == ["very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied"]
    kiosk.keyboard.press("Shift+Tab")
    kiosk.keyboard.press("Space")  # "dissatisfied"
    kiosk.locator("#kiosk-thanks").wait_for(state="visible")
    eventually(kiosk, lambda: Rating.objects.filter(satisfaction="dissatisfied").count() == 1)

    counter_device_serve(device=world.device, official=world.official, dossier=world.dossiers[1])
    kiosk.locator("#kiosk-ask").wait_for(state="visible")
    kiosk.locator("button[data-value='satisfied']").focus()
    kiosk.keyboard.press("Enter")
    eventually(kiosk, lambda: Rating.objects.filter(dossier=world.dossiers[1], satisfaction="satisfied").exists())


def test_a_tap_while_offline_is_delivered_once_when_the_network_returns(contexts) -> None:  # type: ignore[no-untyped-def]
    world = counter_world()
    counter_device_serve(device=world.device, official=world.official, dossier=world.dossiers[0])
    context = contexts()
    kiosk = context.new_page()
    bind(kiosk, world.token)
    assert kiosk.locator("#kiosk-ask").is_visible()

    context.set_offline(True)
    kiosk.click("button[data-value='very_satisfied']")
    kiosk.locator("#kiosk-thanks").wait_for(state="visible")
    assert kiosk.locator("#kiosk-pending").inner_text() == "Chờ gửi khi có mạng: 1"
    kiosk.wait_for_timeout(1000)  # polls fail meanwhile; nothing can reach the server
    assert Rating.objects.count() == 0
    queued = kiosk.evaluate("JSON.parse(localStorage.getItem('tthc.kiosk.queue'))")
    assert len(queued) == 1 and queued[0]["client_id"]

    context.set_offline(False)
    eventually(kiosk, lambda: Rating.objects.count() == 1)
    rating = Rating.objects.get()
    assert str(rating.client_id) == queued[0]["client_id"] and rating.satisfaction == "very_satisfied"
    kiosk.locator("#kiosk-pending").wait_for(state="hidden")
    assert kiosk.evaluate("JSON.parse(localStorage.getItem('tthc.kiosk.queue'))") == []
    kiosk.wait_for_timeout(800)
    assert Rating.objects.count() == 1


def test_a_rating_stored_but_not_acknowledged_is_resent_and_kept_once(contexts) -> None:  # type: ignore[no-untyped-def]
    world = counter_world()
    counter_device_serve(device=world.device, official=world.official, dossier=world.dossiers[0])
    kiosk = contexts().new_page()
    bind(kiosk, world.token)
    answered = []

    def lose_the_answer(route) -> None:  # type: ignore[no-untyped-def]
        # The server receives and stores the rating; its answer is lost on the way back.
        answered.append(route.fetch().status)
        # On a loaded machine the page's own time-out may give up on the request while the
        # server is still answering: the answer is lost all the same.
        with contextlib.suppress(PlaywrightError):
            route.abort()

    kiosk.route("**/quay/thiet-bi/danh-gia/", lose_the_answer)
    kiosk.click("button[data-value='neutral']")
    eventually(kiosk, lambda: len(answered) >= 1)
    assert answered[0] == 201 and Rating.objects.count() == 1
    assert len(kiosk.evaluate("JSON.parse(localStorage.getItem('tthc.kiosk.queue'))")) == 1
    kiosk.unroute("**/quay/thiet-bi/danh-gia/")
    eventually(kiosk, lambda: kiosk.evaluate("JSON.parse(localStorage.getItem('tthc.kiosk.queue')).length") == 0)
    assert Rating.objects.count() == 1 and Rating.objects.get().satisfaction == "neutral"


def test_the_kiosk_and_bind_pages_pass_axe(contexts) -> None:  # type: ignore[no-untyped-def]
    world = counter_world()
    kiosk = contexts().new_page()
    kiosk.goto("/quay/thiet-bi/gan/")
    assert_accessible(kiosk)
    bind(kiosk, world.token, "?reset_ms=60000&poll_ms=300")
    assert_accessible(kiosk)  # welcome screen
    counter_device_serve(device=world.device, official=world.official, dossier=world.dossiers[0])
    kiosk.locator("#kiosk-ask").wait_for(state="visible")
    assert_accessible(kiosk)  # the question
    kiosk.click("button[data-value='satisfied']")
    kiosk.locator("#kiosk-thanks").wait_for(state="visible")
    assert_accessible(kiosk)  # the thank-you


def test_kiosk_screenshot_from_the_demo_data(contexts, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tthc.demo.load import demo_load
    from tthc.dossiers.models import Dossier

    demo_load(dossiers=300, seed=1)
    # The demo's citizens rated many dossiers already; the tablet asks about one they did not.
    dossier = (Dossier.objects.filter(rating__isnull=True, received_by__isnull=False)
               .order_by("-received_at", "code").first())
    official = dossier.received_by
    issued = counter_device_add(name="Quầy số 3", desk=official.unit, actor="test")
    counter_device_serve(device=issued.device, official=official, dossier=dossier)
    kiosk = contexts().new_page()
    bind(kiosk, issued.token, "?poll_ms=60000")
    assert kiosk.locator(".demo-banner").is_visible()
    assert kiosk.locator("#kiosk-ask").is_visible() and kiosk.locator("#kiosk-dossier").inner_text() == dossier.code
    target = DOCS_IMG / "kiosk.png" if os.environ.get("TTHC_SCREENSHOTS") else tmp_path / "kiosk.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    kiosk.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
