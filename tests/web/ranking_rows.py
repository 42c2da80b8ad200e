"""Stored scores built row by row, as `tthc score` would leave them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from tthc.engine.layout import Layout
from tthc.engine.rules import load_rules
from tthc.organisation.models import Official, Unit
from tthc.scoring.models import Period, PeriodState, ScoringRun, SubjectScore, SubjectType
from tthc.scoring.selectors import layout_of

AS_OF = datetime(2020, 4, 1, 1, 0, tzinfo=UTC)


def nd61_layout() -> dict[str, Any]:
    """The layout `tthc score` stores with an nd61-tt01 run of 2020."""
    return Layout.of(load_rules("nd61-tt01", "dien-bien-1187", AS_OF.date())).as_json()


def run_create(*, period: str = "2020-Q1", current: bool = True, **fields: Any) -> ScoringRun:
    period_row, _ = Period.objects.get_or_create(code=period)
    values = {"method": "nd61-tt01", "profile": "dien-bien-1187",
              "rule_version": "nd61-tt01/dien-bien-1187@2019-11-23", "parameters": {},
              "as_of": AS_OF, "is_current": current, "dossiers_scored": 1234,
              "layout": nd61_layout()}
    values.update(fields)
    return ScoringRun.objects.create(period=period_row, **values)


def unit_get(code: str, kind: str, name: str | None = None) -> Unit:
    unit, _ = Unit.objects.get_or_create(code=code, defaults={"kind": kind,
                                                              "name": name or f"Đơn vị {code}"})
    return unit


def _score(run: ScoringRun, subject_type: str, unit: Unit, official: Official | None,
           default: str, points: dict[str, Decimal | None] | None, fields: dict[str, Any]) -> SubjectScore:
    """A stored score with every indicator of the subject at `default` unless `points`
    says otherwise; class label and small-sample flag as the run's layout computes them."""
    subject = layout_of(run).subjects[subject_type]
    values: dict[str, Any] = {spec.code: default for spec in subject.indicators}
    values.update({code: None if v is None else str(v) for code, v in (points or {}).items()})
    fields.setdefault("values", values)
    row = SubjectScore(run=run, subject_type=subject_type, unit=unit, official=official, **fields)
    row.class_label = fields.get("class_label") or subject.class_label(row.class_code)
    row.small_sample = fields.get("small_sample", row.responses < layout_of(run).small_sample)
    row.save()
    return row


def agency_score(run: ScoringRun, unit: Unit, *, points: dict[str, Decimal | None] | None = None,
                 **fields: Any) -> SubjectScore:
    values: dict[str, Any] = {"total": Decimal("13.5"), "class_code": "tot", "rank": 1, "dossiers": 10,
                              "responses": 40, "satisfaction_rate": Decimal("0.925"),
                              "satisfaction_low": Decimal("0.864"), "satisfaction_high": Decimal("0.960")}
    values.update(fields)
    return _score(run, SubjectType.AGENCY, unit, None, "1.5", points, values)


def official_score(run: ScoringRun, official: Official, *,
                   points: dict[str, Decimal | None] | None = None, **fields: Any) -> SubjectScore:
    values: dict[str, Any] = {"total": Decimal("6.0"), "class_code": "ht_100", "dossiers": 5,
                              "responses": 3, "satisfaction_rate": Decimal("1.000"),
                              "satisfaction_low": Decimal("0.439"), "satisfaction_high": Decimal("1.000")}
    values.update(fields)
    return _score(run, SubjectType.OFFICIAL, official.unit, official, "1.2", points, values)


def periods_publish(*codes: str, method: str = "nd61-tt01", profile: str = "dien-bien-1187") -> None:
    """Mark periods approved and published under a rule set, as the appraiser's last step
    leaves them."""
    Period.objects.filter(code__in=codes).update(state=PeriodState.LOCKED, published_at=AS_OF,
                                                 published_method=method, published_profile=profile)
