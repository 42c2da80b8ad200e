"""Importing files (interchange.md §1–§3): the entry points other code calls.

Canonical CSV, JSON Lines and XLSX, and the national portal's dossier-sync JSON.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connections, router, transaction
from django.utils import timezone
from tqdm import tqdm

from tthc.batch import cycle_collection_paused
from tthc.importers import json_files  # noqa: F401 (registers the JSON Lines reader)
from tthc.importers.fields import Problem
from tthc.importers.fields import clear_caches as clear_value_caches
from tthc.importers.kinds import DEPENDS, KINDS, ORDER, PORTAL_DOSSIERS, KindSpec
from tthc.importers.models import ImportIssue, ImportOutcome, ImportRun, IssueSeverity
from tthc.importers.portal import (
    PortalLoader,
    PortalMapper,
    PortalOptions,
    PortalReader,
    portal_mapper,
)
from tthc.importers.portal_config import ConfigProblem
from tthc.importers.readers import READERS, FileProblem, Reader, extension_of, reader_for
from tthc.importers.report import Counts, FileOutcome, ImportReport, Issue
from tthc.importers.storage import BATCH_SIZE, Directory, Loader, issue_model
from tthc.importers.table import clear_caches as clear_text_caches
from tthc.importers.workbook import sheet_names

__all__ = ["PORTAL", "ImportReport", "ImportUsageError", "PortalOptions", "import_files",
           "import_folder"]

# The kind name of the national portal's dossier-sync JSON on the command line.
PORTAL = "portal"

logger = logging.getLogger(__name__)
# How much of an unforeseen exception's message the run's file error keeps.
MAX_ERROR_DETAIL = 500


class ImportUsageError(ValueError):
    """The call itself is wrong (unknown kind, missing path): the CLI's exit status 2."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en


def import_files(*, kind: str, paths: Sequence[Path], actor: str, progress: bool = False,
                 portal: PortalOptions | None = None) -> ImportReport:
    """Import files holding records of one kind, in the order given.

    `kind` "portal" reads the national portal's dossier-sync JSON (interchange §2),
    configured by `portal` (unit map, code tables, --add-procedures).
    """
    spec = KINDS.get(kind)
    if spec is None and kind != PORTAL:
        known = ", ".join((*ORDER, PORTAL))
        raise ImportUsageError(f"loại dữ liệu không hợp lệ: {kind} (dùng một trong: {known})",
                               f"unknown kind: {kind} (use one of: {known})")
    paths = [Path(path) for path in paths]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing or not paths:
        listed = ", ".join(missing) or "—"
        raise ImportUsageError(f"không tìm thấy tệp: {listed}", f"file not found: {listed}")
    session = _Session(actor=actor, progress=progress)
    if spec is None:
        options = portal or PortalOptions()
        try:
            mapper = portal_mapper(options)
        except ConfigProblem as problem:
            raise ImportUsageError(problem.vi, problem.en) from None
        for path in paths:
            session.import_file(PORTAL_DOSSIERS, path, run_kind=PORTAL,
                                portal=(mapper, options))
        return session.close()
    for path in paths:
        session.import_file(spec, path)
    return session.close()


def folder_files(path: Path) -> list[tuple[str, Path]]:
    """The files of a folder named after the kinds (units.csv, dossiers.jsonl …), in
    dependency order."""
    found = []
    for kind in ORDER:
        for extension in READERS:
            candidate = path / f"{kind}.{extension}"
            if candidate.is_file():
                found.append((kind, candidate))
    return found


def import_folder(*, path: Path, actor: str, progress: bool = False) -> ImportReport:
    """Import every file of a folder named after a kind, or every sheet of a workbook
    named after a kind, in dependency order (`tthc import all`)."""
    path = Path(path)
    if path.is_file() and extension_of(path) == "xlsx":
        return _import_workbook(path, actor=actor, progress=progress)
    if not path.is_dir():
        raise ImportUsageError(f"không tìm thấy thư mục: {path}", f"folder not found: {path}")
    files = folder_files(path)
    if not files:
        names = ", ".join(f"{kind}.csv" for kind in ORDER)
        raise ImportUsageError(
            f"thư mục {path} không có tệp nào đặt tên theo loại dữ liệu ({names}, …)",
            f"the folder {path} holds no file named after a kind ({names}, …)")
    session = _Session(actor=actor, progress=progress)
    for kind, file in files:
        session.import_in_order(KINDS[kind], file)
    return session.close()


