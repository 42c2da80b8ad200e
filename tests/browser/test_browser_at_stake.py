"""Điểm còn giữ được in Chromium, at 1366×768 and 390×844: reached from the unit's page
while the month is open, the dossiers soonest first with their codes, axe-clean, no page
wider than the screen."""

from __future__ import annotations

import sys
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from accessibility import assert_accessible
from conftest import PHONE
from test_dashboards import appraiser_create, desktop, log_in  # noqa: F401 (the fixture)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from scoring_world import at
from test_index_score import PERIOD, small_month

pytestmark = pytest.mark.django_db(transaction=True)
WIDE = {"width": 1366, "height": 768}


def _open_month(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from tthc.dashboards import stake
    from tthc.dossiers.models import Dossier

    world = small_month()
    for code, due in (("SXD-3", "2026-09-21 17:00"), ("SXD-4", "2026-09-23 17:00")):
        Dossier.objects.create(code=code, unit=world["SXD"], desk=world["SXD"], procedure=world["p1"],
                               channel="online", status="processing", received_at=at("2026-09-15 08:00"),
                               due_at=at(due))
    call_command("score", "--period", PERIOD, "--method", "qd766", "--profile", "national",
                 stdout=StringIO(), stderr=StringIO())
    moment = timezone.make_aware(datetime(2026, 9, 21, 10, 0))
    monkeypatch.setattr(stake, "clock", lambda: moment)
    appraiser_create()


def test_at_stake_is_reached_from_the_unit_page_and_passes_axe(desktop, monkeypatch) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    _open_month(monkeypatch)
    desktop.set_viewport_size(WIDE)
    log_in(desktop, "thamdinh-thu")
    desktop.goto(f"/tong-quan/{PERIOD}/don-vi/SXD/")
    with desktop.expect_navigation():
        desktop.click("a:has-text('Điểm còn giữ được')")
    assert desktop.url.endswith(f"/tong-quan/{PERIOD}/don-vi/SXD/diem-con-giu-duoc/")
    rows = desktop.locator("section[aria-labelledby=dossiers] tbody tr")
    assert rows.count() == 2
    assert "SXD-3" in rows.nth(0).inner_text() and "hạn hôm nay" in rows.nth(0).inner_text()
    assert "SXD-4" in rows.nth(1).inner_text()
    assert desktop.errors == []
    assert_accessible(desktop)
    desktop.set_viewport_size(PHONE)
    desktop.reload()
    assert desktop.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(desktop)
