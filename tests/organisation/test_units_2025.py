"""Điện Biên on today's structure (issue 11, item 5): the 2026 organisation imported from
the reference file, old communes linked to the communes formed from them, and the
successor links checked like the parent links."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from tthc.importers.report import ImportReport
from tthc.importers.services import import_files
from tthc.organisation.models import Unit, UnitKind
from tthc.organisation.selectors import predecessors_of

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
UNITS_2026 = DATA / "dien-bien-units-2026.csv"
PREDECESSORS = DATA / "dien-bien-communes-2025-predecessors.csv"
# The shared reference folder sits beside the checkout (../shared); a clone may lack it.
SHARED = Path(__file__).resolve().parents[3] / "shared/data"
CANONICAL = ("code", "name", "kind", "parent_code", "valid_from", "valid_to", "successor_code",
             "portal_code")


def load(kind: str, path: Path) -> ImportReport:
    return import_files(kind=kind, paths=[path], actor="test")


def codes(report: ImportReport) -> list[tuple[int | None, str, str]]:
    return [(i.line, i.field, i.code) for i in report.errors]


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CANONICAL, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _canonical_2026(tmp_path: Path) -> Path:
    """The reference file in canonical columns: its `predecessors` are names of units the
    file does not hold (and `source` is a citation), so both are left out; the old
    communes come with their successor from the predecessors file instead."""
    with UNITS_2026.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return _write(tmp_path / "units.csv", rows)


def _old_communes(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """The 129 communes and wards before 2025-07-01, by their statistics code, each with the
    commune formed from it as its successor; and how many each new commune absorbed."""
    rows, absorbed = [], {}
    with PREDECESSORS.open(encoding="utf-8") as handle:
        for new in csv.DictReader(handle):
            olds = new["predecessors_with_gso_code_and_old_district"].split(";")
            absorbed[new["code"]] = len(olds)
            for old in olds:
                gso, rest = old.split(" ", 1)
                rows.append({"code": f"GSO-{gso}", "name": rest.split(" [")[0], "kind": "commune",
                             "parent_code": "DB", "valid_to": "2025-06-30",
                             "successor_code": new["code"]})
    return _write(tmp_path / "old.csv", rows), absorbed


def _valid_on(day: date, kind: str) -> int:
    return sum(1 for u in Unit.objects.filter(kind=kind)
               if (u.valid_from is None or u.valid_from <= day)
               and (u.valid_to is None or day <= u.valid_to))


@pytest.mark.skipif(not SHARED.exists(), reason="shared reference data not present")
def test_the_copies_equal_the_shared_reference() -> None:
    for name in (UNITS_2026.name, PREDECESSORS.name):
        assert (DATA / name).read_bytes() == (SHARED / name).read_bytes()


def test_the_2026_organisation_imports_with_its_service_centre(tmp_path: Path) -> None:
    report = load("units", _canonical_2026(tmp_path))
    assert report.errors == []
    day = date(2026, 1, 1)
    assert _valid_on(day, UnitKind.PROVINCE_AGENCY) == 12
    assert _valid_on(day, UnitKind.SERVICE_CENTRE) == 1
    assert _valid_on(day, UnitKind.COMMUNE) == 45
    assert _valid_on(day, UnitKind.DISTRICT) == 0
    centre = Unit.objects.get(kind=UnitKind.SERVICE_CENTRE)
    assert (centre.code, centre.name, centre.parent.code) == (
        "TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", "DB")
    assert centre.get_kind_display() == "Trung tâm Phục vụ hành chính công"


def test_old_communes_lead_to_the_commune_formed_from_them(tmp_path: Path) -> None:
    load("units", _canonical_2026(tmp_path))
    path, absorbed = _old_communes(tmp_path)
    report = load("units", path)
    assert report.errors == []
    assert sum(absorbed.values()) == 129
    assert _valid_on(date(2025, 6, 30), UnitKind.COMMUNE) == 129
    assert _valid_on(date(2025, 7, 1), UnitKind.COMMUNE) == 45
    for code, count in absorbed.items():
        assert len(predecessors_of(Unit.objects.get(code=code))) == count
    muong_nhe = [u.name for u in predecessors_of(Unit.objects.get(code="X-MUONGNHE"))]
    assert sorted(muong_nhe) == ["Xã Chung Chải", "Xã Mường Nhé", "Xã Nậm Vì"]
    # Importing the same file again changes nothing.
    again = load("units", path)
    assert (again.counts("units").unchanged, again.counts("units").updated) == (129, 0)


def test_predecessors_are_followed_through_earlier_mergers() -> None:
    new = Unit.objects.create(code="N", name="Xã Mới", kind="commune", valid_from=date(2025, 7, 1))
    middle = Unit.objects.create(code="M", name="Xã Giữa", kind="commune", successor=new)
    Unit.objects.create(code="O", name="Xã Cũ", kind="commune", successor=middle)
    assert [u.code for u in predecessors_of(new)] == ["M", "O"]
    assert predecessors_of(Unit.objects.get(code="O")) == []


def test_a_successor_cycle_is_rejected_and_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "units.csv", [
        {"code": "A", "name": "Xã A", "kind": "commune"},
        {"code": "B", "name": "Xã B", "kind": "commune", "successor_code": "A"},
    ])
    assert load("units", path).errors == []
    # Through the units stored: B → A is stored, A → B would close the cycle.
    path = _write(tmp_path / "again.csv", [
        {"code": "A", "name": "Xã A", "kind": "commune", "successor_code": "B"}])
    report = load("units", path)
    assert codes(report) == [(2, "successor_code", "successor_cycle")]
    (issue,) = report.errors
    assert "(A → B → A)" in issue.reason_vi and "kế nhiệm" in issue.reason_vi
    assert "(A → B → A)" in issue.reason_en
    assert Unit.objects.get(code="A").successor is None


def test_a_unit_cannot_succeed_itself_nor_an_unknown_unit(tmp_path: Path) -> None:
    path = _write(tmp_path / "units.csv", [
        {"code": "A", "name": "Xã A", "kind": "commune", "successor_code": "A"},
        {"code": "B", "name": "Xã B", "kind": "commune", "successor_code": "KHONGCO"},
        {"code": "C", "name": "Trung tâm", "kind": "service_centre", "portal_code": "H11.99"},
    ])
    report = load("units", path)
    assert codes(report) == [(2, "successor_code", "successor_cycle"),
                             (3, "successor_code", "unknown_unit")]
    assert Unit.objects.get(code="C").portal_code == "H11.99"
    assert not Unit.objects.filter(code__in=["A", "B"]).exists()


def test_the_new_columns_read_from_json_lines_and_xlsx(tmp_path: Path) -> None:
    lines = [{"code": "N", "name": "Xã Mới", "kind": "commune", "valid_from": "2025-07-01",
              "portal_code": "H11.120"},
             {"code": "O", "name": "Xã Cũ", "kind": "commune", "valid_to": "2025-06-30",
              "successor_code": "N"}]
    path = tmp_path / "units.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines),
                    encoding="utf-8")
    assert load("units", path).errors == []
    book = Workbook()
    sheet = book.active
    sheet.title = "units"
    sheet.append(["code", "name", "kind", "successor_code"])
    sheet.append(["TT", "Trung tâm Phục vụ hành chính công tỉnh", "service_centre", None])
    sheet.append(["P", "Xã Cũ khác", "commune", "N"])
    book.save(tmp_path / "units.xlsx")
    assert load("units", tmp_path / "units.xlsx").errors == []
    assert Unit.objects.get(code="N").portal_code == "H11.120"
    assert [u.code for u in predecessors_of(Unit.objects.get(code="N"))] == ["O", "P"]
    assert Unit.objects.get(code="TT").kind == UnitKind.SERVICE_CENTRE


def test_a_stored_unit_gets_a_successor_created_in_the_same_file(tmp_path: Path) -> None:
    """The reform's file names new communes and, further down, the stored old ones they
    absorb: the first import stores the links (it once needed a second)."""
    load("units", _write(tmp_path / "old.csv", [
        {"code": "O", "name": "Xã Cũ", "kind": "commune", "valid_to": "2025-06-30"}]))
    path = _write(tmp_path / "new.csv", [
        {"code": "N", "name": "Xã Mới", "kind": "commune", "valid_from": "2025-07-01"},
        {"code": "O", "name": "Xã Cũ", "kind": "commune", "valid_to": "2025-06-30",
         "successor_code": "N"}])
    first = load("units", path)
    assert first.errors == [] and (first.created, first.updated) == (1, 1)
    assert Unit.objects.get(code="O").successor == Unit.objects.get(code="N")
    again = load("units", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
