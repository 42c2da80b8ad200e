"""Parsing a record's raw values into checked values, field by field (interchange §1, §3).

Every problem of a row is collected, not only the first, in the manner of Django's
password validators. This is the hottest loop of an import (a province-year is millions
of rows), hence the per-column plans, the one scan of a whole row for suspect
characters, and the two commonest parsers inlined.
"""

from __future__ import annotations

import sys
from typing import Any

from tthc.importers.fields import (
    SUSPECT,
    SUSPECT_MULTILINE,
    Choice,
    Invalid,
    Problem,
    Text,
    check_text,
    normalise_text,
)
from tthc.importers.kinds import KindSpec
from tthc.importers.readers import SourceRow
from tthc.importers.rows import Row

_NESTED = object()


class RowParser:
    """Turns the `SourceRow`s of one kind into `Row`s."""

    def __init__(self, spec: KindSpec) -> None:
        self.spec = spec
        self._plans: dict[str, Any] = {}
        self._required = [(f.name, f.vi, f.en) for f in spec.fields if f.required]

    def _plan(self, name: str) -> Any:
        plan = self._plans.get(name)
        if plan is None:
            if name in self.spec.nested:
                plan = _NESTED
            else:
                f = self.spec.by_name.get(name)
                multiline = f.parser.multiline if f else True
                # The two most common parsers, inlined for text cells: a bounded text
                # (codes) and a choice; the parser itself handles anything else.
                limit = choices = None
                if f and type(f.parser) is Text:
                    limit = f.parser.max_length or sys.maxsize
                elif f and type(f.parser) is Choice:
                    choices = f.parser.values
                plan = (f, f.parser.parse if f else None,
                        SUSPECT_MULTILINE if multiline else SUSPECT, multiline, limit, choices)
            self._plans[name] = plan
        return plan

    def parse(self, source: SourceRow, prefix: str = "") -> Row:
        spec = self.spec
        row = Row(source.line, prefix, list(source.problems), source.index, source.names)
        problems = row.problems
        if problems and not source.values:
            return row  # unreadable as a whole (e.g. misaligned cells): nothing to parse
        # A reader that maps another format (the portal's) reports a field it could not
        # map by the field's name, and leaves the value out.
        failed = {problem.field for problem in problems}
        values, raws = row.values, row.raws
        try:
            # One scan of the whole row: almost every row is clean, and then no cell
            # needs its own (CSV and most sheets: every value is text).
            clean = not SUSPECT("".join(source.values.values()))
        except TypeError:
            clean = False
        for name, raw in source.values.items():
            plan = self._plans.get(name) or self._plan(name)
            if plan is _NESTED:
                self._nest(row, name, raw)
                continue
            spec_field, parse, suspect, multiline, limit, choices = plan
            if raw.__class__ is str:
                if not clean and suspect(raw):
                    bad = check_text(raw, multiline=multiline)
                    if bad:
                        problems.append(Problem(bad.code, name, bad.vi, bad.en))
                        failed.add(name)
                        continue
                raw = (raw.strip() if raw.isascii() else normalise_text(raw)) or None
                if spec_field is None:
                    continue  # an unknown column, reported once per file
                raws[name] = raw
                if raw is None:
                    values[name] = spec_field.default
                    continue
                if limit is not None and len(raw) <= limit:
                    values[name] = raw
                    continue
                if choices is not None:
                    choice = choices.get(raw.lower())
                    if choice is not None:
                        values[name] = choice
                        continue
            else:
                if spec_field is None:
                    continue
                raws[name] = raw
                if raw is None:
                    values[name] = spec_field.default
                    continue
            try:
                values[name] = parse(raw)
            except Invalid as error:
                problems.append(Problem(error.code, name, error.vi, error.en))
                failed.add(name)
        for name, vi, en in self._required:
            if values.get(name) is None and name not in failed:
                problems.append(Problem("required", name, f"thiếu {vi} (bắt buộc)",
                                        f"the {en} is missing (required)"))
                failed.add(name)
        for rule in spec.row_rules:
            if failed.isdisjoint(rule.fields):
                problem = rule.check(spec, values, raws)
                if problem:
                    problems.append(problem)
        key = tuple(values.get(name) for name in spec.key)
        if None not in key:
            row.key = key
        if spec.name == "dossiers" and values.get("desk_code") is None:
            # interchange §1: the desk that received it defaults to the competent unit.
            values["desk_code"] = values.get("unit_code")
        return row

    def _nest(self, row: Row, name: str, raw: Any) -> None:
        if raw is None:
            return
        if not isinstance(raw, list):
            row.problems.append(Problem(
                "invalid_nested", name, "phải là một mảng JSON các đối tượng",
                "must be a JSON array of objects"))
            return
        children = []
        for item in raw:
            if isinstance(item, SourceRow):
                children.append(item)  # already mapped by the reader (portal)
            elif isinstance(item, dict):
                children.append(SourceRow(row.line, dict(item)))
            else:
                children.append(SourceRow(row.line, {}, [Problem(
                    "invalid_nested", "", "không phải một đối tượng JSON", "not a JSON object")]))
        if row.nested is None:
            row.nested = {}
        row.nested[name] = children