def _import_workbook(path: Path, *, actor: str, progress: bool) -> ImportReport:
    session = _Session(actor=actor, progress=progress)
    try:
        sheets = sheet_names(path)
    except FileProblem:
        # Unreadable: reported like any file that cannot be opened, under its own run.
        session.import_file(KINDS[ORDER[0]], path)
        return session.close()
    kinds = [kind for kind in ORDER if kind in sheets]
    if not kinds:
        names = ", ".join(ORDER)
        raise ImportUsageError(
            f"bảng tính {path} không có trang tính nào đặt tên theo loại dữ liệu ({names})",
            f"the workbook {path} has no sheet named after a kind ({names})")
    for kind in kinds:
        session.import_in_order(KINDS[kind], path, sheet=kind)
    others = [name for name in sheets if name not in KINDS]
    if others:
        # Not read, and said so: a sheet named "dossier" would otherwise vanish silently.
        listed = ", ".join(others)
        session.note(Issue(IssueSeverity.WARNING, str(path), None, "", "unknown_sheet",
                           f"bỏ qua trang tính không mang tên loại dữ liệu: {listed}",
                           f"ignored sheets not named after a kind: {listed}"))
    return session.close()


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    with cycle_collection_paused():
        try:
            yield
        finally:
            # The parsed-value caches serve one file; a long-lived process keeps nothing.
            clear_value_caches()
            clear_text_caches()


@contextmanager
def _large_page_cache() -> Iterator[None]:
    """SQLite keeps 2 MiB of pages by default: past a few hundred thousand dossiers the
    indexes no longer fit and inserts read pages back (21 µs a dossier at a million,
    against 15 µs with 256 MiB). The memory is taken only as pages are read."""
    connection = connections[router.db_for_write(ImportRun)]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


