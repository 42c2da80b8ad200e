"""The 2026 data set in the database (issue 11, item 6): beside the 2020 one, which it
leaves as it was; every month after the reform scored under the national index, both
paths agreeing on a month and on a quarter (`make bench` checks them on a million
dossiers)."""

from __future__ import annotations

from datetime import date

import pytest
from test_paths_agree import assert_same

from tthc.demo.load import DATA_SETS, demo_load, load_data_set
from tthc.dossiers.models import Dossier
from tthc.scoring.services import compute_period


@pytest.mark.django_db
def test_loaded_beside_2020_scored_monthly_and_the_2020_results_unchanged() -> None:
    from django.utils.dateparse import parse_datetime

    as_of = parse_datetime("2026-12-01T12:00:00+07:00")
    assert demo_load(dossiers=1500, seed=7).report.ok
    before = compute_period(period_code="2020-Q4", as_of=as_of, path="bulk")
    loaded = load_data_set(DATA_SETS["2026"], dossiers=4000, seed=3)
    assert loaded.report.ok and loaded.report.rejected == 0
    again = load_data_set(DATA_SETS["2026"], dossiers=4000, seed=3)
    assert again.report.created == again.report.updated == 0
    after = compute_period(period_code="2020-Q4", as_of=as_of, path="bulk")
    assert after.agencies == before.agencies
    # The 2020 snapshot's open dossiers were finished, so none reads as late in 2026.
    assert not Dossier.objects.filter(code__contains="-2020-", status="processing").exists()

    bulk = compute_period(period_code="2026-03", as_of=as_of, path="bulk")
    assert bulk.rules.methodology.id == "qd766"  # the default of a month after the reform
    assert {a.kind for a in bulk.agencies} == {"province_agency", "commune"}
    assert len([a for a in bulk.agencies if a.kind == "commune"]) == 45
    assert not {a.unit_code for a in bulk.agencies} & {
        code for code, _ in Dossier.objects.filter(received_at__year=2020).values_list(
            "unit__code", "unit__kind").distinct() if _ == "district"}
    per_dossier = compute_period(period_code="2026-03", as_of=as_of, path="per_dossier")
    assert_same(bulk, per_dossier)
    assert [a.figures for a in bulk.agencies] == [a.figures for a in per_dossier.agencies]
    assert date(2026, 3, 31) == bulk.period.end
    # A quarter as well: a dossier received in one month and finished in the next is
    # in it once, and the petitions' and procedures' metrics span three months.
    quarter = {path: compute_period(period_code="2026-Q3", as_of=as_of, path=path)
               for path in ("bulk", "per_dossier")}
    assert quarter["bulk"].rules.methodology.id == "qd766"
    assert len(quarter["bulk"].scored) > len(bulk.scored)
    assert_same(quarter["bulk"], quarter["per_dossier"])
    assert ([a.figures for a in quarter["bulk"].agencies]
            == [a.figures for a in quarter["per_dossier"].agencies])
