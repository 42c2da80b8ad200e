"""Fixtures for the web pages: a scored period, the demo flag."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from ranking_rows import agency_score, official_score, run_create, unit_get

from tthc.audit.models import AuditEntry
from tthc.organisation.models import Official, UnitKind
from tthc.scoring.models import OverdueCount, ScoringRun
from tthc.scoring.selectors import DEMO_LOADED_ACTION


@pytest.fixture
def scored_period(db: None) -> Callable[..., ScoringRun]:
    """Build a current run with `per_level` agencies at each level and as many officials."""

    def build(*, period: str = "2020-Q1", per_level: int = 2) -> ScoringRun:
        run = run_create(period=period)
        kinds = (UnitKind.PROVINCE_AGENCY, UnitKind.DISTRICT, UnitKind.COMMUNE)
        for kind in kinds:
            for index in range(per_level):
                unit = unit_get(f"{kind.value[:3].upper()}{index:03d}", kind)
                agency_score(run, unit, rank=index + 1)
                OverdueCount.objects.create(run=run, unit=unit, count=index)
                official, _ = Official.objects.get_or_create(
                    code=f"CB-{unit.code}", defaults={"full_name": "Nguyễn Văn Ân", "unit": unit})
                official_score(run, official)
        return run

    return build


@pytest.fixture
def demo_flag(db: None) -> AuditEntry:
    return AuditEntry.objects.create(actor="cli:demo", action=DEMO_LOADED_ACTION,
                                     object_type="dataset", object_key="dien-bien-2020")
