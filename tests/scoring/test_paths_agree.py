"""The bulk path and the per-dossier path give identical results from the database."""

from __future__ import annotations

import pytest
from scoring_world import province

from tthc.demo.load import demo_load
from tthc.engine.aggregate import PeriodResult
from tthc.scoring.services import compute_period

pytestmark = pytest.mark.django_db
AS_OF = "2021-01-15T12:00:00+07:00"


def assert_same(bulk: PeriodResult, per_dossier: PeriodResult) -> None:
    assert bulk.agencies == per_dossier.agencies
    assert bulk.officials == per_dossier.officials
    assert bulk.overdue_unfinished == per_dossier.overdue_unfinished
    points = {n: dict(zip(bulk.scored.codes, bulk.scored.points[n], strict=True)) for n in bulk.scored.points}
    other = {n: dict(zip(per_dossier.scored.codes, per_dossier.scored.points[n], strict=True))
             for n in per_dossier.scored.points}
    assert points == other
    assert sorted(bulk.conflicts) == sorted(per_dossier.conflicts)


def both(period: str) -> tuple[PeriodResult, PeriodResult]:
    from django.utils.dateparse import parse_datetime

    as_of = parse_datetime(AS_OF)
    return (compute_period(period_code=period, as_of=as_of, path="bulk"),
            compute_period(period_code=period, as_of=as_of, path="per_dossier"))


def test_paths_agree_on_the_small_province() -> None:
    province()
    bulk, per_dossier = both("2020-Q1")
    assert len(bulk.scored) == 2
    assert_same(bulk, per_dossier)


@pytest.mark.parametrize("period", ["2020-Q1", "2020-H2", "2020"])
def test_paths_agree_on_a_seeded_demo_subset(period: str) -> None:
    loaded = demo_load(dossiers=1500, seed=7)
    assert loaded.report.ok
    bulk, per_dossier = both(period)
    assert len(bulk.scored) > 100
    assert_same(bulk, per_dossier)


def test_paths_agree_when_due_dates_must_be_computed() -> None:
    from scoring_world import at

    from tthc.dossiers.models import Dossier, Supplement

    world = province()
    # Received before Tết 2020 without a due date: 5 working days run to 04/02/2020.
    for code, finished in (("NO-DUE-1", "2020-02-04 10:00"), ("NO-DUE-2", "2020-02-05 10:00")):
        Dossier.objects.create(code=code, procedure=world["p1"], unit=world["stp"], desk=world["stp"],
                               received_by=world["cb1"], channel="online", return_channel="online",
                               received_at=at("2020-01-21 09:00"), finished_at=at(finished), status="finished")
    open_one = Dossier.objects.create(code="NO-DUE-OPEN", procedure=world["p1"], unit=world["hdb"],
                                      desk=world["hdb"], received_at=at("2020-03-02 09:00"), status="processing")
    Supplement.objects.create(dossier=open_one, seq=1, requested_at=at("2020-03-03 09:00"))
    bulk, per_dossier = both("2020-Q1")
    assert bulk.scored.of("NO-DUE-1")["1"] == 1 and bulk.scored.of("NO-DUE-2")["1"] == 0
    assert_same(bulk, per_dossier)
