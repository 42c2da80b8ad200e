"""Demonstration portal figures (issue 12): the 2026 data set's load imports the six
answers of one month, labelled as demonstration data, through the real importer; they
differ from the records in the deliberate, small ways the reconciliation must show, and
loading again changes nothing."""

from __future__ import annotations

import pytest

from tthc.demo import portal_figures
from tthc.demo.load import DATA_SETS, load_data_set
from tthc.importers.models import MatchedBy, PublishedAnswer, PublishedUnit
from tthc.importers.reconcile import reconciliation
from tthc.methods.qd766.portal import ANSWERS
from tthc.scoring.services import period_score

pytestmark = pytest.mark.django_db
MONTH = portal_figures.MONTH


def test_the_2026_load_imports_the_months_answers_with_deliberate_differences() -> None:
    load_data_set(DATA_SETS["2026"], dossiers=4000, seed=3)
    answers = PublishedAnswer.objects.filter(period=MONTH, current=True)
    assert sorted(a.answer for a in answers) == sorted(ANSWERS)
    assert all(a.source.startswith("minh-hoa-") and a.raw["note"] == portal_figures.NOTE for a in answers)
    assert not PublishedUnit.objects.filter(answer__period=MONTH, overview=False, unit__isnull=True).exists()
    by_name = set(PublishedUnit.objects.filter(answer__period=MONTH, matched_by=MatchedBy.NAME)
                  .values_list("unit__code", flat=True))
    assert len(by_name) == 1

    period_score(period_code=MONTH, actor="test")
    found = reconciliation(period=MONTH)
    lines = [line for _, line in found.lines]
    assert found.unmatched == [] and found.run is not None
    assert sum(line.formula_mismatch for line in lines) == 1
    assert sum(line.quality_status == portal_figures.TEMPORARY[0] for line in lines) == 1
    shifted = [line for line in lines if line.numerator_difference]
    assert 1 <= len(shifted) <= portal_figures.SHIFTED_UNITS
    assert all(abs(line.numerator_difference or 0) <= 3 for line in shifted)
    # What the records cannot compute comes from the portal alone, and the month's run
    # took it: no points left unknown.
    portal_only = [line for line in lines if line.computed is None]
    assert portal_only and all(line.published.points is not None for line in portal_only)
    assert all(u.unknown_points == 0 for u in found.units)
    # The lines the reconciliation puts first are the differences.
    assert lines[0].at_stake > 0


def test_loading_again_changes_nothing() -> None:
    load_data_set(DATA_SETS["2026"], dossiers=4000, seed=3)
    first = sorted(PublishedAnswer.objects.filter(period=MONTH).values_list("answer", "digest"))
    load_data_set(DATA_SETS["2026"], dossiers=4000, seed=3)
    assert sorted(PublishedAnswer.objects.filter(period=MONTH).values_list("answer", "digest")) == first
