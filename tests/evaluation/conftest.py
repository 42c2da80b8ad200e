"""A small scored quarter to walk through the cycle, and a login for every role.

The stored scores are built row by row with the web tests' helpers (tests/web/
ranking_rows.py), so each agency's self-score is known exactly: every indicator 1,5,
total 13,5 (class Tốt) unless a test says otherwise. Agency roles come from
tests/personas.py (`agency_personas_create`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

for _folder in ("web", "scoring"):  # ranking_rows, scoring_world
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / _folder))

from personas import AgencyPersonas, agency_personas_create  # noqa: E402
from ranking_rows import agency_score, run_create, unit_get  # noqa: E402

from tthc.organisation.models import Official, Unit, UnitKind  # noqa: E402
from tthc.scoring.models import Period, ScoringRun  # noqa: E402


@dataclass
class Quarter:
    """2020-Q1 with two province agencies (STP, STC) and a district (HDB)."""

    run: ScoringRun
    stp: Unit
    stc: Unit
    hdb: Unit

    @property
    def period(self) -> Period:
        return Period.objects.get(code="2020-Q1")

    def put(self, state: str) -> None:
        Period.objects.filter(code="2020-Q1").update(state=state)


@pytest.fixture
def quarter(db: None) -> Quarter:
    run = run_create(period="2020-Q1")
    stp = unit_get("STP", UnitKind.PROVINCE_AGENCY, "Sở Tư pháp")
    stc = unit_get("STC", UnitKind.PROVINCE_AGENCY, "Sở Tài chính")
    hdb = unit_get("HDB", UnitKind.DISTRICT, "UBND huyện Điện Biên")
    agency_score(run, stp, rank=1)
    agency_score(run, stc, total=None, class_code="khong_du_du_lieu", rank=None,
                 points={str(n): None for n in range(1, 10)})
    agency_score(run, hdb, rank=1)
    return Quarter(run, stp, stc, hdb)


@pytest.fixture
def roles(quarter: Quarter) -> AgencyPersonas:
    """STP's leader, a desk official of STP, and STC's leader (the outsider agency)."""
    official = Official.objects.create(code="CB-STP", full_name="Lò Thị Hoa", unit=quarter.stp)
    return agency_personas_create(unit=quarter.stp, official=official, other_unit=quarter.stc)
