"""The evidence of an indicator computed for a whole unit (not dossier by dossier):
the point and its lines, the records behind it as tables, and each rule value used
with its legal reference. A methodology builds it (``Method.explain_unit``); pages
show it as it is, knowing no indicator.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dossier import Point
from .rules import RuleSet


@dataclass(frozen=True, slots=True)
class RuleUsed:
    """One value of the rule data as the point used it."""

    label: str  # what the value is, in Vietnamese
    value: str  # as used, written for people ("20,0%", "15 ngày")
    reference: str  # the legal reference of the parameter (or "default of the system")
    parameter: str = ""  # the parameter's name in the profile


@dataclass(frozen=True, slots=True)
class EvidenceTable:
    """Records behind a point: a caption, column headings, rows of text."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # The column holding dossier codes, which pages link to the dossier (None: none).
    dossier_column: int | None = None


@dataclass(frozen=True, slots=True)
class UnitEvidence:
    point: Point
    tables: tuple[EvidenceTable, ...] = ()
    rules: tuple[RuleUsed, ...] = ()


def rule_used(rules: RuleSet, parameter: str, label: str, value: str) -> RuleUsed:
    """`value` of `parameter` as used, with the reference the profile gives it."""
    found = rules.profile.parameters.get(parameter)
    return RuleUsed(label, value, found.reference if found is not None else "", parameter)
