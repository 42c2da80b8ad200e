"""Imports never crash or lose a row (issue 10, findings 9–13): malformed files of every
format, generated in `fuzz_cases.py`, through `tthc import` twice.

For each: no traceback; the exit status; every run closed with its outcome; records
read = stored + unchanged + rejected, and as many as the file holds (nothing valid
lost, nothing silently skipped); each rejection names its file, line (or sheet row, or
record), field and a reason in Vietnamese and English, or is one file-level error; a
second import changes nothing. Runs on SQLite and PostgreSQL (`make test`).
"""

from __future__ import annotations

import io
import re
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from fuzz_cases import CASES, FILE_LEVEL, FINDINGS, WHOLE_RECORD, Case, Totals
from import_helpers import BASE

from tthc.audit.models import AuditEntry
from tthc.importers.kinds import KINDS
from tthc.importers.models import ImportIssue, ImportOutcome, ImportRun
from tthc.importers.services import import_folder

pytestmark = pytest.mark.django_db

# Letters only Vietnamese has (and its vowels with tone marks): a reason in Vietnamese
# has at least one.
_VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
                         re.IGNORECASE)


@pytest.fixture(scope="module")
def base_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The base data set, loaded once for the module; each case runs in a transaction
    rolled back after it, and the module leaves the database empty as it found it."""
    with django_db_blocker.unblock():
        report = import_folder(path=BASE, actor="test")
        assert report.ok, [issue.describe() for issue in report.issues]
        try:
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every stored record of every kind, and the audit log."""
    found = {name: list(spec.model.objects.order_by("pk").values_list())
             for name, spec in KINDS.items()}
    found["audit"] = list(AuditEntry.objects.order_by("pk").values_list("pk", "object_type"))
    return found


def run(case: Case, folder: Path) -> tuple[int, str, Totals]:
    """`tthc import` of the case: exit status, everything printed, the runs' counts."""
    first_run = ImportRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    out, err = io.StringIO(), io.StringIO()
    target = str(folder / case.argument)
    try:
        call_command("import", case.kind, target, stdout=out, stderr=err)
        status = 0
    except CommandError as error:
        status = error.returncode
        err.write(str(error))
    except Exception:
        pytest.fail(f"{case.id}: the import crashed\n{traceback.format_exc()}")
    totals = Totals()
    for imported in ImportRun.objects.filter(pk__gt=first_run).order_by("pk"):
        totals.runs.append(imported)
        totals.read += imported.read
        totals.stored += imported.created + imported.updated
        totals.unchanged += imported.unchanged
        totals.rejected += imported.rejected
    return status, out.getvalue() + err.getvalue(), totals


def check_issues(case: Case, totals: Totals) -> set[str]:
    """Each rejection is located and explained in both languages; the codes made."""
    made = set()
    for run_ in totals.runs:
        errors = list(ImportIssue.objects.filter(run=run_, severity="error"))
        if run_.outcome in (ImportOutcome.FAILED, ImportOutcome.NOT_ATTEMPTED):
            # A file that cannot be read at all: one clear file-level error.
            assert len(errors) == 1 and errors[0].code in FILE_LEVEL, (case.id, errors)
        for issue in errors:
            made.add(issue.code)
            assert Path(issue.source.split("#", 1)[0]).name in case.files, issue.source
            assert issue.message_vi and issue.message_en and issue.message_vi != issue.message_en
            assert _VIETNAMESE.search(issue.message_vi), issue.message_vi
            if issue.code not in FILE_LEVEL:
                assert issue.line is not None, (case.id, issue.message_en)
                assert issue.field or issue.code in WHOLE_RECORD, (case.id, issue.message_en)
    return made


def test_the_cases_cover_every_finding_and_format() -> None:
    assert len(CASES) >= 72
    assert {case.finding for case in CASES} == set(FINDINGS)
    extensions = {Path(name).suffix for case in CASES for name in case.files}
    assert {".csv", ".jsonl", ".xlsx", ".json"} <= extensions
    assert {case.kind for case in CASES} >= {"portal", "all", "units", "dossiers"}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_malformed_file_is_reported_and_nothing_valid_is_lost(
        case: Case, base_world: None, tmp_path: Path) -> None:
    for name, content in case.files.items():
        (tmp_path / name).write_bytes(content)
    before = snapshot()

    status, printed, first = run(case, tmp_path)
    assert "Traceback" not in printed, printed
    assert status == case.exit, printed
    assert first.runs and all(r.finished_at is not None and r.outcome != ImportOutcome.RUNNING
                              for r in first.runs), [(r.source, r.outcome) for r in first.runs]
    assert first.read == first.stored + first.unchanged + first.rejected
    assert (first.read, first.stored, first.unchanged, first.rejected) == (
        case.read, case.stored, case.unchanged, case.rejected), printed
    outcomes = [r.outcome for r in first.runs]
    assert outcomes.count(ImportOutcome.FAILED) == case.failed, outcomes
    assert outcomes.count(ImportOutcome.NOT_ATTEMPTED) == case.not_attempted, outcomes
    made = check_issues(case, first)
    assert case.codes <= made, made
    assert "import_error" not in made, printed  # the safety net is never what answered
    fields = {i.field for r in first.runs for i in r.issues.filter(severity="error")}
    assert case.fields <= fields, fields
    warned = {i.code for r in first.runs for i in r.issues.filter(severity="warning")}
    assert case.warnings <= warned, warned
    after = snapshot()
    created = sum(r.created for r in first.runs)
    assert sum(len(after[kind]) - len(before[kind]) for kind in KINDS) == created

    status, printed, second = run(case, tmp_path)
    assert status == case.exit and "Traceback" not in printed, printed
    assert (second.read, second.stored, second.unchanged, second.rejected) == (
        case.read, 0, case.stored + case.unchanged, case.rejected), printed
    assert snapshot() == after
