"""Reports and open data read the methodology from the run's stored layout: names,
headings, maxima, decimals and class labels as the run was computed, and no form a
where the methodology scores no officials."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from report_files import all_text, pdf_text, sheet_rows, table
from report_world import PUBLISHED, UNPUBLISHED, World

from tthc.evaluation.services import Key
from tthc.reports import selectors
from tthc.reports.documents import report_data, report_file, report_html
from tthc.scoring.models import ScoringRun, SubjectScore

DAY = date(2020, 4, 5)
NEW_SHORT = "TT6"
NEW_NAME = "Niêm yết, công khai thủ tục tại nơi tiếp nhận"
OLD_NAME = "Công khai thủ tục hành chính"  # nd61-tt01's name of indicator 6
NEW_CLASS = "Hoàn thành tốt"


def _edit_layout(period: str, edit: Callable[[dict[str, Any]], None]) -> ScoringRun:
    run = ScoringRun.objects.get(period__code=period, is_current=True)
    layout = run.layout
    edit(layout)
    run.layout = layout
    run.save(update_fields=["layout"])
    return run


def _indicator(layout: dict[str, Any], code: str) -> dict[str, Any]:
    return next(spec for spec in layout["indicators"] if spec["code"] == code)


def _renamed(layout: dict[str, Any]) -> None:
    six = _indicator(layout, "6")
    six["short"], six["name_vi"] = NEW_SHORT, NEW_NAME
    agency = layout["subjects"]["agency"]
    next(band for band in agency["classes"] if band["code"] == "tot")["label_vi"] = NEW_CLASS
    agency["max_total"] = "20"
    layout["subjects"]["official"]["max_total"] = "12"


@pytest.fixture
def renamed(world: World) -> World:
    """The published run as if computed under a methodology and profile that name
    indicator 6 and the class "tot" otherwise, with other maxima. The class label is
    stored with each score as computed, so the stored labels follow the profile too."""
    run = _edit_layout(PUBLISHED, _renamed)
    SubjectScore.objects.filter(run=run, class_code="tot").update(class_label=NEW_CLASS)
    return world


def _xlsx(form: str, period: str = PUBLISHED, **subject: str) -> bytes:
    return report_file(form, "xlsx", Key(period), issued_on=DAY, **subject).content


def test_summary_reads_names_labels_and_maximum_from_the_layout(renamed: World) -> None:
    rows = sheet_rows(_xlsx("c"))
    agencies = {row["Mã"]: row for row in table(rows, "Hạng") if row["Mã"]}
    stp, sgt = agencies["STP"], agencies["SGT"]
    assert stp[NEW_SHORT] == 1.0 and "CS6" not in stp
    assert stp["Tổng điểm (tối đa 20)"] == 14.5
    # STP's class follows its appraised total with the run's bands; SGT's is as stored.
    assert stp["Xếp loại"] == NEW_CLASS and sgt["Xếp loại"] == NEW_CLASS
    text = all_text(rows)
    assert f"{NEW_SHORT}: {NEW_NAME}." in text and OLD_NAME not in text

    html = report_html(report_data("c", Key(PUBLISHED), issued_on=DAY))
    assert f'<th title="{NEW_NAME}">{NEW_SHORT}</th>' in html
    assert "Tổng điểm (tối đa 20)" in html and NEW_CLASS in html and OLD_NAME not in html
    pdf = " ".join(pdf_text(report_file("c", "pdf", Key(PUBLISHED), issued_on=DAY).content,
                            layout=False).split())
    assert NEW_SHORT in pdf and NEW_CLASS in pdf and NEW_NAME in pdf


def test_agency_and_official_forms_read_the_layout(renamed: World) -> None:
    rows = sheet_rows(_xlsx("b", unit="STP"))
    lines = table(rows, "STT")
    assert lines[5]["Chỉ số đánh giá"] == NEW_NAME
    total, klass = lines[9], lines[10]
    assert (total["Điểm chuẩn"], total["Điểm thẩm định"]) == (20, 14.5)
    assert klass["Điểm thẩm định"] == NEW_CLASS
    html = report_html(report_data("b", Key(PUBLISHED), unit="STP", issued_on=DAY))
    assert NEW_NAME in html and NEW_CLASS in html and OLD_NAME not in html

    official = sheet_rows(_xlsx("a", official="CB-STP-1"))
    assert table(official, "STT")[0]["Tổng điểm (tối đa 12)"] == 6.0
    assert "Tổng điểm (tối đa 12)" in report_html(
        report_data("a", Key(PUBLISHED), official="CB-STP-1", issued_on=DAY))


def test_open_data_reads_class_labels_from_the_run(renamed: World) -> None:
    client = renamed.client("anonymous")
    text = client.get(f"/cong-khai/{PUBLISHED}/du-lieu.csv").content.decode("utf-8-sig")
    by_code = {row["code"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (by_code["STP"]["class_label"], by_code["STP"]["i6"]) == (NEW_CLASS, "1.0")
    assert by_code["SGT"]["class_label"] == NEW_CLASS
    document = json.loads(client.get(f"/cong-khai/{PUBLISHED}/du-lieu.json").content)
    assert {a["code"]: a["class_label"] for a in document["agencies"]}["STP"] == NEW_CLASS


def test_open_data_columns_follow_the_indicator_codes(world: World) -> None:
    """A methodology whose indicator is coded "DVC" publishes it as the column i_DVC."""
    def recode(layout: dict[str, Any]) -> None:
        _indicator(layout, "9")["code"] = "DVC"
        agency = layout["subjects"]["agency"]
        agency["indicators"] = ["DVC" if code == "9" else code for code in agency["indicators"]]

    run = _edit_layout(PUBLISHED, recode)
    for score in SubjectScore.objects.filter(run=run, subject_type="agency"):
        score.values["DVC"] = score.values.pop("9")
        score.save(update_fields=["values"])
    text = world.client("anonymous").get(
        f"/cong-khai/{PUBLISHED}/du-lieu.csv").content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[6:16] == ["i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i_DVC", "total"]
    stp = {row["code"]: row for row in csv.DictReader(io.StringIO(text))}["STP"]
    assert stp["i_DVC"] == "0.4"
    document = json.loads(world.client("anonymous").get(f"/cong-khai/{PUBLISHED}/du-lieu.json").content)
    assert {a["code"]: a["i_DVC"] for a in document["agencies"]}["STP"] == 0.4


def _two_decimals(layout: dict[str, Any]) -> None:
    for spec in layout["indicators"]:
        spec["decimals"] = 2
    layout["total_decimals"] = 2


def _number_formats(content: bytes, first_header: str, code: str) -> dict[str, str]:
    """The number format of each column in the row of `code` (by header)."""
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows())
    start = next(i for i, row in enumerate(rows) if row[0].value == first_header)
    header = [cell.value for cell in rows[start]]
    row = next(r for r in rows[start + 1:] if code in (r[0].value, r[1].value))
    return dict(zip(header, (cell.number_format for cell in row), strict=True))


def test_points_at_the_layout_decimals(world: World) -> None:
    _edit_layout(PUBLISHED, _two_decimals)
    formats = _number_formats(_xlsx("c"), "Hạng", "STP")
    assert (formats["CS1"], formats["CS9"], formats["Tổng điểm (tối đa 18)"]) == ("0.00",) * 3
    nd61 = _number_formats(_xlsx("c", UNPUBLISHED), "Hạng", "STP")  # untouched: one decimal
    assert (nd61["CS1"], nd61["Tổng điểm (tối đa 18)"]) == ("0.0", "0.0")
    lines = _number_formats(_xlsx("b", unit="STP"), "STT", "Công khai thủ tục hành chính")
    assert (lines["Điểm chuẩn"], lines["Điểm tự chấm"], lines["Điểm thẩm định"]) == ("0.00",) * 3
    official = _number_formats(_xlsx("a", official="CB-STP-1"), "STT", "CB-STP-1")
    assert (official["CS1"], official["Tổng điểm (tối đa 10)"]) == ("0.00", "0.00")

    html = report_html(report_data("c", Key(PUBLISHED), issued_on=DAY))
    assert "<strong>14,50</strong>" in html and ">0,40<" in html
    html = report_html(report_data("b", Key(PUBLISHED), unit="STP", issued_on=DAY))
    assert ">2,00<" in html and ">1,00<" in html
    text = world.client("anonymous").get(f"/cong-khai/{PUBLISHED}/du-lieu.csv").content.decode("utf-8-sig")
    stp = {row["code"]: row for row in csv.DictReader(io.StringIO(text))}["STP"]
    assert (stp["i6"], stp["i9"], stp["total"]) == ("1.00", "0.40", "14.50")


def _without_officials(layout: dict[str, Any]) -> None:
    del layout["subjects"]["official"]


FORM_A_REFUSAL = "không chấm điểm cán bộ, công chức"


def test_no_form_a_without_an_official_subject(world: World, tmp_path: Any) -> None:
    _edit_layout(PUBLISHED, _without_officials)
    for subject in ({"official": "CB-STP-1"}, {"unit": "STP"}):
        with pytest.raises(selectors.ReportNotFound, match=FORM_A_REFUSAL):
            report_file("a", "xlsx", Key(PUBLISHED), **subject)
    client = world.client("admin")
    for url in ("can-bo/CB-STP-1.xlsx", "can-bo-don-vi/STP.pdf"):
        response = client.get(f"/bao-cao/{PUBLISHED}/{url}")
        assert response.status_code == 404
        assert FORM_A_REFUSAL in response.content.decode()
    page = client.get(f"/bao-cao/{PUBLISHED}/").content.decode()
    assert "can-bo-don-vi/" not in page and "Mẫu a" not in page
    assert f"/bao-cao/{PUBLISHED}/don-vi/STP.xlsx" in page  # forms b and c stay
    assert table(sheet_rows(_xlsx("c")), "Hạng")
    with pytest.raises(CommandError, match=FORM_A_REFUSAL):
        call_command("report", period=PUBLISHED, form="a", fmt="pdf", unit="STP",
                     output=str(tmp_path / "a.pdf"))


@pytest.mark.parametrize(("value", "written"), [("18", "18"), ("10.0", "10"), ("100", "100"),
                                                ("1E+2", "100"), ("12.50", "12,5"), ("0.25", "0,25")])
def test_maxima_as_headings_write_them(value: str, written: str) -> None:
    from decimal import Decimal

    assert selectors.plain_number(Decimal(value)) == written
