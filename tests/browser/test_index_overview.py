"""The national index's overview and a unit's page in Chromium: groups as columns,
unknown points in words, charts drawn, axe-clean."""

from __future__ import annotations

import sys
from io import StringIO
from pathlib import Path

import pytest
from accessibility import assert_accessible
from test_dashboards import appraiser_create, desktop, log_in  # noqa: F401 (the fixture)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from test_index_score import PERIOD, small_month

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_index_overview_shows_groups_and_passes_axe(desktop) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    from django.core.management import call_command

    small_month()
    call_command("score", "--period", PERIOD, "--method", "qd766", "--profile", "national",
                 stdout=StringIO(), stderr=StringIO())
    appraiser_create()
    log_in(desktop, "thamdinh-thu")
    desktop.goto(f"/tong-quan/{PERIOD}/")
    desktop.wait_for_selector(".chart.chart-ready svg")
    table = desktop.locator("table.index-groups").first
    assert table.locator("thead th", has_text="TDGQ").count() == 1
    assert table.locator("td", has_text="chưa có số liệu").count() >= 1
    assert desktop.errors == []
    assert_accessible(desktop)
    desktop.goto(f"/tong-quan/{PERIOD}/don-vi/SXD/")
    assert desktop.locator("table.index-metrics th", has_text="Tiến độ giải quyết").count() == 1
    assert_accessible(desktop)
