"""Validation and storage of rows, batch by batch, shared by every reader.

Per batch: parse every row (collecting all its problems), look up the referenced codes
and the existing records in a few queries, decide create / update / unchanged / reject
for each row, then write with bulk statements. No query runs per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models

from tthc.audit.services import audit_records
from tthc.catalogue.models import Procedure
from tthc.dossiers.models import Dossier
from tthc.importers.bulk import insert_many, update_many
from tthc.importers.checks import WARNINGS, CheckContext, Known
from tthc.importers.fields import Invalid, Problem, check_text, normalise_text, shown
from tthc.importers.kinds import KINDS, REFERENCED, KindSpec
from tthc.importers.models import ImportIssue, ImportRun, IssueSeverity
from tthc.importers.readers import SourceRow
from tthc.importers.report import Counts, Issue
from tthc.organisation.models import Official, Unit

BATCH_SIZE = 2000
# Kinds other rows refer to by code, kept in the `Directory`.
DIRECTORY_KINDS = ("units", "officials", "procedures")

Key = tuple[Any, ...]


class Directory:
    """Units, officials and procedures known to an import: stored, or created by it.

    These tables are small (thousands of rows), so each is read once per import and
    kept current as rows are created; dossiers are looked up per batch instead.
    """

    def __init__(self) -> None:
        self._maps: dict[str, dict[str, Known]] = {}

    def get(self, kind: str) -> dict[str, Known]:
        if kind not in self._maps:
            if kind == "unit":
                rows = Unit.objects.values_list("code", "id", "valid_from", "valid_to")
                self._maps[kind] = {c: Known(i, valid_from=f, valid_to=t) for c, i, f, t in rows}
            else:
                model = {"official": Official, "procedure": Procedure}[kind]
                rows = model.objects.values_list("code", "id")
                self._maps[kind] = {code: Known(pk) for code, pk in rows}
        return self._maps[kind]

    def forget(self) -> None:
        """After a rolled-back file, what it created is gone again."""
        self._maps.clear()


@dataclass(slots=True)
class Row:
    source: str
    line: int
    prefix: str  # "steps[2]." for a record nested in a JSON Lines dossier
    values: dict[str, Any] = field(default_factory=dict)  # parsed; only the fields given
    raws: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    nested: dict[str, list[SourceRow]] = field(default_factory=dict)
    key: Key | None = None

    def record_key(self) -> str:
        return "/".join(str(part) for part in self.key) if self.key else ""


@dataclass(slots=True)
class Plan:
    creates: list[models.Model] = field(default_factory=list)
    # Field names written → the instances to update with them.
    updates: dict[tuple[str, ...], list[models.Model]] = field(
        default_factory=lambda: defaultdict(list))
    changes: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    stored_keys: list[str] = field(default_factory=list)
    # Units whose parent is created in the same batch: (child, parent instance).
    deferred_parents: list[tuple[models.Model, models.Model]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


class Loader:
    """Loads the rows of one kind from one file into the database."""

    def __init__(self, spec: KindSpec, *, run: ImportRun, source: str, actor: str,
                 directory: Directory, counts: Callable[[str], Counts],
                 is_working_day: Callable[[date], bool]) -> None:
        self.spec = spec
        self.run = run
        self.source = source
        self.actor = actor
        self.directory = directory
        self.counts = counts(spec.name)
        self._counts_for = counts
        self.is_working_day = is_working_day
        self.seen: dict[Any, int] = {}
        self._line = 0
        self._line_keys: set[Any] = set()
        self.issues: list[Issue] = []
        self.children: dict[str, Loader] = {}

    # -- parsing ---------------------------------------------------------------------

    def parse(self, source: SourceRow, prefix: str = "") -> Row:
        spec = self.spec
        row = Row(self.source, source.line, prefix, problems=list(source.problems))
        if row.problems:
            return row  # unreadable as a whole (e.g. misaligned cells): nothing to parse
        failed: set[str] = set()
        for name, raw in source.values.items():
            spec_field = spec.by_name.get(name)
            if name in spec.nested:
                self._nest(row, name, raw)
                continue
            if isinstance(raw, str):
                multiline = spec_field.parser.multiline if spec_field else True
                bad = check_text(raw, multiline=multiline)
                if bad:
                    row.problems.append(Problem(bad.code, name, bad.vi, bad.en))
                    failed.add(name)
                    continue
                raw = normalise_text(raw) or None
            if spec_field is None:
                continue  # an unknown column, reported once per file
            row.raws[name] = raw
            if raw is None:
                row.values[name] = spec_field.default
                continue
            try:
                row.values[name] = spec_field.parser.parse(raw)
            except Invalid as error:
                row.problems.append(Problem(error.code, name, error.vi, error.en))
                failed.add(name)
        for spec_field in spec.fields:
            name = spec_field.name
            if spec_field.required and name not in failed and row.values.get(name) is None:
                row.problems.append(Problem(
                    "required", name, f"thiếu {spec_field.vi} (bắt buộc)",
                    f"the {spec_field.en} is missing (required)"))
                failed.add(name)
        for rule in spec.order_rules:
            if rule.later not in failed and rule.earlier not in failed:
                problem = rule.check(spec, row.values, row.raws)
                if problem:
                    row.problems.append(problem)
        if all(row.values.get(name) is not None for name in spec.key):
            row.key = tuple(row.values[name] for name in spec.key)
        if spec.name == "dossiers" and row.values.get("desk_code") is None:
            # interchange §1: the desk that received it defaults to the competent unit.
            row.values["desk_code"] = row.values.get("unit_code")
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
            if isinstance(item, dict):
                children.append(SourceRow(row.line, dict(item)))
            else:
                children.append(SourceRow(row.line, {}, [Problem(
                    "invalid_nested", "", "không phải một đối tượng JSON", "not a JSON object")]))
        row.nested[name] = children

    # -- one batch -------------------------------------------------------------------

    def load(self, sources: Sequence[SourceRow], prefix: str = "") -> None:
        rows = [self.parse(source, prefix) for source in sources]
        self.load_rows(rows)

    def load_rows(self, rows: list[Row]) -> None:
        spec = self.spec
        dossiers = self._dossiers(rows)
        existing = self._existing(rows)
        plan = Plan()
        for row in rows:
            self._check_references(row, dossiers)
            self._check_duplicate(row)
            if row.problems:
                self._reject(row, plan)
                continue
            assert row.key is not None
            stored = existing.get(row.key)
            if stored is None:
                self._create(row, plan, dossiers)
                record = {f.name: f.default for f in spec.fields} | row.values
            else:
                pk, old = stored
                changed = {name: (old[name], value) for name, value in row.values.items()
                           if old[name] != value}
                if changed and spec.name == "ratings":
                    self._reject_rating(row, plan, changed)
                    continue
                if changed:
                    self._update(row, pk, plan, dossiers, changed)
                else:
                    self.counts.unchanged += 1
                record = old | row.values
            plan.stored_keys.append(row.record_key())
            self._warn(row, record, plan, dossiers)
        self._write(plan)
        self._load_nested(rows)

    def _load_nested(self, rows: list[Row]) -> None:
        for name in self.spec.nested:
            children: list[Row] = []
            loader = self.children.get(name)
            for row in rows:
                for index, source in enumerate(row.nested.get(name, ())):
                    if loader is None:
                        loader = self.children[name] = Loader(
                            KINDS[name], run=self.run, source=self.source, actor=self.actor,
                            directory=self.directory, counts=self._counts_for,
                            is_working_day=self.is_working_day)
                    # The enclosing dossier names the record: its own key would repeat it.
                    source.values["dossier_code"] = row.raws.get("code")
                    children.append(loader.parse(source, f"{name}[{index}]."))
            if loader is not None and children:
                loader.load_rows(children)
                self.issues.extend(loader.issues)
                loader.issues.clear()

    # -- lookups ---------------------------------------------------------------------

    def _dossiers(self, rows: list[Row]) -> dict[str, Known]:
        names = [f.name for f in self.spec.fields if f.ref == "dossier"]
        codes = {row.values[n] for row in rows for n in names if row.values.get(n)}
        if not codes:
            return {}
        found = Dossier.objects.filter(code__in=codes).values_list(
            "code", "id", "finished_at", "status")
        return {code: Known(pk, finished_at=end, status=status)
                for code, pk, end, status in found}

    def _existing(self, rows: list[Row]) -> dict[Key, tuple[int, dict[str, Any]]]:
        spec = self.spec
        keys = {row.key for row in rows if row.key is not None}
        if not keys:
            return {}
        lookups = {}
        for position, name in enumerate(spec.key):
            lookups[f"{spec.field(name).lookup}__in"] = {key[position] for key in keys}
        paths = [f.lookup for f in spec.fields]
        result = {}
        for stored in spec.model.objects.filter(**lookups).values("pk", *paths):
            record = {f.name: stored[f.lookup] for f in spec.fields}
            for f in spec.fields:
                if record[f.name] is None and f.default is not None:
                    record[f.name] = f.default
            key = tuple(record[name] for name in spec.key)
            if key in keys:
                result[key] = (stored["pk"], record)
        return result

    def _known(self, ref: str, code: str, dossiers: dict[str, Known]) -> Known | None:
        if ref == "dossier":
            return dossiers.get(code)
        return self.directory.get(ref).get(code)

    # -- per-row decisions -----------------------------------------------------------

    def _check_references(self, row: Row, dossiers: dict[str, Known]) -> None:
        for f in self.spec.fields:
            code = row.values.get(f.name)
            if f.ref is None or code is None or self._known(f.ref, code, dossiers):
                continue
            if f.name == "desk_code" and row.raws.get("desk_code") is None:
                continue  # defaulted from unit_code, which reports its own problem
            vi, en = REFERENCED[f.ref]
            row.problems.append(Problem(
                f"unknown_{f.ref}", f.name,
                f"{f.vi} ({shown(code)}) không có trong cơ sở dữ liệu"
                f" và không có ở các dòng trước ({vi} chưa được nhập)",
                f"{f.en} ({shown(code)}) is neither in the database nor in an earlier row"
                f" (unknown {en})",
            ))

    def _check_duplicate(self, row: Row) -> None:
        if row.key is None:
            return
        # Bare values for one-field keys: a province-year holds millions of them.
        key = row.key[0] if len(row.key) == 1 else row.key
        first = self.seen.setdefault(key, row.line)
        repeated = first != row.line
        if row.prefix and not repeated:
            # Records nested in one JSON line share its line number.
            if self._line != row.line:
                self._line, self._line_keys = row.line, set()
            repeated = key in self._line_keys
            self._line_keys.add(key)
        if repeated:
            row.problems.append(Problem(
                "duplicate_key", ",".join(self.spec.key),
                f"khóa ({row.record_key()}) đã có ở dòng {first} của cùng tệp;"
                " chỉ lần xuất hiện đầu tiên được xét",
                f"the key ({row.record_key()}) already appears on line {first} of the same"
                " file; only its first occurrence is considered",
            ))

    def _instance(self, row: Row, pk: int | None, plan: Plan,
                  dossiers: dict[str, Known]) -> models.Model:
        kwargs: dict[str, Any] = {}
        parent = None
        for name, value in row.values.items():
            f = self.spec.field(name)
            if f.ref is None:
                kwargs[f.target] = value
                continue
            if value is None:
                kwargs[f"{f.target}_id"] = None
                continue
            known = self._known(f.ref, value, dossiers)
            assert known is not None
            if known.id is None:
                parent = known.instance
                kwargs[f"{f.target}_id"] = None
            else:
                kwargs[f"{f.target}_id"] = known.id
        instance = self.spec.model(pk=pk, **kwargs)
        if parent is not None:
            plan.deferred_parents.append((instance, parent))
        return instance

    def _create(self, row: Row, plan: Plan, dossiers: dict[str, Known]) -> None:
        instance = self._instance(row, None, plan, dossiers)
        plan.creates.append(instance)
        self.counts.created += 1
        if self.spec.name in DIRECTORY_KINDS:
            ref = self.spec.object_type
            self.directory.get(ref)[row.values["code"]] = Known(
                None, instance=instance, valid_from=row.values.get("valid_from"),
                valid_to=row.values.get("valid_to"))

    def _update(self, row: Row, pk: int, plan: Plan, dossiers: dict[str, Known],
                changed: dict[str, tuple[Any, Any]]) -> None:
        instance = self._instance(row, pk, plan, dossiers)
        targets = tuple(sorted(self.spec.field(name).target for name in row.values))
        plan.updates[targets].append(instance)
        plan.changes.append((row.record_key(), {n: old for n, (old, _) in changed.items()},
                             {n: new for n, (_, new) in changed.items()}))
        self.counts.updated += 1
        if self.spec.name == "units":
            known = self.directory.get("unit")[row.values["code"]]
            known.valid_from = row.values.get("valid_from", known.valid_from)
            known.valid_to = row.values.get("valid_to", known.valid_to)

    def _issue(self, row: Row, problem: Problem, severity: str) -> Issue:
        name = "code" if self.spec.name == "dossiers" else "dossier_code"
        dossier_code = row.values.get(name) or row.raws.get(name) or ""
        where = row.prefix + problem.field if problem.field else row.prefix.rstrip(".")
        return Issue(
            severity, row.source, row.line, where, problem.code,
            problem.vi, problem.en, record_kind=self.spec.name, record_key=row.record_key(),
            dossier_code=str(dossier_code or "")[:64],
        )

    def _reject(self, row: Row, plan: Plan) -> None:
        self.counts.rejected += 1
        for problem in row.problems:
            plan.issues.append(self._issue(row, problem, IssueSeverity.ERROR))

    def _reject_rating(self, row: Row, plan: Plan, changed: dict[str, tuple[Any, Any]]) -> None:
        listed = ", ".join(changed)
        row.problems.append(Problem(
            "rating_conflict", next(iter(changed)),
            f"hồ sơ {row.record_key()} đã có một đánh giá khác (khác ở: {listed});"
            " mỗi hồ sơ chỉ có một đánh giá, đánh giá đã có không bị ghi đè",
            f"dossier {row.record_key()} already has a different rating (differs in:"
            f" {listed}); one rating per dossier, the existing one is never overwritten",
        ))
        self._reject(row, plan)

    def _warn(self, row: Row, record: dict[str, Any], plan: Plan,
              dossiers: dict[str, Known]) -> None:
        checks = WARNINGS.get(self.spec.name)
        if not checks:
            return
        ctx = CheckContext(dossiers, self.directory.get("unit") if self.spec.name == "dossiers"
                           else {}, self.is_working_day)
        for check in checks:
            for problem in check(record, ctx):
                self.counts.warnings += 1
                plan.issues.append(self._issue(row, problem, IssueSeverity.WARNING))

    # -- writing ---------------------------------------------------------------------

    def _write(self, plan: Plan) -> None:
        model = self.spec.model
        if plan.creates and self.spec.name in DIRECTORY_KINDS:
            # Later rows refer to these by id: bulk_create returns the new ids.
            model.objects.bulk_create(plan.creates, batch_size=BATCH_SIZE)
            known = self.directory.get(self.spec.object_type)
            for instance in plan.creates:
                known[instance.code].id = instance.pk  # type: ignore[attr-defined]
                known[instance.code].instance = None  # type: ignore[attr-defined]
        elif plan.creates:
            insert_many(model, plan.creates)
        if plan.deferred_parents:
            for child, parent in plan.deferred_parents:
                child.parent_id = parent.pk  # type: ignore[attr-defined]
            update_many(model, [child for child, _ in plan.deferred_parents], ("parent",))
        for targets, instances in plan.updates.items():
            update_many(model, instances, targets)
        if plan.changes:
            audit_records(actor=self.actor, action="import_update",
                          object_type=self.spec.object_type, changes=plan.changes,
                          reason=f"Nhập tệp {self.source} (lần nhập số {self.run.pk})")
        if plan.stored_keys:
            # The records stored again now carry this run's issues; older ones are history.
            ImportIssue.objects.filter(
                record_kind=self.spec.name, record_key__in=plan.stored_keys, current=True,
            ).exclude(run=self.run).update(current=False)
        if plan.issues:
            ImportIssue.objects.bulk_create(
                [issue_model(self.run, issue) for issue in plan.issues], batch_size=BATCH_SIZE)
            self.issues.extend(plan.issues)


def issue_model(run: ImportRun, issue: Issue) -> ImportIssue:
    return ImportIssue(
        run=run, severity=issue.severity, source=issue.source[:1000], line=issue.line,
        field=issue.field[:64], code=issue.code, record_kind=issue.record_kind,
        record_key=issue.record_key[:255], dossier_code=issue.dossier_code,
        message_vi=issue.message_vi, message_en=issue.message_en,
    )
