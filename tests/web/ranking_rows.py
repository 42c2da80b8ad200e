"""Stored scores built row by row, as `tthc score` would leave them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from tthc.organisation.models import Official, Unit
from tthc.scoring.models import Period, PeriodState, ScoringRun, SubjectScore, SubjectType

AS_OF = datetime(2020, 4, 1, 1, 0, tzinfo=UTC)


def run_create(*, period: str = "2020-Q1", current: bool = True, **fields: Any) -> ScoringRun:
    period_row, _ = Period.objects.get_or_create(code=period)
    values = {"method": "nd61-tt01", "profile": "dien-bien-1187",
              "rule_version": "nd61-tt01/dien-bien-1187@2019-11-23", "parameters": {},
              "as_of": AS_OF, "is_current": current, "dossiers_scored": 1234}
    values.update(fields)
    return ScoringRun.objects.create(period=period_row, **values)


def unit_get(code: str, kind: str, name: str | None = None) -> Unit:
    unit, _ = Unit.objects.get_or_create(code=code, defaults={"kind": kind,
                                                              "name": name or f"Đơn vị {code}"})
    return unit


def agency_score(run: ScoringRun, unit: Unit, **fields: Any) -> SubjectScore:
    values: dict[str, Any] = {f"i{n}": Decimal("1.5") for n in range(1, 10)}
    values.update({"total": Decimal("13.5"), "class_code": "tot", "rank": 1, "dossiers": 10,
                   "responses": 40, "satisfaction_rate": Decimal("0.925"),
                   "satisfaction_low": Decimal("0.864"), "satisfaction_high": Decimal("0.960")})
    values.update(fields)
    return SubjectScore.objects.create(run=run, subject_type=SubjectType.AGENCY, unit=unit,
                                       **values)


def official_score(run: ScoringRun, official: Official, **fields: Any) -> SubjectScore:
    values: dict[str, Any] = {f"i{n}": Decimal("1.2") for n in (1, 2, 3, 4, 7)}
    values.update({"total": Decimal("6.0"), "class_code": "ht_100", "dossiers": 5,
                   "responses": 3, "satisfaction_rate": Decimal("1.000"),
                   "satisfaction_low": Decimal("0.439"), "satisfaction_high": Decimal("1.000")})
    values.update(fields)
    return SubjectScore.objects.create(run=run, subject_type=SubjectType.OFFICIAL,
                                       unit=official.unit, official=official, **values)


def periods_publish(*codes: str, method: str = "nd61-tt01", profile: str = "dien-bien-1187") -> None:
    """Mark periods approved and published under a rule set, as the appraiser's last step
    leaves them."""
    Period.objects.filter(code__in=codes).update(state=PeriodState.LOCKED, published_at=AS_OF,
                                                 published_method=method, published_profile=profile)
