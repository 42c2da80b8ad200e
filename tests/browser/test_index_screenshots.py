"""The README's screenshots of the national index, from the 2026 demonstration data set:
the province overview of a month with the six groups as columns, and a commune's page
with its groups, metrics and months across the reform. `make screenshots` writes them
to docs/img; otherwise they go to a temporary folder and only their making is checked."""

from __future__ import annotations

import pytest
from accessibility import assert_accessible
from screenshots import for_docs, shot
from test_dashboards import DESKTOP, PASSWORD, desktop, log_in  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

MONTHS = ("2026-06", "2026-07", "2026-08", "2026-09")


def test_index_screenshots_from_the_2026_demo(desktop, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from django.utils.dateparse import parse_datetime

    from tthc.demo.load import DATA_SETS, load_data_set
    from tthc.scoring.services import period_score
    from tthc.web.services import DEMO_COMMUNE_2026, demo_accounts_ensure

    dossiers = 40_000 if for_docs() else 6000
    assert load_data_set(DATA_SETS["2026"], dossiers=dossiers, seed=2026).report.ok
    for month in MONTHS:
        period_score(period_code=month, actor="test",
                     as_of=parse_datetime("2026-12-01T12:00:00+07:00"))
    demo_accounts_ensure(password=PASSWORD)

    log_in(desktop, "thamdinh")
    desktop.goto(f"/tong-quan/{MONTHS[-1]}/?cap=commune")
    assert desktop.locator(".demo-banner").is_visible()
    # The six groups head the ranking's columns.
    for group in ("CKMB", "TDGQ", "CLGQ", "TTTT", "MDSH", "MDHL"):
        assert desktop.locator(f"th:has-text('{group}')").count() >= 1
    assert_accessible(desktop)
    shot(desktop, "index-overview.png", tmp_path, min_bytes=40_000)

    log_in(desktop, "lanhdaoxa")
    desktop.goto(f"/tong-quan/{MONTHS[-1]}/don-vi/{DEMO_COMMUNE_2026}/")
    assert desktop.locator("h1").inner_text().find("Mường Nhé") >= 0
    assert desktop.locator(".demo-banner").is_visible()
    assert_accessible(desktop)
    shot(desktop, "index-commune.png", tmp_path, full_page=True, min_bytes=40_000)
