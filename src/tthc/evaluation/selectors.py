"""Reads of the evaluation cycle: the period's results with the appraisal applied.

`period_results` is what the dashboards, the reports, the public page and the open
data all show, so that they cannot disagree: the current run's self-scores, each
agency's explanations, the appraised points where the appraiser changed any, the
appraised total, its class (provisional until the period is published) and the rank on
it within the agency's level.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tthc.engine.appraisal import appraised_class, competition_ranks, indicator_total
from tthc.engine.rules import RuleSet, load_rules
from tthc.scoring.models import Period, PeriodState, ScoringRun
from tthc.scoring.selectors import AGENCY_CLASS_LABELS, period_ranking

from .models import Appraisal, SelfAssessment
from .services import Key

NUMBERS = tuple(str(n) for n in range(1, 10))


def _rules(run_method: str, run_profile: str, parameters: dict[str, Any], period_code: str) -> RuleSet:
    # The rule values the run used: the same profile version, read as of the run's date.
    as_of = parameters.get("as_of")
    when = date.fromisoformat(as_of[:10]) if as_of else None
    if when is None:
        from tthc.engine.periods import Period as Span
        when = Span.parse(period_code).end
    return load_rules(run_method, run_profile, when)


def period_state(code: str) -> Period | None:
    return Period.objects.filter(code=code).first()


def published_periods() -> list[Period]:
    """Periods approved and published (locked), the public's only ones."""
    return list(Period.objects.filter(state=PeriodState.LOCKED).order_by("-code"))


def period_results(key: Key) -> dict[str, Any] | None:
    """The ranking with self-assessment and appraisal applied, or None (not scored)."""
    ranking = period_ranking(period=key.period, method=key.method, profile=key.profile)
    if ranking is None:
        return None
    run = ScoringRun.objects.filter(period__code=key.period, method=key.method,
                                    profile=key.profile, is_current=True).select_related(
        "period").order_by("-computed_at", "-id").first()
    assert run is not None
    period = run.period
    rules = _rules(run.method, run.profile, run.parameters, key.period)
    filters = {"period": period, "method": key.method, "profile": key.profile}
    appraised: dict[str, dict[str, Appraisal]] = {}
    for row in Appraisal.objects.filter(**filters).select_related("unit", "appraised_by"):
        appraised.setdefault(row.unit.code, {})[str(row.indicator)] = row
    explained: dict[str, dict[str, SelfAssessment]] = {}
    for note in SelfAssessment.objects.filter(**filters).select_related("unit"):
        explained.setdefault(note.unit.code, {})[str(note.indicator)] = note

    for level in ranking["levels"]:
        for row in level["agencies"]:
            _apply(row, appraised.get(row["code"], {}), explained.get(row["code"], {}), rules)
        ranks = competition_ranks({row["code"]: row["total"] for row in level["agencies"]
                                   if row["class_code"] != "khong_du_du_lieu"})
        for row in level["agencies"]:
            row["rank"] = ranks.get(row["code"])
        level["agencies"].sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["code"]))

    ranking.update({
        "state": period.state,
        "is_published": period.state == PeriodState.LOCKED,
        "provisional": period.state != PeriodState.LOCKED,
        "published_at": period.published_at,
        "appraised_agencies": len(appraised),
        "explained_agencies": len(explained),
    })
    return ranking


def _apply(row: dict[str, Any], appraisals: dict[str, Appraisal],
           notes: dict[str, SelfAssessment], rules: RuleSet) -> None:
    self_points: dict[str, Decimal | None] = dict(zip(NUMBERS, row["indicators"], strict=True))
    row["self_indicators"] = row["indicators"]
    row["self_total"] = row["total"]
    row["self_class_code"], row["self_class_label"] = row["class_code"], row["class_label"]
    row["self_rank"] = row["rank"]
    row["explanations"] = {n: note.explanation for n, note in notes.items()}
    row["appraisals"] = {n: {"points": a.points, "self_points": a.self_points, "reason": a.reason,
                             "by": a.appraised_by.get_username() if a.appraised_by else "",
                             "deduction": a.is_deduction}
                         for n, a in sorted(appraisals.items())}
    row["deductions"] = [{"indicator": int(n), **value} for n, value in row["appraisals"].items()
                         if value["deduction"]]
    if row["total"] is None:  # no dossier: nothing to appraise, class stays as computed
        return
    final = {n: (appraisals[n].points if n in appraisals else v) for n, v in self_points.items()}
    row["indicators"] = [final[n] for n in NUMBERS]
    row["total"] = indicator_total(final)
    band = appraised_class(rules.agency_bands, row["total"])
    if band is not None:
        row["class_code"] = band.code
        row["class_label"] = AGENCY_CLASS_LABELS.get(band.code, band.label_vi)


def agency_result(key: Key, unit_code: str) -> dict[str, Any] | None:
    """One agency's row of `period_results` (with its level), or None."""
    results = period_results(key)
    if results is None:
        return None
    for level in results["levels"]:
        for row in level["agencies"]:
            if row["code"] == unit_code:
                return {"results": results, "level": level, "agency": row}
    return None