class _Session:
    """One call of the import: the codes it knows and the report it builds."""

    def __init__(self, *, actor: str, progress: bool) -> None:
        self.actor = actor
        self.progress = progress
        self.report = ImportReport()
        self.directory = Directory()
        self._calendar: Any = None
        self._calendar_years: set[int] = set()
        self._working: dict[date, bool] = {}
        self._last_run: ImportRun | None = None
        # Kind → the file of that kind (or of a kind it needs) that failed, in `import all`.
        self._failed_kinds: dict[str, str] = {}

    def is_working_day(self, day: date) -> bool:
        known = self._working.get(day)
        if known is None:
            known = self._working[day] = self._is_working_day(day)
        return known

    def _is_working_day(self, day: date) -> bool:
        if day.year >= date.max.year:
            # The calendar also loads the following year, which does not exist here; a
            # date this far off says nothing about days off.
            return True
        if day.year not in self._calendar_years:
            # The organisation app owns the working calendar (holidays, swapped days).
            from tthc.organisation.selectors import working_calendar

            self._calendar_years.add(day.year)
            self._calendar = working_calendar(years=sorted(self._calendar_years))
        return bool(self._calendar.is_working_day(day))

    def import_in_order(self, spec: KindSpec, path: Path, *, sheet: str = "") -> None:
        """One file of `import all`: not attempted when a file of a kind it refers to
        failed, since each of its rows would only be rejected for that (interchange §4).
        Files of other kinds are still read."""
        cause = next((self._failed_kinds[kind] for kind in DEPENDS[spec.name]
                      if kind in self._failed_kinds), None)
        if cause is not None:
            self._not_attempted(spec, path, sheet, cause)
            self._failed_kinds[spec.name] = cause
        elif self.import_file(spec, path) == ImportOutcome.FAILED:
            self._failed_kinds[spec.name] = self.report.failed_files[-1]

    def import_file(self, spec: KindSpec, path: Path, *, run_kind: str = "",
                    portal: tuple[PortalMapper, PortalOptions] | None = None) -> ImportOutcome:
        source = str(path)
        run = ImportRun.objects.create(kind=run_kind or spec.name, source=source[:1000])
        self.report.runs.append(run.pk)
        self._last_run = run
        counts: dict[str, Counts] = {}
        loader: Loader | None = None
        label = source
        try:
            # One transaction per file: a file that turns out unreadable half-way
            # leaves nothing behind.
            with _cycle_collection_paused(), _large_page_cache(), transaction.atomic(), \
                    self._reader(spec, path, portal) as reader:
                if reader.sheet:
                    label = f"{source}#{reader.sheet}"
                    run.source = label[:1000]
                loader = (PortalLoader if portal else Loader)(
                    spec, run=run, source=source, actor=self.actor,
                    directory=self.directory,
                    counts=lambda kind: counts.setdefault(kind, Counts()),
                    is_working_day=self.is_working_day, sheet=reader.sheet)
                if portal and isinstance(loader, PortalLoader):
                    loader.setup(portal[1])
                self._read(spec, path, reader, loader, run)
        except FileProblem as problem:
            self._failed(spec, run, source, label, problem)
            return ImportOutcome.FAILED
        except Exception as error:
            # Every input found to do this is a rejection of its own by now; should
            # another do it, the file is one error, its run is closed and the other
            # files of the call are still read, rather than a traceback ending it all.
            # The log gets the run and the exception's type only: a database error's
            # message quotes the row's values (names, addresses), and logs are kept and
            # shipped with less care than the database. The message goes to the run's
            # ImportIssue, which only those who may read imports see.
            logger.error("import run %s failed: %s", run.pk, type(error).__name__)
            if logger.isEnabledFor(logging.DEBUG):
                # Where it happened, for a bug report: frames show code, never values.
                logger.debug("import run %s: %s raised at\n%s", run.pk, type(error).__name__,
                             "".join(traceback.format_tb(error.__traceback__)))
            detail = " ".join(str(error).split())[:MAX_ERROR_DETAIL]
            self._failed(spec, run, source, label, FileProblem(
                "import_error",
                f"lỗi không lường trước khi đọc tệp {path.name} ({type(error).__name__}: {detail});"
                " không lưu gì từ tệp này; hãy báo cho người quản trị hệ thống",
                f"unexpected error while reading {path.name} ({type(error).__name__}: {detail});"
                " nothing from this file was stored; please tell the administrator"))
            return ImportOutcome.FAILED
        assert loader is not None
        self.report.files.append(label)
        total = Counts()
        for kind, kind_counts in counts.items():
            self.report.counts(kind).add(kind_counts)
            total.add(kind_counts)
        self.report.issues.extend(loader.issues)
        run.read, run.created, run.updated = total.read, total.created, total.updated
        run.unchanged, run.rejected, run.warnings = total.unchanged, total.rejected, total.warnings
        run.outcome = ImportOutcome.PARTIAL if total.rejected else ImportOutcome.IMPORTED
        run.finished_at = timezone.now()
        run.save()
        self.report.outcomes.append(FileOutcome(label, spec.name, ImportOutcome(run.outcome),
                                                total))
        return ImportOutcome(run.outcome)

    def _failed(self, spec: KindSpec, run: ImportRun, source: str, label: str,
                problem: FileProblem) -> None:
        """A file that could not be read: one error, nothing kept, the run closed."""
        self.directory.forget()
        if problem.sheet and "#" not in label:
            label = f"{source}#{problem.sheet}"  # the sheet failed before it was named
            run.source = label[:1000]
        issue = Issue(IssueSeverity.ERROR, source, problem.line, "", problem.code,
                      problem.vi, problem.en, record_kind=spec.name, sheet=problem.sheet)
        issue_model(run, issue).save()
        self.report.files.append(label)
        self.report.issues.append(issue)
        self.report.failed_files.append(label)
        self.report.outcomes.append(FileOutcome(label, spec.name, ImportOutcome.FAILED,
                                                reason_vi=problem.vi, reason_en=problem.en))
        run.outcome = ImportOutcome.FAILED
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at", "source", "outcome"])

    def _not_attempted(self, spec: KindSpec, path: Path, sheet: str, cause: str) -> None:
        source = str(path)
        label = f"{source}#{sheet}" if sheet else source
        cause_name = Path(cause.split("#", 1)[0]).name + (
            f"[{cause.split('#', 1)[1]}]" if "#" in cause else "")
        vi = f"không nhập vì {cause_name} không đọc được, mà tệp này cần dữ liệu của nó"
        en = f"not attempted because {cause_name}, whose records this file needs, failed"
        run = ImportRun.objects.create(kind=spec.name, source=label[:1000],
                                       outcome=ImportOutcome.NOT_ATTEMPTED,
                                       finished_at=timezone.now())
        self.report.runs.append(run.pk)
        self._last_run = run
        issue = Issue(IssueSeverity.ERROR, source, None, "", "not_attempted", vi, en,
                      record_kind=spec.name, sheet=sheet)
        issue_model(run, issue).save()
        self.report.issues.append(issue)
        self.report.not_attempted.append(label)
        self.report.outcomes.append(FileOutcome(label, spec.name, ImportOutcome.NOT_ATTEMPTED,
                                                reason_vi=vi, reason_en=en))

    def note(self, issue: Issue) -> None:
        """An issue about the call as a whole, filed under its last run."""
        if self._last_run is not None:
            issue_model(self._last_run, issue).save()
        self.report.issues.append(issue)

    def close(self) -> ImportReport:
        return self.report

    def _reader(self, spec: KindSpec, path: Path,
                portal: tuple[PortalMapper, PortalOptions] | None) -> Reader:
        if portal is not None:
            return PortalReader(path, spec.name, mapper=portal[0])
        reader_class = reader_for(path)
        if reader_class is None:
            known = ", ".join(f".{extension}" for extension in READERS)
            raise FileProblem("unsupported_format",
                              f"không đọc được định dạng của tệp {path.name} (hỗ trợ: {known})",
                              f"the format of {path.name} is not supported ({known})")
        return reader_class(path, spec.name)

    def _read(self, spec: KindSpec, path: Path, reader: Reader, loader: Loader,
              run: ImportRun) -> None:
        known_names = set(spec.by_name) | set(spec.nested)
        if reader.columns is not None:
            missing = [name for name in spec.required_columns if name not in reader.columns]
            if missing:
                listed = ", ".join(missing)
                raise FileProblem(
                    "missing_columns", f"thiếu cột bắt buộc trong dòng tiêu đề: {listed}",
                    f"required columns missing from the header: {listed}",
                    line=getattr(reader, "header_row", 1), sheet=reader.sheet)
            self._unknown_columns(spec, loader, run, reader.columns,
                                  getattr(reader, "header_row", 1))
        bar = tqdm(total=reader.estimate() if self.progress else None,
                   desc=f"{path.name}{f' [{reader.sheet}]' if reader.sheet else ''}",
                   unit=" dòng", file=sys.stderr, disable=not self.progress, leave=False)
        try:
            self._batches(spec, reader, loader, run, known_names, bar)
        finally:
            bar.close()

    def _batches(self, spec: KindSpec, reader: Reader, loader: Loader, run: ImportRun,
                 known_names: set[str], bar: tqdm[Any]) -> None:
        batch = []
        seen_keys: set[str] = set()
        check_keys = reader.columns is None and not isinstance(reader, PortalReader)
        for row in reader.rows():
            if check_keys:
                extra = [k for k in row.values if k not in known_names and k not in seen_keys]
                if extra:
                    seen_keys.update(extra)
                    self._unknown_columns(spec, loader, run, extra, row.line)
            batch.append(row)
            if len(batch) >= BATCH_SIZE:
                loader.load(batch)
                bar.update(len(batch))
                batch = []
        if batch:
            loader.load(batch)
            bar.update(len(batch))

    def _unknown_columns(self, spec: KindSpec, loader: Loader, run: ImportRun,
                         names: Sequence[str], line: int) -> None:
        known = set(spec.by_name) | set(spec.nested)
        unknown = [name for name in names if name not in known]
        if not unknown:
            return
        # Ignored, not rejected; listed because a misspelt column ("recieved_at") would
        # otherwise silently leave a field unknown.
        listed = ", ".join(unknown)
        problem = Problem("unknown_column", "", f"bỏ qua cột không có trong định dạng: {listed}",
                          f"ignored columns that are not in the format: {listed}")
        issue = Issue(IssueSeverity.WARNING, loader.source, line, problem.field, problem.code,
                      problem.vi, problem.en, record_kind=spec.name)
        ImportIssue.objects.bulk_create([issue_model(run, issue)])
        loader.issues.append(issue)
        loader.counts.warnings += 1
