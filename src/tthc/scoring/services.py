"""Writes of the scoring app: compute and store a period's self-scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tthc.audit.services import audit_record
from tthc.dossiers.models import Dossier
from tthc.engine.aggregate import PeriodResult
from tthc.engine.contract import figure_json
from tthc.engine.dossier import Context
from tthc.engine.facts import Dossier as DossierFacts
from tthc.engine.layout import Layout
from tthc.engine.method import PeriodInputs, score_period, score_period_bulk
from tthc.engine.periods import Period as EnginePeriod
from tthc.engine.rules import RuleSet, load_rules
from tthc.importers.selectors import published_figures
from tthc.organisation.models import Official, Unit
from tthc.organisation.selectors import working_calendar

from . import columns, loaders, packing, rule_sets
from .models import DossierPoints, OverdueCount, Period, PeriodState, ScoringRun, SubjectScore

PATHS = ("bulk", "per_dossier")


class PeriodLocked(Exception):
    """The period is published and locked: its scores cannot change without reopening."""


@dataclass(frozen=True)
class ScoreOutcome:
    run: ScoringRun
    result: PeriodResult


def build_context(*, rules: RuleSet, years: list[int], as_of: datetime,
                  period: EnginePeriod | None = None,
                  only_for: list[DossierFacts] | None = None) -> Context:
    """What scoring needs besides the dossiers. `only_for` (a few dossiers, explained
    one page at a time): only their procedures and catalogue entries, not the province's."""
    procedures = None if only_for is None else {d.procedure_code for d in only_for}
    entries = None if only_for is None else Q(procedure__code__in=procedures,
                                              unit__code__in={d.unit_code for d in only_for})
    return Context(
        rules=rules,
        calendar=working_calendar(years=years),
        procedures=loaders.load_procedures(procedures),
        unit_procedures=_group(loaders.load_unit_procedures(entries)),
        as_of=as_of,
        period=period,
    )


def _group(entries: list) -> dict[tuple[str, str], list]:
    grouped: dict[tuple[str, str], list] = {}
    for entry in entries:
        grouped.setdefault((entry.unit_code, entry.procedure_code), []).append(entry)
    return grouped


def _calendar_years(period: EnginePeriod) -> list[int]:
    # Dossiers finishing in the period may have been received a year earlier, and
    # computed due dates may run into the next year.
    return list(range(period.start.year - 1, period.end.year + 2))


def compute_period(*, period_code: str, method: str | None = None,
                   profile: str | None = None, as_of: datetime | None = None,
                   path: str = "bulk") -> PeriodResult:
    """Compute (without storing) a period's scores from the database, under the rule set
    asked for or, without one, the one in force on the period's last day.

    `path` "bulk" (columns, for any size) or "per_dossier" (one dossier at a time, with
    every point's evidence): both give the same scores — the tests and `make bench`
    check it.
    """
    if path not in PATHS:
        raise ValueError(f"path must be one of {PATHS}")
    period = EnginePeriod.parse(period_code)
    method, profile = rule_sets.asked(period.code, method, profile)
    moment = loaders.local(as_of or timezone.now())
    assert moment is not None
    rules = load_rules(method, profile, period.end)
    ctx = build_context(rules=rules, years=_calendar_years(period), as_of=moment, period=period)
    petitions = loaders.load_petitions()
    units, officials = loaders.load_units(), loaders.load_officials()
    # A methodology reporting figures takes the portal's published ones for what the
    # records cannot compute (tthc import portal-index); the others never read them.
    published = published_figures(period=period.code) if rules.methodology.figures else {}
    inputs = PeriodInputs(period=period, ctx=ctx, units=units, officials=officials, petitions=petitions,
                          published=published)
    if path == "bulk":
        return score_period_bulk(inputs, columns.load_columns(
            period, ctx, unit_codes=[u.code for u in units], official_codes=[o.code for o in officials]))
    return score_period(inputs, loaders.load_dossiers(loaders.period_dossier_filter(period), petitions))


def _summary(run: ScoringRun) -> dict:
    return {
        "run": run.pk,
        "rule_version": run.rule_version,
        "computed_at": run.computed_at.isoformat(),
        "totals": {
            (s["official__code"] or s["unit__code"]): [str(s["total"]) if s["total"] is not None else None,
                                                        s["class_code"]]
            for s in run.scores.values("unit__code", "official__code", "total", "class_code")
        },
    }


