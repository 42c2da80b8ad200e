"""Whole files: unreadable ones change nothing and are one error; readable quirks work."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_helpers import WriteFile, codes, load

from tthc.dossiers.models import Dossier
from tthc.importers.models import ImportIssue, ImportRun
from tthc.importers.report import ImportReport
from tthc.importers.services import ImportUsageError, import_files, import_folder
from tthc.organisation.models import Unit

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))


def assert_one_file_error(report: ImportReport, code: str) -> None:
    assert report.failed_files and not report.ok
    assert [(i.code, i.severity) for i in report.issues] == [(code, "error")]
    assert (report.created, report.updated, report.rejected) == (0, 0, 0)
    run = ImportRun.objects.get(pk=report.runs[-1])
    assert list(run.issues.values_list("code", flat=True)) == [code]


@pytest.mark.parametrize(("name", "content", "code"), [
    ("units.csv", PNG, "file_not_text"),
    # A header in a legacy Vietnamese code page (here Latin-1 bytes) is not UTF-8.
    ("units.csv", "mã,tên\n".encode("latin-1"), "file_not_text"),
    ("units.csv", b"", "file_empty"),
    ("units.csv", "code,name\nSTP,Sở Tư pháp\n".encode(), "missing_columns"),
    ("units.csv", "code,name,kind,name\nSTP,Sở Tư pháp,province_agency,x\n".encode(),
     "duplicate_columns"),
    ("units.xlsx", PNG, "file_not_xlsx"),
    ("units.ods", PNG, "unsupported_format"),
    ("units.jsonl", PNG, "file_not_jsonl"),
    ("units.jsonl", b'[{"code": "STP"}]\n', "file_not_jsonl"),
], ids=["binary", "latin-1", "empty", "missing-columns", "duplicate-columns", "xlsx",
        "ods", "jsonl-binary", "json-array"])
def test_a_file_that_cannot_be_parsed_is_one_error(db: None, write: WriteFile, name: str,
                                                   content: bytes, code: str) -> None:
    report = load("units", write(name, content))
    assert_one_file_error(report, code)
    assert not Unit.objects.exists()


def test_a_file_failing_half_way_leaves_nothing_behind(world: ImportReport,
                                                       write: WriteFile) -> None:
    # Line 3 holds a field beyond the CSV reader's limit: the file is not CSV as we know
    # it, so the dossier of line 2, already written in the same transaction, goes too.
    huge = "x" * (16 * 1024 * 1024 + 1)
    path = write("dossiers.csv", (
        "code,procedure_code,unit_code,received_at,status\n"
        "HS200,1.001234,STP,2020-03-02,processing\n"
        f'HS201,1.001234,STP,2020-03-02,"{huge}"\n'))
    before = Dossier.objects.count()
    report = load("dossiers", path)
    assert_one_file_error(report, "file_not_csv")
    assert report.issues[0].line == 3
    assert Dossier.objects.count() == before
    assert not Dossier.objects.filter(code="HS200").exists()


def test_missing_required_columns_are_named(db: None, write: WriteFile) -> None:
    report = load("units", write("units.csv", "code,valid_from\nSTP,2004-01-01\n"))
    assert "name, kind" in report.issues[0].reason_vi
    assert report.issues[0].message_vi.startswith("Dòng 1: thiếu cột bắt buộc")


def test_other_files_of_the_same_call_still_load(db: None, write: WriteFile) -> None:
    bad = write("bad.csv", PNG)
    good = write("good.csv", "code,name,kind\nSTP,Sở Tư pháp,province_agency\n")
    report = load("units", bad, good)
    assert report.failed_files == [str(bad)]
    assert report.created == 1 and not report.ok


def test_a_byte_order_mark_and_blank_lines_are_tolerated(db: None, write: WriteFile) -> None:
    path = write("units.csv", "\ufeffcode,name,kind\n\nSTP,Sở Tư pháp,province_agency\n\n"
                              "SYT,Sở Y tế,province_agency,\n")
    report = load("units", path)
    # Line numbers count the blank lines, as an editor shows them.
    assert codes(report) == [(5, "", "row_width")]
    assert Unit.objects.get().code == "STP"


def test_line_numbers_follow_quoted_line_breaks(world: ImportReport, write: WriteFile) -> None:
    path = write("ratings.csv", (
        "dossier_code,channel,satisfaction,comment\n"
        'HS003,kiosk,satisfied,"một\nhai\nba"\n'
        "HS999,kiosk,satisfied,\n"))
    assert codes(load("ratings", path)) == [(5, "dossier_code", "unknown_dossier")]


def test_unknown_columns_are_ignored_and_listed_once(db: None, write: WriteFile) -> None:
    path = write("units.csv", "code,name,kind,recieved_at\nSTP,Sở Tư pháp,province_agency,x\n"
                              "SYT,Sở Y tế,province_agency,y\n")
    report = load("units", path)
    assert report.ok and report.created == 2
    assert codes(report, "warning") == [(1, "", "unknown_column")]
    assert "recieved_at" in report.issues[0].reason_vi
    assert ImportIssue.objects.filter(code="unknown_column").count() == 1


def test_unknown_kinds_and_missing_paths_are_usage_errors(db: None, write: WriteFile,
                                                           tmp_path: Path) -> None:
    path = write("units.csv", "code,name,kind\n")
    with pytest.raises(ImportUsageError, match="unknown kind"):
        import_files(kind="unit", paths=[path], actor="test")
    with pytest.raises(ImportUsageError, match="file not found"):
        import_files(kind="units", paths=[tmp_path / "nope.csv"], actor="test")
    with pytest.raises(ImportUsageError, match="folder not found"):
        import_folder(path=tmp_path / "nope", actor="test")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ImportUsageError, match="no file named after a kind"):
        import_folder(path=tmp_path / "empty", actor="test")
    assert not ImportRun.objects.exists()
