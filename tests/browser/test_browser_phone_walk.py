"""Every page of the permission matrix on a phone (issue 13): at 390×844 no page scrolls
sideways (a wide table may scroll, but inside its own box, which the keyboard reaches),
and each page passes axe-core as the first role that may open it sees it.

Each role opens every page the matrix gives it (a 200, or a redirect that is not to the
log-in page, followed to where it lands), in Chromium. Downloads and the API are not
pages and are skipped.
"""

from __future__ import annotations

from typing import Any

import pytest
from accessibility import accessibility_problems
from django.conf import settings
from django.test import Client
from matrix import MATRIX, ROLES, matrix_world_build

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
NOT_PAGES = (".csv", ".json", ".xlsx", ".pdf", "/api/")

# The element sticking out of the page on the right, if any, outside every box that
# scrolls on its own (overflow-x auto or scroll): what a person would have to pan to.
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; }
    return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0 && !scrolls(el)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      return name + ' ends at ' + Math.round(box.right) + ' px: '
        + (el.innerText || '').trim().slice(0, 60);
    }
  }
  return 'the page is ' + document.documentElement.scrollWidth + ' px wide';
}"""


def _pages(world: dict[str, Any]) -> dict[str, list[str]]:
    """Each role's pages: the matrix's GET rows it may open, as paths."""
    pages: dict[str, list[str]] = {role: [] for role in ROLES}
    for row in MATRIX:
        path = row.path.format(**world["values"])
        if row.method != "get" or any(part in path for part in NOT_PAGES):
            continue
        for role in ROLES:
            if row.expect[role] in (200, 302):  # LOGIN, the log-in redirect, is not one
                pages[role].append(path)
    return pages


def _context(browser, live_server, user) -> Any:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    return context


class Walk:
    """What a walk found: pages that scroll sideways, axe's findings (once per page)."""

    def __init__(self, live_server) -> None:  # type: ignore[no-untyped-def]
        self.base = live_server.url
        self.wide: list[str] = []
        self.inaccessible: list[str] = []
        self.checked: set[str] = set()
        self.opened = 0

    def visit(self, page, path: str, who: str) -> None:  # type: ignore[no-untyped-def]
        response = page.goto(path)
        assert response is not None and response.status < 500, f"{who} {path}: {response}"
        if response.status != 200 or "text/html" not in (response.headers.get("content-type") or ""):
            return
        self.opened += 1
        landed = page.url.removeprefix(self.base)
        if problem := page.evaluate(SIDEWAYS):
            self.wide.append(f"{who:13} {path} → {landed}: {problem}")
        if landed not in self.checked:
            self.checked.add(landed)
            self.inaccessible += [f"{who:13} {landed}: {p}" for p in accessibility_problems(page)]

    def assert_clean(self, at_least: int) -> None:
        assert self.opened >= at_least, f"only {self.opened} pages opened: the walk lost its way"
        assert not self.wide and not self.inaccessible, (
            "Pages that scroll sideways at 390×844:\n" + "\n".join(self.wide)
            + "\nWCAG 2.1 AA at 390×844:\n" + "\n".join(self.inaccessible))


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, personas) -> None:  # type: ignore[no-untyped-def]
    world = matrix_world_build(personas)
    walk = Walk(live_server)
    for role, paths in _pages(world).items():
        context = _context(browser, live_server, world["users"][role])
        page = context.new_page()
        for path in paths:
            walk.visit(page, path, role)
        context.close()
    walk.assert_clean(at_least=61)


def test_no_page_of_an_index_month_scrolls_sideways_on_a_phone(browser, live_server, personas) -> None:  # type: ignore[no-untyped-def]
    """The same pages for a month of the national index (other tables: six groups, months)."""
    from index_world import PERIOD, index_world_create

    from tthc.organisation.models import Official

    world = index_world_create(personas)
    world.publish()
    official = Official.objects.filter(unit__code="SXD").order_by("code").first()
    values = {"pub": PERIOD, "unpub": PERIOD, "unit": "SXD", "other": "STP",
              "official": official.code if official else "-", "other_official": "-",
              "dossier": "-", "petition": "-", "device": "-"}
    paths = sorted({row.path.format(**values) for row in MATRIX if row.method == "get"
                    and ("{pub}" in row.path or "{unpub}" in row.path)})
    context = _context(browser, live_server, personas.appraiser)
    page = context.new_page()
    walk = Walk(live_server)
    for path in paths:
        if not any(part in path for part in NOT_PAGES) and "/-" not in path:
            walk.visit(page, path, "appraiser")
    context.close()
    walk.assert_clean(at_least=11)