def period_score(*, period_code: str, method: str | None = None,
                 profile: str | None = None, actor: str, user=None,
                 as_of: datetime | None = None, path: str = "bulk") -> ScoreOutcome:
    """Compute and store a period's self-scores, replacing the current ones.

    Re-scoring is explicit and logged: the previous run stays readable (its subject
    scores are kept, marked not current), and the audit log records its totals.
    """
    code = EnginePeriod.parse(period_code).code
    result = compute_period(period_code=code, method=method, profile=profile, as_of=as_of, path=path)
    method, profile = result.rules.methodology.id, result.rules.profile.id
    with transaction.atomic():
        period, _ = Period.objects.select_for_update().get_or_create(code=code)
        if period.state == PeriodState.LOCKED:
            raise PeriodLocked(f"Kỳ {code} đã công bố và khóa; không thể tính lại điểm.")
        if period.state == PeriodState.APPRAISAL:
            # The appraisal is written against these self-scores; recomputing under it
            # would change what was appraised. Back to self-assessment first.
            raise PeriodLocked(f"Kỳ {code} đang thẩm định; muốn tính lại điểm, hãy đưa kỳ "
                               "về bước tự đánh giá trước.")
        previous = list(ScoringRun.objects.filter(period=period, method=method, profile=profile,
                                                  is_current=True))
        before = [_summary(run) for run in previous]
        for run in previous:
            run.is_current = False
            run.save(update_fields=["is_current"])
            # Per-dossier points are re-derivable; only subject scores of old runs are kept.
            run.dossier_points.all().delete()
        run = _store(period, result, as_of=as_of or timezone.now())
        audit_record(actor=actor, user=user, action="score_period" if not previous else "rescore_period",
                     object_type="period", object_key=f"{code}/{method}/{profile}",
                     before=before or None,
                     after={"run": run.pk, "rule_version": run.rule_version,
                            "dossiers_scored": run.dossiers_scored})
    return ScoreOutcome(run, result)


def _store(period: Period, result: PeriodResult, *, as_of: datetime) -> ScoringRun:
    rules = result.rules
    run = ScoringRun.objects.create(
        period=period, method=rules.methodology.id, profile=rules.profile.id,
        rule_version=rules.version,
        parameters={"digest": rules.digest, "as_of": rules.as_of.isoformat(),
                    "values": rules.snapshot},
        as_of=as_of, is_current=True, dossiers_scored=len(result.scored),
        conflicts=[[code, finding] for code, finding in result.conflicts],
        problems=[[code, problem] for code, problem in result.problems],
        layout=Layout.of(rules).as_json(),
    )
    unit_ids = dict(Unit.objects.values_list("code", "id"))
    official_ids = dict(Official.objects.values_list("code", "id"))
    rows = []
    for score in [*result.agencies, *result.officials]:
        values = {code: None if value is None else str(value)
                  for code, value in score.indicators.items()}
        s = score.satisfaction
        rows.append(SubjectScore(
            run=run, subject_type=score.subject_type, unit_id=unit_ids[score.unit_code],
            official_id=official_ids.get(score.code) if score.subject_type == "official" else None,
            dossiers=score.dossiers, values=values, total=score.total,
            class_code=score.class_code, class_label=score.class_label_vi,
            small_sample=score.small_sample, rank=score.rank, responses=s.trials,
            satisfaction_rate=s.rate, satisfaction_low=s.low, satisfaction_high=s.high,
            figures={code: figure_json(figure) for code, figure in score.figures.items()},
            unknown_points=score.unknown_points,
        ))
    SubjectScore.objects.bulk_create(rows, batch_size=2000)
    _store_dossier_points(run, result, unit_ids)
    OverdueCount.objects.bulk_create(
        OverdueCount(run=run, unit_id=unit_ids[code], count=n)
        for code, n in result.overdue_unfinished.items()
    )
    return run


def _store_dossier_points(run: ScoringRun, result: PeriodResult, unit_ids: dict[str, int]) -> None:
    """Per-dossier points, packed per competent unit (models.DossierPoints)."""
    scored = result.scored
    ids = scored.keys
    if ids is None:
        by_code = dict(Dossier.objects.filter(loaders.period_dossier_filter(result.period))
                       .values_list("code", "id"))
        ids = [by_code[code] for code in scored.codes]
    id_array = np.asarray(ids, dtype=np.int64)
    # None becomes NaN in a float array (done in C), then the N/A marker.
    matrix = np.column_stack([np.array(scored.points[n], dtype=float) for n in scored.indicators]) \
        if len(ids) else np.zeros((0, len(scored.indicators)))
    matrix = packing.as_stored(matrix)
    units, unit_of_row = np.unique(np.asarray(scored.units, dtype=object), return_inverse=True)
    batches = []
    for k, unit in enumerate(units.tolist()):
        rows = np.flatnonzero(unit_of_row == k)
        packed_ids, packed_points = packing.pack_arrays(id_array[rows], matrix[rows])
        batches.append(DossierPoints(run=run, unit_id=unit_ids[unit], count=len(rows),
                                     dossier_ids=packed_ids, points=packed_points))
    DossierPoints.objects.bulk_create(batches)
