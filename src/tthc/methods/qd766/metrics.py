"""How a qd766 metric counted dossier by dossier is written: once per dossier, with its
evidence, and once as columns, over the same situation of each dossier in the period.

A dossier-level metric answers two questions of each dossier: is it in the metric's
denominator, and in its numerator. The per-dossier form (``explain``) answers them for
one dossier with the evidence; the column form (``count``) answers them for all the
period's dossiers as boolean arrays. Both read a dossier's place in the period from
``tdgq.handling`` (received, handled, finished in it; late or not), computed once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from tthc.engine.columns import EXTRA_NAMES, MISSING, Bools, DossierColumns, Ints
from tthc.engine.dossier import Lost, Point
from tthc.engine.facts import Dossier, Petition, Procedure
from tthc.engine.items import Item, ItemSection
from tthc.engine.periods import Period

from .parameters import Qd766Parameters

# A dossier's stored points on a metric counted dossier by dossier: the metric's maximum
# when it counts for the metric, 0 when it costs it; N/A outside the denominator.
IN_NUMERATOR = "tính vào tử số"
NOT_IN_NUMERATOR = "không tính vào tử số (làm giảm điểm)"


@dataclass(frozen=True, slots=True)
class Handling:
    """A dossier's place in the period (2.1), as every metric reads it."""

    handled: bool  # received or handled in the period: the denominator of 2.1 and 5.4
    received: bool  # received in the period
    finished: bool  # its result issued in the period (not refused or withdrawn)
    late: bool
    evidence: tuple[str, ...]
    lost: tuple[Lost, ...] = ()  # the rule that made it late (empty when on time)
    # The last day its processing may end and still be on time: the due date plus the
    # citizen's supplement time already subtracted (None: no due date, or late whatever
    # it does). What the points still at stake are counted against (``stake``).
    deadline: date | None = None


# The rule of a record counted late only because the points still at stake (``stake``)
# ask what its lateness would cost.
ASSUMED_LATE = "assumed_late"


@dataclass(frozen=True, slots=True)
class Situation:
    """One dossier in the period, with what its metrics read."""

    dossier: Dossier
    procedure: Procedure | None
    period: Period
    handling: Handling
    petitions: tuple[Petition, ...]  # about the dossier, received by the period's end
    p: Qd766Parameters


@dataclass(frozen=True)
class Rows:
    """The period's dossiers as columns, with each one's place in the period."""

    cols: DossierColumns
    handled: Bools
    received: Bools
    finished: Bools
    late: Bools
    petitioned: Bools  # a petition about the dossier received by the period's end
    procedure_flags: Mapping[str, Ints]  # procedures.<field> per row: 1, 0, -1 unknown
    p: Qd766Parameters

    def field(self, name: str) -> Ints:
        """An optional dossier field's column (all unknown when it was not read)."""
        found = self.cols.extra.get(name)
        return found if found is not None else np.full(len(self.cols), MISSING, dtype=np.int64)


# In the denominator, in the numerator, the evidence, and the rules that kept a dossier
# of the denominator out of the numerator (each metric names its own).
Part = tuple[bool, bool, tuple[str, ...], tuple[Lost, ...]]


def outside(why: str) -> Part:
    """Not in the metric's denominator, and why."""
    return False, False, (why,), ()


def counted(*evidence: str) -> Part:
    """In the denominator and the numerator."""
    return True, True, evidence, ()


def costs(lost: Sequence[Lost], *evidence: str) -> Part:
    """In the denominator, not in the numerator, for the rules `lost`."""
    return True, False, evidence, tuple(lost)


NOT_RECEIVED = "Hồ sơ không tiếp nhận trong kỳ: không thuộc mẫu số."
NOT_HANDLED = "Hồ sơ không được tiếp nhận hay giải quyết trong kỳ: không thuộc mẫu số."


@dataclass(frozen=True, slots=True)
class DossierMetric:
    code: str
    # Record fields it needs ("dossiers.<field>", "procedures.<field>"): when no record of
    # the period carries one, the metric is not computed from the records.
    fields: tuple[str, ...]
    explain: Callable[[Situation], Part]
    count: Callable[[Rows], tuple[Bools, Bools]]


