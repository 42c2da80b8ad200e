"""Issue 10, finding 8, in the browser: the main pages work under the
Content-Security-Policy. Chromium reports every refused script, style or frame as a
`securitypolicyviolation` event and a console error; none may appear."""

from __future__ import annotations

import pytest
from test_dashboards import DESKTOP, PASSWORD, log_in, score

pytestmark = pytest.mark.django_db(transaction=True)

# Records what the policy refused, before any script of the page runs.
LISTEN = """document.addEventListener("securitypolicyviolation", (event) => {
  window.__refused = window.__refused || [];
  window.__refused.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile);
});"""

PUBLIC = ["/", "/cong-khai/", "/cong-khai/2020-Q1/", "/xep-hang/2020-Q1/", "/danh-gia/", "/phan-anh/gui/",
          "/phan-anh/tra-cuu/", "/dang-nhap/"]
STAFF = ["/tong-quan/2020-Q2/", "/ky/", "/ky/2020-Q1/", "/bao-cao/", "/bao-cao/2020-Q1/", "/nhat-ky/",
         "/quay/", "/phan-anh/xu-ly/", "/admin/", "/admin/organisation/unit/add/", "/admin/auth/user/"]


def visit(page, paths: list[str], problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        if page.locator(".chart").count():
            page.wait_for_selector(".chart.chart-ready svg")
            # Hover every chart: tooltips are where markup and styles come and go.
            for chart in page.locator(".chart.chart-ready").all():
                chart.scroll_into_view_if_needed()
                chart.hover()
        problems += [f"{path}: {refused}" for refused in page.evaluate("() => window.__refused || []")]


def test_the_main_pages_run_under_the_policy_without_a_violation(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from tthc.counter.services import counter_device_add
    from tthc.demo.load import demo_load
    from tthc.evaluation.demo import demo_cycle
    from tthc.organisation.models import Unit
    from tthc.web.services import demo_accounts_ensure

    demo_load(dossiers=3000)
    score("2020-Q1", "2020-Q2", "2020-Q3")
    demo_accounts_ensure(password=PASSWORD)
    demo_cycle()  # 2020-Q1 and Q2 published
    desk = Unit.objects.filter(officials__user__username="canbo").first()
    token = counter_device_add(name="Quầy thử", desk=desk, actor="test").token

    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    context.add_init_script(LISTEN)
    page = context.new_page()
    problems: list[str] = []
    errors: list[str] = []
    # Console errors, but for the browser's own request of /favicon.ico (none is served).
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and "favicon.ico" not in (msg.location or {}).get("url", "") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    visit(page, PUBLIC, problems)
    log_in(page, "quantri")
    visit(page, STAFF, problems)
    # The counter tablet: bound by its token, then its screen with kiosk.js polling.
    page.goto("/quay/thiet-bi/gan/")
    page.fill("input[name=token]", token)
    with page.expect_navigation():
        page.click("main button[type=submit]")  # not the header's search (staff are logged in)
    visit(page, ["/quay/thiet-bi/"], problems)

    assert problems == []
    assert errors == []
    context.close()
