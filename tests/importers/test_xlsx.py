"""XLSX workbooks: one sheet per kind, Excel's own cell types, the same rules as CSV."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from import_helpers import BASE, SAMPLES, codes, load, workbook_bytes, workbook_from_csv

from tthc.audit.models import AuditEntry
from tthc.catalogue.models import Procedure, UnitProcedure
from tthc.dossiers.models import Dossier, Step, Supplement
from tthc.importers.models import ImportRun
from tthc.importers.report import ImportReport
from tthc.importers.services import ImportUsageError, import_folder
from tthc.organisation.models import Official, Unit
from tthc.petitions.models import Petition
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db

DOSSIER_HEADER = ["code", "procedure_code", "unit_code", "received_at", "due_at",
                  "finished_at", "status"]


def book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    path.write_bytes(workbook_bytes(sheets))
    return path


def database() -> dict[str, list[tuple[Any, ...]]]:
    """Every stored record by its codes (ids depend on the order of loading)."""
    return {
        "units": list(Unit.objects.order_by("code").values_list(
            "code", "name", "kind", "parent__code", "valid_from", "valid_to")),
        "officials": list(Official.objects.order_by("code").values_list(
            "code", "full_name", "unit__code", "position")),
        "procedures": list(Procedure.objects.order_by("code").values_list(
            "code", "name", "field", "time_limit", "time_unit", "online_level",
            "desk_exempt")),
        "unit_procedures": list(UnitProcedure.objects.order_by(
            "unit__code", "procedure__code").values_list(
            "unit__code", "procedure__code", "posted_on_site", "published_online", "at_desk",
            "decided_at_desk", "valid_from", "valid_to")),
        "dossiers": list(Dossier.objects.order_by("code").values_list(
            "code", "procedure__code", "unit__code", "desk__code", "received_by__code",
            "channel", "return_channel", "received_at", "due_at", "finished_at",
            "returned_at", "status", "agencies_contacted", "raw")),
        "steps": list(Step.objects.order_by("dossier__code", "seq").values_list(
            "dossier__code", "seq", "unit__code", "official__code", "started_at", "due_at",
            "finished_at")),
        "supplements": list(Supplement.objects.order_by("dossier__code", "seq").values_list(
            "dossier__code", "seq", "requested_at", "completed_at", "applicant_fault",
            "new_due_at")),
        "ratings": list(Rating.objects.order_by("dossier__code").values_list(
            "dossier__code", "channel", "submitted_at", "satisfaction", "agencies_contacted",
            "disclosure_seen", "comment", "entered_by", "batch")),
        "petitions": list(Petition.objects.order_by("code").values_list(
            "code", "unit__code", "dossier__code", "about_official__code", "kind",
            "received_at", "answer_due_at", "answered_at", "prolonged", "upheld")),
    }


def wipe() -> None:
    for model in (Petition, Rating, Supplement, Step, Dossier, UnitProcedure, Procedure,
                  Official):
        model.objects.all().delete()
    Unit.objects.update(parent=None)
    Unit.objects.all().delete()


@pytest.mark.parametrize("typed", [True, False], ids=["excel-types", "text-cells"])
def test_a_workbook_and_csv_files_of_the_same_rows_give_the_same_database(
        db: None, tmp_path: Path, typed: bool) -> None:
    from_csv = import_folder(path=BASE, actor="test")
    assert from_csv.ok
    expected = database()
    wipe()
    workbook = workbook_from_csv(BASE, tmp_path / "base.xlsx", typed=typed)
    from_xlsx = import_folder(path=workbook, actor="test")
    assert from_xlsx.ok, [i.describe() for i in from_xlsx.issues]
    assert {k: c.created for k, c in from_xlsx.by_kind.items()} == {
        k: c.created for k, c in from_csv.by_kind.items()}
    assert database() == expected
    # Loaded again from the other format: nothing changes, nothing is audited.
    again = import_folder(path=BASE, actor="test")
    assert (again.created, again.updated, again.unchanged) == (0, 0, from_csv.created)
    assert not AuditEntry.objects.exists()


def test_the_sample_workbook_matches_the_sample_csv_files(db: None) -> None:
    from_csv = import_folder(path=SAMPLES / "canonical", actor="test")
    assert from_csv.ok and from_csv.created == 16 and from_csv.warnings == 0
    expected = database()
    wipe()
    assert import_folder(path=SAMPLES / "canonical.xlsx", actor="test").ok
    assert database() == expected


def test_sheets_load_in_dependency_order_whatever_their_order_in_the_book(
        db: None, tmp_path: Path) -> None:
    path = book(tmp_path / "book.xlsx", {
        "officials": [["code", "full_name", "unit_code"], ["CB01", "Nguyễn Thị Lan", "STP"]],
        "units": [["code", "name", "kind"], ["STP", "Sở Tư pháp", "province_agency"]],
        "Ghi chú": [["Bảng tính minh họa"]],
    })
    report = import_folder(path=path, actor="test")
    assert report.created == 2 and report.rejected == 0
    assert Official.objects.get().unit.code == "STP"
    # A sheet named after no kind is not read, and the report says so.
    assert codes(report, "warning") == [(None, "", "unknown_sheet")]
    assert "Ghi chú" in report.warning_issues[0].reason_vi
    assert ImportRun.objects.filter(source=f"{path}#units").exists()


def test_one_kind_reads_the_sheet_named_after_it_or_the_only_sheet(
        world: ImportReport, tmp_path: Path) -> None:
    rows = [DOSSIER_HEADER,
            ["HS500", "1.001234", "STP", datetime(2020, 3, 2, 8, 0), date(2020, 3, 16), None,
             "processing"]]
    many = book(tmp_path / "many.xlsx", {"units": [["code"]], "dossiers": rows})
    assert load("dossiers", many).created == 1
    only = book(tmp_path / "only.xlsx", {"Sheet1": [*rows[:1], ["HS501", *rows[1][1:]]]})
    assert load("dossiers", only).created == 1
    assert set(Dossier.objects.filter(code__startswith="HS50").values_list("code", flat=True)
               ) == {"HS500", "HS501"}


def test_a_missing_sheet_is_one_error_and_changes_nothing(world: ImportReport,
                                                          tmp_path: Path) -> None:
    path = book(tmp_path / "book.xlsx", {"units": [["code"]], "steps": [["dossier_code"]]})
    before = database()
    report = load("dossiers", path)
    assert [(i.code, i.severity) for i in report.issues] == [("missing_sheet", "error")]
    assert report.failed_files == [str(path)] and not report.ok
    assert '"dossiers"' in report.issues[0].reason_vi and "units, steps" in report.issues[0].reason_en
    assert database() == before


@pytest.mark.parametrize("content", [
    b"PK\x03\x04 not really a zip archive",
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    b"",
], ids=["broken-zip", "png", "empty"])
def test_a_workbook_that_cannot_be_opened_changes_nothing(world: ImportReport,
                                                          tmp_path: Path,
                                                          content: bytes) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(content)
    before = database()
    for report in (load("dossiers", path), import_folder(path=path, actor="test")):
        assert [(i.code, i.severity) for i in report.issues] == [("file_not_xlsx", "error")]
        assert not report.ok and report.created == 0
    assert database() == before


def test_a_truncated_workbook_fails_as_a_whole(world: ImportReport, tmp_path: Path) -> None:
    good = book(tmp_path / "good.xlsx", {"dossiers": [DOSSIER_HEADER, *[
        [f"HS6{n:02d}", "1.001234", "STP", "2020-03-02", "", "", "processing"]
        for n in range(50)]]})
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[:-200])
    report = load("dossiers", broken)
    assert [i.code for i in report.issues] == ["file_not_xlsx"]
    assert not Dossier.objects.filter(code__startswith="HS6").exists()


def test_row_numbers_are_the_sheets_and_messages_name_the_sheet(world: ImportReport,
                                                                tmp_path: Path) -> None:
    # The header is the first row that is not empty.
    path = book(tmp_path / "book2.xlsx", {"dossiers": [
        [],
        DOSSIER_HEADER,
        ["HS510", "1.001234", "STP", "2020-03-02", "", "", "processing"],
        [None, None, None, None, None, None, None],
        ["HS511", "1.001234", "SXX", "2020-03-02", "", "", "processing"],
        ["HS512", "1.001234", "STP", "2020-03-02", "", "", "processing", "extra"],
    ]})
    report = load("dossiers", path)
    assert codes(report) == [(5, "unit_code", "unknown_unit"), (6, "", "row_width")]
    issue = report.errors[0]
    assert issue.sheet == "dossiers"
    assert issue.message_vi.startswith('Trang tính "dossiers", dòng 5, trường "unit_code":')
    assert issue.message_en.startswith('Sheet "dossiers", row 5, field "unit_code":')
    assert issue.location == "book2.xlsx[dossiers]:5"
    assert report.created == 1


def test_excel_cell_types_are_read_as_their_values(world: ImportReport,
                                                   tmp_path: Path) -> None:
    path = book(tmp_path / "book.xlsx", {"dossiers": [
        [*DOSSIER_HEADER, "agencies_contacted"],
        # A date without time is a date: due the day it was received is not "before" it.
        ["HS520", "1.001234", "STP", datetime(2020, 3, 5, 10, 0), date(2020, 3, 5),
         datetime(2020, 3, 5, 15, 30, 0, 999_999), "finished", 2.0],
        # A procedure code typed as a number loses its meaning: rejected, not guessed.
        ["HS521", 1.001234, "STP", datetime(2020, 3, 5, 10, 0), None, None, "processing", 1],
        [522, "1.001234", "STP", "2020-03-05", None, None, "processing", True],
    ]})
    report = load("dossiers", path)
    assert codes(report) == [(3, "procedure_code", "invalid_text"),
                             (4, "agencies_contacted", "invalid_integer")]
    stored = Dossier.objects.get(code="HS520")
    assert stored.agencies_contacted == 2
    assert stored.finished_at.isoformat() == "2020-03-05T08:30:01+00:00"
    assert stored.due_at.isoformat() == "2020-03-04T17:00:00+00:00"


def test_booleans_and_dates_typed_in_excel(db: None, tmp_path: Path) -> None:
    path = book(tmp_path / "book.xlsx", {
        "units": [["code", "name", "kind", "valid_from"],
                  ["STP", "Sở Tư pháp", "province_agency", datetime(2004, 1, 1)]],
        "procedures": [["code", "name", "desk_exempt", "time_limit"],
                       ["1.001234", "Cấp Phiếu lý lịch tư pháp", False, 10]],
        "unit_procedures": [["unit_code", "procedure_code", "at_desk", "posted_on_site"],
                            ["STP", "1.001234", True, "có"]],
    })
    assert import_folder(path=path, actor="test").ok
    assert Unit.objects.get().valid_from == date(2004, 1, 1)
    assert Procedure.objects.values_list("desk_exempt", "time_limit").get() == (False, 10)
    assert UnitProcedure.objects.values_list("at_desk", "posted_on_site").get() == (True, True)


def test_a_header_without_a_name_is_one_error(db: None, tmp_path: Path) -> None:
    path = book(tmp_path / "units.xlsx", {"units": [["code", None, "kind", "name"],
                                                    ["STP", "x", "province_agency", "Sở"]]})
    report = load("units", path)
    assert [(i.code, i.line, i.sheet) for i in report.issues] == [
        ("missing_column_name", 1, "units")]
    assert "B" in report.issues[0].reason_vi
    assert not Unit.objects.exists()


def test_missing_columns_name_the_sheet_and_its_header_row(db: None, tmp_path: Path) -> None:
    path = book(tmp_path / "book.xlsx", {"units": [[], [], ["code", "name"], ["STP", "Sở"]]})
    (issue,) = import_folder(path=path, actor="test").issues
    assert (issue.code, issue.line, issue.sheet) == ("missing_columns", 3, "units")
    assert issue.message_vi == ('Trang tính "units", dòng 3: thiếu cột bắt buộc trong dòng'
                                " tiêu đề: kind.")


def test_a_workbook_with_no_sheet_named_after_a_kind_is_a_usage_error(
        db: None, tmp_path: Path) -> None:
    path = book(tmp_path / "book.xlsx", {"Sheet1": [["code"]]})
    with pytest.raises(ImportUsageError, match="no sheet named after a kind"):
        import_folder(path=path, actor="test")
