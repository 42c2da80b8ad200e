"""The evidence of an agency's unit-level indicators, read on demand for its indicator
page: the methodology's own explanation (``engine.method.explain_unit``), under the
rules and the reference time of the period's current run, from one unit's records only.

The stored run keeps values, not explanations; recomputing one unit's explanation reads
its dossiers of the period, its procedures and its petitions — never the province's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q

from tthc.dossiers.models import Dossier
from tthc.engine import facts
from tthc.engine.dossier import Context
from tthc.engine.evidence import UnitEvidence
from tthc.engine.method import PeriodInputs, explain_unit
from tthc.engine.periods import Period as Span
from tthc.evaluation.selectors import run_rules
from tthc.evaluation.services import Key
from tthc.organisation.models import Unit
from tthc.organisation.selectors import working_calendar
from tthc.scoring import loaders
from tthc.scoring.selectors import current_run


def unit_evidence(key: Key, unit: Unit) -> Mapping[str, UnitEvidence]:
    """By indicator code, the evidence of the unit's indicators computed for the whole
    unit, as the period's current run computed them ({} without a run)."""
    run = current_run(period=key.period, method=key.method, profile=key.profile)
    if run is None:
        return {}
    span = Span.parse(run.period.code)
    rules = run_rules(run)
    as_of = loaders.local(run.as_of)
    assert as_of is not None
    petitions = loaders.load_petitions(Q(unit=unit))
    entries = loaders.load_unit_procedures(Q(unit=unit))
    catalogue: dict[tuple[str, str], list[facts.UnitProcedure]] = {}
    for entry in entries:
        catalogue.setdefault((entry.unit_code, entry.procedure_code), []).append(entry)
    ctx = Context(rules=rules, calendar=working_calendar(years=range(span.start.year - 1, span.end.year + 2)),
                  procedures=loaders.load_procedures({e.procedure_code for e in entries}
                                                     | _dossier_procedures(unit, span)),
                  unit_procedures=catalogue, as_of=as_of, period=span)
    units = [u for u in loaders.load_units() if u.code == unit.code]
    inputs = PeriodInputs(period=span, ctx=ctx, units=units, officials=[], petitions=petitions)
    dossiers = loaders.load_dossiers(loaders.period_dossier_filter(span) & Q(unit=unit), petitions)
    return explain_unit(inputs, dossiers, unit.code)


def _dossier_procedures(unit: Unit, span: Span) -> set[str]:
    return set(Dossier.objects.filter(loaders.period_dossier_filter(span), unit=unit)
               .values_list("procedure__code", flat=True).distinct())


def stored_points(results: dict[str, Any], unit_code: str, code: str) -> Any:
    """The unit's points on indicator `code` as the period's results hold them (after
    appraisal), None when the unit is not among them."""
    specs = [spec.code for spec in results["layout"].agency.indicators]
    for level in results["levels"]:
        for row in level["agencies"]:
            if row["code"] == unit_code and code in specs:
                return row["indicators"][specs.index(code)]
    return None
