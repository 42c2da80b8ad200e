"""The national index's drill-downs in Chromium: a unit's late dossiers with the rule
that made each late, and its late petitions as a table; both axe-clean, on a phone too."""

from __future__ import annotations

import sys
from io import StringIO
from pathlib import Path

import pytest
from accessibility import assert_accessible
from test_dashboards import appraiser_create, desktop, log_in  # noqa: F401 (the fixture)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from scoring_world import at
from test_index_score import PERIOD, small_month

pytestmark = pytest.mark.django_db(transaction=True)


def _month() -> None:
    from django.core.management import call_command

    from tthc.petitions.models import Petition

    world = small_month()
    Petition.objects.create(code="PA-TRE", unit=world["SXD"], received_at=at("2026-09-01 09:00"),
                            answered_at=at("2026-09-29 09:00"))
    Petition.objects.create(code="PA-MO", unit=world["SXD"], received_at=at("2026-09-03 09:00"))
    call_command("score", "--period", PERIOD, "--method", "qd766", "--profile", "national",
                 stdout=StringIO(), stderr=StringIO())
    appraiser_create()


def test_the_late_dossiers_and_the_late_petitions_pass_axe(desktop, page) -> None:  # type: ignore[no-untyped-def] # noqa: F811
    _month()
    log_in(desktop, "thamdinh-thu")
    desktop.goto(f"/tong-quan/{PERIOD}/don-vi/SXD/")
    desktop.get_by_role("link", name="2 phản ánh, kiến nghị không được tính ở 5.2").click()
    desktop.wait_for_url("**/chi-so/PETITION_PROCESSING_ON_TIME/")
    table = desktop.locator("table.lost-items")
    assert table.locator("tbody tr").count() == 2
    late = table.locator("tbody tr", has_text="PA-TRE")
    assert late.locator("td").nth(3).inner_text() == "19"  # working days taken
    assert "sau hạn 23/09/2026" in late.inner_text()
    assert desktop.errors == []
    assert_accessible(desktop)
    desktop.goto(f"/tong-quan/{PERIOD}/don-vi/SXD/chi-so/ON_TIME/")
    reason = desktop.locator(".dossier", has_text="SXD-2").locator(".reason")
    assert reason.inner_text() == "Lý do: Kết thúc xử lý ngày 17/09/2026, sau hạn giải quyết 15/09/2026."
    assert_accessible(desktop)
    # On a phone the table scrolls inside its box, the page does not.
    log_in(page, "thamdinh-thu")
    page.goto(f"/tong-quan/{PERIOD}/don-vi/SXD/chi-so/PETITION_PROCESSING_ON_TIME/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)
