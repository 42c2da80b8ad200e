"""What a methodology's module provides: the plug-in interface, and the calls that
reach the right module for a rule set.

A methodology's folder (``registry``) holds its rule data and a module whose
``METHOD`` implements ``Method``. The engine never knows an indicator: it hands the
module the period's records (``PeriodInputs``, plus dossiers as objects or as columns)
and gets a ``PeriodResult`` back.

Both paths must give identical results: ``score_dossiers`` explains every point
(``details``), ``score_columns`` counts a province-year in seconds. A methodology
writes each rule once — one module per indicator holding its per-dossier and column
forms side by side — and every golden case runs through both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from .dossier import Context
from .facts import Dossier, Official, Petition, Procedure, Unit, UnitProcedure
from .periods import Period
from .rules import RuleSet

if TYPE_CHECKING:
    from .aggregate import PeriodResult
    from .columns import Columns
    from .dossier import DossierResult
    from .evidence import UnitEvidence
    from .items import ItemSection


@dataclass(frozen=True, slots=True)
class Published:
    """One metric of one unit as the national portal published it for the period
    (imported by `tthc import portal-index`). A methodology may take it for a metric
    its records cannot compute; it never replaces one they can."""

    numerator: int | None
    denominator: int | None
    points: Decimal
    evidence: str  # where the figure comes from (the answer's file, when it was imported)


@dataclass(frozen=True)
class PeriodInputs:
    """A period's records other than its dossiers, and the rules to score them by."""

    period: Period
    ctx: Context
    units: Sequence[Unit]
    officials: Sequence[Official]
    petitions: Sequence[Petition]
    # unit code → metric code → the portal's published figure for the period.
    published: Mapping[str, Mapping[str, Published]] = field(default_factory=dict)

    @property
    def rules(self) -> RuleSet:
        return self.ctx.rules

    @property
    def procedures(self) -> Mapping[str, Procedure]:
        return self.ctx.procedures

    @property
    def unit_procedures(self) -> Mapping[tuple[str, str], Sequence[UnitProcedure]]:
        return self.ctx.unit_procedures


class Method(Protocol):
    """A methodology's computations (the module's ``METHOD``)."""

    def read_parameters(self, values: Mapping[str, Any]) -> Any:
        """The methodology's typed view of a profile's resolved values (``RuleSet.params``);
        raise ``RuleError`` with a Vietnamese message on a malformed value."""

    def score_dossiers(self, inputs: PeriodInputs, dossiers: Iterable[Dossier]) -> PeriodResult:
        """Score a period one dossier at a time, keeping each one's explanation.

        `dossiers` include every dossier finished in the period, received in it, or
        received before its end and not finished by then."""

    def score_columns(self, inputs: PeriodInputs, columns: Columns) -> PeriodResult:
        """The same result as ``score_dossiers``, from columns (no explanations)."""

    def explain(self, dossier: Dossier, ctx: Context) -> DossierResult:
        """One dossier's points in each per-dossier indicator, with the evidence."""

    # Optional: ``explain_unit(inputs, dossiers, unit_code) -> Mapping[str, UnitEvidence]``,
    # the evidence of the indicators computed for a whole unit (``explain_unit`` below).


# A unit's dossiers as a run stored them, those alike taken together: (procedure code,
# points by indicator (None N/A), how many dossiers of that procedure have those points).
StoredDossier = tuple[str, Mapping[str, "int | None"], int]


@runtime_checkable
class ExplainsItems(Protocol):
    """What a methodology may add (optional): the petitions or procedures behind a
    figure it counts over items other than dossiers, for the pages' drill-down."""

    def explain_items(self, inputs: PeriodInputs, unit_code: str, code: str,
                      dossiers: Iterable[StoredDossier]) -> tuple[ItemSection, ...] | None:
        """The items of unit `unit_code` that did not count for indicator `code`, one
        section per ratio; None when the indicator is not counted over such items.
        `inputs` hold the unit's own petitions and catalogue entries (no other unit's);
        `dossiers`: the unit's dossiers in the period's run with their stored points,
        grouped (the procedure-level ratios follow from them), iterated only when
        needed."""


def method_for(rules: RuleSet) -> Method:
    from .registry import method_of

    return method_of(rules.methodology)


def score_period(inputs: PeriodInputs, dossiers: Iterable[Dossier]) -> PeriodResult:
    """A period's scores under its rule set's methodology, every point explained."""
    return _with_problems(method_for(inputs.rules).score_dossiers(inputs, dossiers), inputs)


def score_period_bulk(inputs: PeriodInputs, columns: Columns) -> PeriodResult:
    """A period's scores under its rule set's methodology, from columns."""
    return _with_problems(method_for(inputs.rules).score_columns(inputs, columns), inputs)


def _with_problems(result: PeriodResult, inputs: PeriodInputs) -> PeriodResult:
    """The data-quality problems met on the way (`Context.problems`), in code order: both
    paths meet the same ones, whichever methodology scored."""
    result.problems.extend(sorted(inputs.ctx.problems.items()))
    return result


def explain_dossier(dossier: Dossier, ctx: Context) -> DossierResult:
    """One dossier's points and evidence under the context's methodology."""
    return method_for(ctx.rules).explain(dossier, ctx)


def explain_items(inputs: PeriodInputs, unit_code: str, code: str,
                  dossiers: Iterable[StoredDossier]) -> tuple[ItemSection, ...] | None:
    """The items behind one unit's figure (``ExplainsItems``); None when the methodology
    counts the indicator over no such items, or lists none."""
    method = method_for(inputs.rules)
    if not isinstance(method, ExplainsItems):
        return None
    return method.explain_items(inputs, unit_code, code, dossiers)


def explain_unit(inputs: PeriodInputs, dossiers: Iterable[Dossier], unit_code: str) -> Mapping[str, UnitEvidence]:
    """The evidence of one unit's unit-level indicators, by indicator code ({} when the
    methodology computes none or does not explain them)."""
    method = method_for(inputs.rules)
    explain = getattr(method, "explain_unit", None)
    return {} if explain is None else explain(inputs, dossiers, unit_code)
