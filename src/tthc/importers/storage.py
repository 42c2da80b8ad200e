"""Validation and storage of rows, batch by batch, shared by every reader.

Per batch: parse every row (collecting all its problems), resolve the codes it refers to
and read the stored rows with its keys in a few queries, decide create / update /
unchanged / reject for each row, then write with statements executed many times. No
query runs per row; a row equal to the stored one is found equal by comparing parameter
tuples, and costs no audit work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from tthc.audit.services import audit_records
from tthc.importers.checks import WARNING_FIELDS, WARNINGS, CheckContext, Known
from tthc.importers.fields import Problem, shown
from tthc.importers.kinds import KINDS, REFERENCED, FieldSpec, KindSpec
from tthc.importers.models import ImportIssue, ImportRun, IssueSeverity
from tthc.importers.parsing import RowParser
from tthc.importers.readers import SourceRow
from tthc.importers.report import Counts, Issue
from tthc.importers.rows import Directory, Key, Row, SeenKeys
from tthc.importers.table import Table, aware, compile_builder
from tthc.organisation.hierarchy import UNIT_LINKS, UnitLink, UnitTree, cycle_reasons

BATCH_SIZE = 5000


_LINK_COLUMNS = frozenset(link.column for link in UNIT_LINKS)
# Kinds other rows refer to by code, kept in the `Directory`.
DIRECTORY_KINDS = ("units", "officials", "procedures")


class Loader:
    """Loads the rows of one kind from one file into the database."""

    def __init__(self, spec: KindSpec, *, run: ImportRun, source: str, actor: str,
                 directory: Directory, counts: Callable[[str], Counts],
                 is_working_day: Callable[[date], bool], sheet: str = "") -> None:
        self.spec = spec
        self.run = run
        self.source = source
        self.sheet = sheet
        self.actor = actor
        self.directory = directory
        self.counts = counts(spec.name)
        self._counts_for = counts
        self.is_working_day = is_working_day
        self.table = Table(spec)
        self.seen = SeenKeys()
        self._line = 0
        self._line_keys: set[Any] = set()
        self.issues: list[Issue] = []
        self.children: dict[str, Loader] = {}
        self.reported_keys: set[str] = set()  # unknown nested keys already named
        # Extra words for the unknown-code message of one reference (portal options).
        self.hints: dict[str, tuple[str, str]] = {}
        self.parser = RowParser(spec)
        self._refs = [f for f in spec.fields if f.ref is not None]
        self._dossier_refs = [f.name for f in self._refs if f.ref == "dossier"]
        # A petition's earlier petition (`follow_up_of`): stored, or created by an earlier
        # row of this file (then known here, its id filled in once it is inserted).
        self._petition_refs = [f.name for f in self._refs if f.ref == "petition"]
        self._petitions_made: dict[str, Known] = {}
        self._checks = WARNINGS.get(spec.name, ())
        self._defaults = self.table.defaults()
        self._insert_plan = [
            (position, f.name, f.default, self.table.columns[f.name].to_db, f.ref is not None)
            for position, column in enumerate(self.table.insert_columns) if column.name
            for f in (spec.by_name[column.name],)
        ]
        self._build = compile_builder(self._insert_plan, self._defaults)
        self._compare = {
            f.name: (self.table.position[f.name] + 1, self.table.columns[f.name].compare,
                     f.ref is not None)
            for f in spec.fields
        }
        # A first load finds nothing stored: the per-batch lookup is skipped.
        self._started_empty = self.table.is_empty()
        # Issues of earlier runs about records this file stores again stop being current;
        # when there are none (a first load) the per-batch bookkeeping is skipped.
        self._supersede = ImportIssue.objects.filter(
            record_kind=spec.name, current=True).exclude(run=run).exists()

    def parse(self, source: SourceRow, prefix: str = "") -> Row:
        return self.parser.parse(source, prefix)

    # -- one batch -------------------------------------------------------------------

    def load(self, sources: Sequence[SourceRow], prefix: str = "") -> None:
        self.load_rows([self.parse(source, prefix) for source in sources])

    def load_rows(self, rows: list[Row]) -> None:
        self.counts.read += len(rows)
        dossiers = self._dossiers(rows)
        petitions = self._petitions(rows)
        self._find_stored(rows, dossiers)
        keyed = [row for row in rows if row.key is not None]
        firsts = self.seen.first_lines([self._dedupe_key(row) for row in keyed],
                                       [row.line for row in keyed])
        for row, first in zip(keyed, firsts, strict=True):
            row.first = first
        creates: list[Row] = []
        updates: list[Row] = []
        pending: list[Row] = []
        checks = self._checks
        compare = self._compare
        needed = WARNING_FIELDS.get(self.spec.name, frozenset())
        maps = self._reference_maps(dossiers, petitions)
        trees = ([(link, self.directory.tree(link.model)) for link in UNIT_LINKS]
                 if self.spec.name == "units" else [])
        for row in rows:
            self._check_references(row, maps)
            self._check_duplicate(row)
            if row.key is not None:
                for link, tree in trees:
                    if link.column in row.values:
                        self._check_cycle(row, link, tree)
            if row.problems:
                continue
            stored = row.stored
            if stored is None:
                creates.append(row)
                if self.spec.name in DIRECTORY_KINDS:
                    self._register(row)
                elif self._petition_refs:
                    petitions[row.values["code"]] = self._petitions_made[
                        row.values["code"]] = Known(None)
                continue
            ids = row.ids
            for name, value in row.values.items():
                position, convert, is_ref = compare[name]
                if is_ref:
                    known = ids.get(name)
                    if known is not None and known.id is None:
                        # It names a row created in this batch: no id to compare yet.
                        pending.append(row)
                        break
                    value = None if known is None else known.id
                elif convert is not None:
                    value = convert(value)
                if value != stored[position]:
                    pending.append(row)
                    break
            else:
                if not needed <= row.values.keys():
                    pending.append(row)  # the checks need stored values it lacks
                else:
                    self.counts.unchanged += 1
        changes: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        if pending:
            self._decide_changed(pending, updates, changes)
        issues: list[Issue] = []
        stored_keys: list[str] = []
        context = CheckContext(dossiers, self.directory.get("unit")
                               if self.spec.name == "dossiers" else {}, self.is_working_day)
        for row in rows:
            if row.problems:
                self.counts.rejected += 1
                issues.extend(self._issue(row, p, IssueSeverity.ERROR) for p in row.problems)
                continue
            if self._supersede:
                stored_keys.append(row.record_key())
            if checks:
                record = row.values if row.old is None else row.old | row.values
                for check in checks:
                    for problem in check(record, context):
                        self.counts.warnings += 1
                        issues.append(self._issue(row, problem, IssueSeverity.WARNING))
        self._write(creates, updates, changes, stored_keys, issues)
        self._load_nested(rows)

    def _decide_changed(self, pending: list[Row], updates: list[Row],
                        changes: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
        """Rows whose stored version differs (or lacks fields the checks need): compared
        again in interchange terms, which the audit log records."""
        records = self._python_records([row.key for row in pending if row.key])
        for row in pending:
            assert row.key is not None
            old = row.old = records[row.key]
            changed = {name: (old[name], value) for name, value in row.values.items()
                       if old[name] != value}
            if not changed:
                self.counts.unchanged += 1
            elif self.spec.name == "ratings":
                self._reject_rating(row, changed)
            else:
                updates.append(row)
                changes.append((row.record_key(), {n: old for n, (old, _) in changed.items()},
                                {n: new for n, (_, new) in changed.items()}))
                self.counts.updated += 1
                if self.spec.name == "units":
                    known = self.directory.get("unit")[row.values["code"]]
                    known.valid_from = row.values.get("valid_from", known.valid_from)
                    known.valid_to = row.values.get("valid_to", known.valid_to)

    def _load_nested(self, rows: list[Row]) -> None:
        for name in self.spec.nested:
            children: list[Row] = []
            loader = self.children.get(name)
            for row in rows:
                if not row.nested or name not in row.nested:
                    continue
                shown_name = row.names.get(name, name) if row.names else name
                for index, source in enumerate(row.nested[name]):
                    if loader is None:
                        loader = self.children[name] = Loader(
                            KINDS[name], run=self.run, source=self.source, actor=self.actor,
                            directory=self.directory, counts=self._counts_for,
                            is_working_day=self.is_working_day, sheet=self.sheet)
                    if source.names is None:  # the canonical format's own keys
                        self._unknown_keys(loader, source, f"{shown_name}[{index}].")
                    # The enclosing dossier names the record: its own key would repeat it.
                    # (Not a record unreadable as a whole: it has no values to complete.)
                    if source.values or not source.problems:
                        source.values["dossier_code"] = row.raws.get("code")
                    if source.index is None:
                        source.index = row.index
                    children.append(loader.parse(source, f"{shown_name}[{index}]."))
            if loader is not None and children:
                loader.load_rows(children)
                self.issues.extend(loader.issues)
                loader.issues.clear()

    def _unknown_keys(self, loader: Loader, source: SourceRow, prefix: str) -> None:
        """Keys of a nested record that are not in the format: ignored, as unknown columns
        are, and named once per file ("finshed_at" would otherwise go unnoticed)."""
        unknown = [key for key in source.values
                   if key not in loader.spec.by_name and key not in loader.reported_keys]
        if not unknown:
            return
        loader.reported_keys.update(unknown)
        listed = ", ".join(unknown)
        issue = Issue(IssueSeverity.WARNING, self.source, source.line, prefix + unknown[0],
                      "unknown_column", f"bỏ qua khóa không có trong định dạng: {listed}",
                      f"ignored keys that are not in the format: {listed}",
                      record_kind=loader.spec.name, index=source.index, sheet=self.sheet)
        ImportIssue.objects.bulk_create([issue_model(self.run, issue)])
        loader.issues.append(issue)
        loader.counts.warnings += 1

    # -- lookups ---------------------------------------------------------------------

    def _dossiers(self, rows: list[Row]) -> dict[str, Known]:
        names = self._dossier_refs
        if not names:
            return {}
        codes = list({row.values[n] for row in rows for n in names if row.values.get(n)})
        found: dict[str, Known] = {}
        with self.table.cursor() as cursor:
            for start in range(0, len(codes), 5000):
                chunk = codes[start:start + 5000]
                cursor.execute(
                    "SELECT code, id, finished_at, status FROM dossiers_dossier"
                    f" WHERE code IN ({', '.join(['%s'] * len(chunk))})", chunk)
                for code, pk, end, status in cursor.fetchall():
                    found[code] = Known(pk, finished_at=aware(end), status=status)
        return found

    def _petitions(self, rows: list[Row]) -> dict[str, Known]:
        """The petitions this batch's rows refer to: stored, or made by this file."""
        names = self._petition_refs
        if not names:
            return {}
        codes = list({row.values[n] for row in rows for n in names if row.values.get(n)})
        found = dict(self._petitions_made)
        for start in range(0, len(codes), 5000):
            chunk = codes[start:start + 5000]
            for code, pk in self.spec.model.objects.filter(code__in=chunk).values_list(
                    "code", "id"):
                found[code] = Known(pk)
        return found

    def _key_ids(self, row: Row, dossiers: dict[str, Known]) -> Any:
        """The row's key as stored (references as ids); None when a code is unknown."""
        assert row.key is not None
        spec, parts = self.spec, []
        for name, value in zip(spec.key, row.key, strict=True):
            ref = spec.by_name[name].ref
            if ref is None:
                parts.append(value)
                continue
            known = self._known(ref, value, dossiers)
            if known is None or known.id is None:
                return None
            parts.append(known.id)
        return parts[0] if len(parts) == 1 else tuple(parts)

    def _find_stored(self, rows: list[Row], dossiers: dict[str, Known]) -> None:
        wanted = {}
        for row in rows:
            # Rows already rejected get their stored key too: the duplicate check keys on
            # it, and a rejected first occurrence still makes a later one a duplicate.
            if row.key is not None:
                row.db_key = self._key_ids(row, dossiers)
                if row.db_key is not None:
                    wanted[row.db_key] = row
        if not wanted or self._started_empty:
            return  # every stored row is this file's: a key met again is a duplicate
        width = len(self.spec.key)
        first = wanted if width == 1 else {key[0] for key in wanted}
        positions = [self.table.position[name] + 1 for name in self.spec.key]
        by_key: dict[Any, tuple[Any, ...]] = {}
        for stored in self.table.stored(first):
            key = stored[positions[0]] if width == 1 else tuple(stored[p] for p in positions)
            by_key[key] = stored
        for row in rows:
            if row.db_key is not None:
                row.stored = by_key.get(row.db_key)

    def _python_records(self, keys: list[Key]) -> dict[Key, dict[str, Any]]:
        """Stored records in interchange terms (codes, aware instants), for the audit."""
        spec = self.spec
        lookups = {}
        for position, name in enumerate(spec.key):
            lookups[f"{spec.field(name).lookup}__in"] = {key[position] for key in keys}
        paths = [f.lookup for f in spec.fields]
        wanted, result = set(keys), {}
        for stored in spec.model.objects.filter(**lookups).values(*paths):
            record = {f.name: stored[f.lookup] for f in spec.fields}
            for f in spec.fields:
                if record[f.name] is None and f.default is not None:
                    record[f.name] = f.default
            key = tuple(record[name] for name in spec.key)
            if key in wanted:
                result[key] = record
        return result

    def _known(self, ref: str, code: str, dossiers: dict[str, Known]) -> Known | None:
        if ref == "dossier":
            return dossiers.get(code)
        return self.directory.get(ref).get(code)

    # -- per-row decisions -----------------------------------------------------------

    def _reference_maps(self, dossiers: dict[str, Known], petitions: dict[str, Known]
                        ) -> list[tuple[FieldSpec, dict[str, Known]]]:
        by_batch = {"dossier": dossiers, "petition": petitions}
        return [(f, by_batch[f.ref] if f.ref in by_batch else self.directory.get(f.ref or ""))
                for f in self._refs]

    def _check_references(self, row: Row, maps: list[tuple[FieldSpec, dict[str, Known]]]
                          ) -> None:
        values, ids = row.values, row.ids
        for f, known_codes in maps:
            code = values.get(f.name)
            if code is None:
                continue
            known = known_codes.get(code)
            if known is not None:
                ids[f.name] = known
                continue
            if f.name == "desk_code" and row.raws.get("desk_code") is None:
                continue  # defaulted from unit_code, which reports its own problem
            if f.name in _LINK_COLUMNS and code == values.get("code"):
                continue  # a unit its own parent or successor: `_check_cycle` says so
            if f.name == "follow_up_of" and code == values.get("code"):
                continue  # said below, whether stored or not
            row.problems.append(self._unknown(f, code))
        if self._petition_refs and values.get("follow_up_of") is not None \
                and values["follow_up_of"] == values.get("code"):
            row.ids.pop("follow_up_of", None)
            code = shown(values["code"])
            row.problems.append(Problem(
                "follow_up_of_itself", "follow_up_of",
                f"phản ánh {code} không thể là phản ánh lại của chính nó",
                f"the petition {code} cannot be a follow-up of itself"))

    def _check_cycle(self, row: Row, link: UnitLink, tree: UnitTree[str]) -> None:
        """A unit's parent (or successor) never leads back to it (interchange §3), within
        the file or through the units stored; a row that would close a cycle is rejected."""
        code, target = row.values["code"], row.values.get(link.column)
        cycle = tree.cycle(code, target)
        if cycle is not None:
            row.problems.append(Problem(f"{link.model}_cycle", link.column, *cycle_reasons(cycle, link)))
        elif not row.problems:
            tree.set(code, target)

    def _unknown(self, f: FieldSpec, code: str) -> Problem:
        assert f.ref is not None
        vi, en = REFERENCED[f.ref]
        hint_vi, hint_en = self.hints.get(f.name, ("", ""))
        return Problem(
            f"unknown_{f.ref}", f.name,
            f"{f.vi} ({shown(code)}) không có trong cơ sở dữ liệu"
            f" và không có ở các dòng trước ({vi} chưa được nhập){hint_vi}",
            f"{f.en} ({shown(code)}) is neither in the database nor in an earlier row"
            f" (unknown {en}){hint_en}",
        )

    def _dedupe_key(self, row: Row) -> Any:
        """The key the duplicate check remembers: ids packed in one int when the codes
        are known (a province-year holds millions of keys), else the codes."""
        assert row.key is not None
        db_key = row.db_key
        if db_key is None:
            return row.key[0] if len(row.key) == 1 else row.key
        if isinstance(db_key, tuple):
            a, b = db_key
            if isinstance(a, int) and isinstance(b, int) and 0 <= b < 4_294_967_296:
                return a * 4_294_967_296 + b
        return db_key

    def _check_duplicate(self, row: Row) -> None:
        if row.key is None:
            return
        first = row.first
        repeated = first != row.line
        if row.prefix and not repeated:
            # Records nested in one JSON line share its line number.
            key = self._dedupe_key(row)
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

    def _register(self, row: Row) -> None:
        """A unit, official or procedure created by this batch is known to later rows."""
        self.directory.get(self.spec.object_type)[row.values["code"]] = Known(
            None, valid_from=row.values.get("valid_from"), valid_to=row.values.get("valid_to"))

    def _issue(self, row: Row, problem: Problem, severity: str) -> Issue:
        name = "code" if self.spec.name == "dossiers" else "dossier_code"
        dossier_code = row.values.get(name) or row.raws.get(name) or ""
        field = problem.field
        if field and row.names:
            field = row.names.get(field, field)
        where = row.prefix + field if field else row.prefix.rstrip(".")
        return Issue(
            severity, self.source, row.line, where, problem.code,
            problem.vi, problem.en, record_kind=self.spec.name, record_key=row.record_key(),
            dossier_code=str(dossier_code or "")[:64], index=row.index, sheet=self.sheet,
        )

    def _reject_rating(self, row: Row, changed: dict[str, tuple[Any, Any]]) -> None:
        listed = ", ".join(changed)
        row.problems.append(Problem(
            "rating_conflict", next(iter(changed)),
            f"hồ sơ {row.record_key()} đã có một đánh giá khác (khác ở: {listed});"
            " mỗi hồ sơ chỉ có một đánh giá, đánh giá đã có không bị ghi đè",
            f"dossier {row.record_key()} already has a different rating (differs in:"
            f" {listed}); one rating per dossier, the existing one is never overwritten",
        ))

    # -- writing ---------------------------------------------------------------------

    def _insert_params(self, row: Row, deferred: list[tuple[Row, str, Known]]) -> list[Any]:
        line = self._defaults.copy()
        for position, name, default, to_db, is_ref in self._insert_plan:
            if is_ref:
                known = row.ids.get(name)
                if known is not None:
                    if known.id is None:
                        deferred.append((row, name, known))  # created in this batch
                    line[position] = known.id
                continue
            value = row.values.get(name, default)
            line[position] = value if to_db is None else to_db(value)
        return line

    def _param(self, row: Row, name: str) -> Any:
        """The parameter of one given field, for an UPDATE (after this batch's inserts)."""
        value = row.values[name]
        if self.spec.by_name[name].ref is not None:
            known = row.ids.get(name)
            return None if known is None else known.id
        to_db = self.table.columns[name].to_db
        return value if to_db is None else to_db(value)

    def _write(self, creates: list[Row], updates: list[Row],
               changes: list[tuple[str, dict[str, Any], dict[str, Any]]],
               stored_keys: list[str], issues: list[Issue]) -> None:
        table = self.table
        deferred: list[tuple[Row, str, Known]] = []
        if self.spec.name in DIRECTORY_KINDS:
            params = [self._insert_params(row, deferred) for row in creates]
        else:
            build = self._build
            params = [build(row.values, row.ids) for row in creates]
        table.insert(params)
        self.counts.created += len(creates)
        if creates and self._petition_refs:
            self._link_petitions(creates)
        if creates and self.spec.name in DIRECTORY_KINDS:
            # Later rows refer to these by id.
            known = self.directory.get(self.spec.object_type)
            ids = table.ids("code", [row.values["code"] for row in creates])
            for code, pk in ids.items():
                known[code].id = pk
            by_field: dict[str, list[list[Any]]] = defaultdict(list)
            for row, name, parent in deferred:
                by_field[name].append([parent.id, ids[row.values["code"]]])
            for name, rows in by_field.items():
                table.update((name,), rows)
        by_names: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
        for row in updates:
            assert row.stored is not None
            names = tuple(row.values)
            by_names[names].append([self._param(row, name) for name in names]
                                   + [row.stored[0]])
        for names, rows in by_names.items():
            table.update(names, rows)
        if changes:
            audit_records(actor=self.actor, action="import_update",
                          object_type=self.spec.object_type, changes=changes,
                          reason=f"Nhập tệp {self.source} (lần nhập số {self.run.pk})")
        if stored_keys:
            # The records stored again now carry this run's issues; older ones are history.
            ImportIssue.objects.filter(
                record_kind=self.spec.name, record_key__in=stored_keys, current=True,
            ).exclude(run=self.run).update(current=False)
        if issues:
            ImportIssue.objects.bulk_create(
                [issue_model(self.run, issue) for issue in issues], batch_size=2000)
            self.issues.extend(issues)


    def _link_petitions(self, creates: list[Row]) -> None:
        """Ids of the petitions just inserted; a follow-up inserted in the same batch as
        its earlier petition gets the link now (it was inserted without it)."""
        made = self._petitions_made
        waiting = [row.values["code"] for row in creates]
        for code, pk in self.table.ids("code", waiting).items():
            made[code].id = pk
        batch = set(waiting)
        links = [[known.id, made[row.values["code"]].id] for row in creates
                 if (known := row.ids.get("follow_up_of")) is not None
                 and row.values.get("follow_up_of") in batch]
        if links:
            self.table.update(("follow_up_of",), links)


def issue_model(run: ImportRun, issue: Issue) -> ImportIssue:
    source = f"{issue.source}#{issue.sheet}" if issue.sheet else issue.source
    return ImportIssue(
        run=run, severity=issue.severity, source=source[:1000], line=issue.line,
        field=issue.field[:64], code=issue.code, record_kind=issue.record_kind,
        record_key=issue.record_key[:255], dossier_code=issue.dossier_code,
        message_vi=issue.message_vi, message_en=issue.message_en,
    )