def point(metric: DossierMetric, maximum: int, situation: Situation) -> Point:
    """The dossier's points on the metric (its maximum, 0, or N/A) and why."""
    in_denominator, in_numerator, evidence, lost = metric.explain(situation)
    if not in_denominator:
        return Point(None, "record", evidence)
    if in_numerator:
        return Point(maximum, "record", (*evidence, f"→ {IN_NUMERATOR}."))
    return Point(0, "record", (*evidence, f"→ {NOT_IN_NUMERATOR}."), lost)


def column_points(metric: DossierMetric, maximum: int, rows: Rows) -> Ints:
    """Every dossier's points on the metric: the maximum, 0, or -1 (N/A)."""
    denominator, numerator = metric.count(rows)
    return np.where(denominator, np.where(numerator, maximum, 0), MISSING).astype(np.int64)


def flag(value: bool | None) -> bool:
    """An unknown flag counts as false (engine.facts)."""
    return value is True


def yes(column: Ints) -> Bools:
    found: Bools = np.equal(column, 1)
    return found


PROCEDURE_FIELDS = ("paper_result_required", "has_fee", "full_online_eligible", "citizen_applicants")


def _known_procedure_fields(procedures: Mapping[str, Procedure]) -> set[str]:
    return {f"procedures.{name}" for name in PROCEDURE_FIELDS
            if any(getattr(p, name) is not None for p in procedures.values())}


def known_fields(dossiers: Sequence[Dossier], procedures: Mapping[str, Procedure]) -> frozenset[str]:
    """The optional fields some record of the period carries (the per-dossier path)."""
    found = {f"dossiers.{name}" for name in EXTRA_NAMES
             if any(getattr(d, name) is not None for d in dossiers)}
    return frozenset(found | _known_procedure_fields(procedures))


def known_columns(cols: DossierColumns, procedures: Mapping[str, Procedure]) -> frozenset[str]:
    """The same from columns (the bulk path)."""
    found = {f"dossiers.{name}" for name, values in cols.extra.items() if bool((values >= 0).any())}
    return frozenset(found | _known_procedure_fields(procedures))


def procedure_flags(cols: DossierColumns, procedures: Mapping[str, Procedure]) -> dict[str, Ints]:
    """Each row's procedure's optional fields (1, 0, -1 unknown), for the column forms."""
    flags = {}
    for name in PROCEDURE_FIELDS:
        by_code = np.array([MISSING if getattr(procedures[c], name) is None else int(getattr(procedures[c], name))
                            for c in cols.procedure_codes] + [MISSING], dtype=np.int64)
        # A row without a known procedure (-1) reads the last, unknown slot.
        flags[name] = by_code[np.where(cols.procedure >= 0, cols.procedure, len(cols.procedure_codes))]
    return flags


@dataclass(frozen=True, slots=True)
class Figures:
    """One unit's figures on one metric: integer numerator and denominator, points (None:
    N/A), the evidence, and named sub-ratios when the points combine several."""

    numerator: int
    denominator: int
    points: Decimal | None
    evidence: tuple[str, ...]
    parts: tuple[tuple[str, int, int], ...] = ()


def procedure_section(part: str, title: str, procedures: Sequence[Procedure], counted_codes: Collection[str],
                      dossiers: Mapping[str, int], heading: str, lost: Lost) -> ItemSection:
    """The procedures of a procedure-level ratio (`procedures`, its denominator) that are
    not in `counted_codes` (its numerator), each with its count of the unit's `dossiers`
    in the period (under `heading`), most dossiers first."""
    missed = sorted((x for x in procedures if x.code not in counted_codes),
                    key=lambda x: (-dossiers.get(x.code, 0), x.code))
    items = tuple(Item(x.code, (x.name, dossiers.get(x.code, 0)), (lost,)) for x in missed)
    return ItemSection(part, title, ("Tên thủ tục", heading), len(procedures) - len(items), len(procedures), items,
                       "nhiều hồ sơ nhất trước")
