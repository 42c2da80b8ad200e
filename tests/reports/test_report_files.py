"""The three forms, opened after generation: XLSX cells and PDF text."""

from __future__ import annotations

import re
from datetime import date

import pytest
from report_files import all_text, pdf_info, pdf_text, sheet_rows, table
from report_world import DEDUCTION_REASON, EXPLANATION, PUBLISHED, UNPUBLISHED, World

from tthc.evaluation.services import Key
from tthc.reports import selectors
from tthc.reports.documents import report_file

HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
           "UBND TỈNH ĐIỆN BIÊN", "VĂN PHÒNG")
DAY = date(2020, 4, 5)


def _xlsx(form: str, period: str = PUBLISHED, **subject: str) -> list[list]:
    return sheet_rows(report_file(form, "xlsx", Key(period), issued_on=DAY, **subject).content)


def _pdf(form: str, period: str = PUBLISHED, **subject: str) -> bytes:
    return report_file(form, "pdf", Key(period), issued_on=DAY, **subject).content


def test_summary_xlsx_ranks_on_the_appraised_total(world: World) -> None:
    rows = _xlsx("c")
    text = all_text(rows)
    for line in HEADING:
        assert line in text
    assert "Điện Biên, ngày 05 tháng 4 năm 2020" in text
    agencies = table(rows, "Hạng")
    assert agencies[0]["Hạng"] == "Sở, ban, ngành (2 đơn vị)"
    sgt, stp = agencies[1], agencies[2]
    # The deduction (indicator 6: 2.0 → 1.0) turns STP's 15.5 into 14.5: Tốt, rank 2.
    assert (sgt["Mã"], sgt["Hạng"], sgt["Tổng điểm (tối đa 18)"], sgt["Xếp loại"]) == \
        ("SGT", 1, 15.0, "Tốt")
    assert (stp["Mã"], stp["Hạng"], stp["Tổng điểm (tối đa 18)"], stp["Xếp loại"]) == \
        ("STP", 2, 14.5, "Tốt")
    assert stp["CS6"] == 1.0 and stp["CS9"] == 0.4
    assert stp["Số chỉ số bị trừ điểm khi thẩm định"] == 1
    assert [row["Hạng"] for row in agencies[3:]] == ["UBND cấp huyện (1 đơn vị)", 1,
                                                     "UBND cấp xã (1 đơn vị)", 1]
    commune = agencies[-1]
    assert commune["Tỷ lệ hài lòng"] == 0.750
    assert commune["Khoảng tin cậy 95%"] == "46,8% – 91,1%"
    assert commune["Số lượt đánh giá"] == 12
    assert "TẠM TÍNH" not in text and "DỮ LIỆU MINH HỌA" not in text


def test_unpublished_period_is_marked_provisional(world: World) -> None:
    text = all_text(_xlsx("c", UNPUBLISHED))
    assert "TẠM TÍNH — kỳ đánh giá chưa được phê duyệt, công bố" in text
    assert "Xếp loại (tạm tính)" in text
    rows = _xlsx("b", UNPUBLISHED, unit="STP")
    assert "Xếp loại (tạm tính)" in all_text(rows)


def test_demo_data_are_marked_on_every_form(world: World, demo_flag: object) -> None:
    for form, subject in (("a", {"official": "CB-STP-1"}), ("b", {"unit": "STP"}), ("c", {})):
        assert "DỮ LIỆU MINH HỌA" in all_text(_xlsx(form, **subject)), form
        found = report_file(form, "xlsx", Key(PUBLISHED), **subject).content
        from io import BytesIO

        from openpyxl import load_workbook
        header = load_workbook(BytesIO(found)).active.oddHeader.center.text
        assert "DỮ LIỆU MINH HỌA" in header  # printed pages carry it too


def test_agency_xlsx_has_standard_self_and_appraised_points(world: World) -> None:
    rows = _xlsx("b", unit="STP")
    text = all_text(rows)
    assert "Sở Tư pháp (STP) — Quý I năm 2020" in text
    lines = table(rows, "STT")
    assert [line["STT"] for line in lines[:9]] == list(range(1, 10))
    assert lines[0]["Chỉ số đánh giá"] == "Tổng thời gian giải quyết TTHC so với quy định"
    assert all(line["Điểm chuẩn"] == 2 for line in lines[:9])
    six = lines[5]
    assert (six["Điểm tự chấm"], six["Điểm thẩm định"]) == (2.0, 1.0)
    assert six["Lý do trừ, điều chỉnh điểm"] == DEDUCTION_REASON
    assert six["Giải trình của cơ quan"] == EXPLANATION
    assert lines[0]["Lý do trừ, điều chỉnh điểm"] is None
    total, klass = lines[9], lines[10]
    assert (total["Chỉ số đánh giá"], total["Điểm chuẩn"], total["Điểm tự chấm"],
            total["Điểm thẩm định"]) == ("Tổng điểm", 18, 15.5, 14.5)
    assert (klass["Điểm tự chấm"], klass["Điểm thẩm định"]) == ("Xuất sắc", "Tốt")
    assert "xếp hạng 2/2 trong sở, ban, ngành" in text


def test_official_xlsx_one_official_and_a_whole_unit(world: World) -> None:
    one = table(_xlsx("a", official="CB-STP-1"), "STT")
    assert [row["Mã cán bộ"] for row in one] == ["CB-STP-1"]
    row = one[0]
    assert row["Họ và tên"] == "Nguyễn Thị Hằng" and row["Đơn vị"] == "Sở Tư pháp"
    assert [row[f"CS{n}"] for n in (1, 2, 3, 4, 7)] == [1.2] * 5
    assert row["Tổng điểm (tối đa 10)"] == 6.0
    assert row["Mức độ hoàn thành"] == "Hoàn thành 100% nhiệm vụ"
    assert (row["Tỷ lệ hài lòng"], row["Khoảng tin cậy 95%"], row["Số lượt đánh giá"]) == \
        (1.000, "43,9% – 100,0%", 3)
    unit = table(_xlsx("a", unit="STP"), "STT")
    assert [row["Mã cán bộ"] for row in unit] == ["CB-STP-1", "CB-STP-2"]


def test_missing_subjects_are_not_found(world: World) -> None:
    with pytest.raises(selectors.ReportNotFound):
        report_file("b", "xlsx", Key(PUBLISHED), unit="NOPE")
    with pytest.raises(selectors.ReportNotFound):
        report_file("a", "xlsx", Key(PUBLISHED), official="NOPE")
    with pytest.raises(selectors.ReportNotFound):
        report_file("c", "xlsx", Key("2019-Q1"))


def test_summary_pdf_heading_diacritics_and_landscape(world: World, demo_flag: object) -> None:
    content = _pdf("c")
    text = pdf_text(content)
    for line in HEADING:
        assert line in text
    assert "Điện Biên, ngày 05 tháng 4 năm 2020" in text
    assert "BÁO CÁO TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text
    assert "UBND xã Ẳng Nưa" in text and "Sở Giao thông vận tải" in text
    assert "DỮ LIỆU MINH HỌA" in text
    assert "NGƯỜI LẬP BIỂU" in text and "CHÁNH VĂN PHÒNG" in text
    assert "14,5" in text and "46,8% – 91,1%" in text
    assert re.search(r"Page size: +841\.89 x 595\.27\d* pts \(A4\)", pdf_info(content))  # landscape


def test_agency_and_official_pdfs(world: World) -> None:
    content = _pdf("b", UNPUBLISHED, unit="STP")
    text = pdf_text(content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Sở Tư pháp (STP) — Quý II năm 2020" in text
    assert "TẠM TÍNH" in text and "Xếp loại (tạm tính)" in text
    flowing = " ".join(pdf_text(content, layout=False).split())
    assert DEDUCTION_REASON in flowing and EXPLANATION in flowing
    content = _pdf("a", official="CB-STP-1")
    assert "Độc lập - Tự do - Hạnh phúc" in pdf_text(content)
    flowing = " ".join(pdf_text(content, layout=False).split())
    assert "Nguyễn Thị Hằng" in flowing and "Hoàn thành 100% nhiệm vụ" in flowing


def test_issuer_place_and_signer_are_settings(world: World, settings: object) -> None:
    settings.TTHC_REPORT_ISSUER = "UBND TỈNH LAI CHÂU|VĂN PHÒNG"  # type: ignore[attr-defined]
    settings.TTHC_REPORT_PLACE = "Lai Châu"  # type: ignore[attr-defined]
    settings.TTHC_REPORT_SIGNER = "KT. CHÁNH VĂN PHÒNG"  # type: ignore[attr-defined]
    text = all_text(_xlsx("c"))
    assert "UBND TỈNH LAI CHÂU" in text and "Lai Châu, ngày 05 tháng 4 năm 2020" in text
    assert "KT. CHÁNH VĂN PHÒNG" in text


@pytest.mark.parametrize(("day", "written"), [
    (date(2020, 2, 5), "ngày 05 tháng 02 năm 2020"),
    (date(2020, 3, 15), "ngày 15 tháng 3 năm 2020"),
    (date(2020, 12, 1), "ngày 01 tháng 12 năm 2020"),
])
def test_dates_as_decree_30_writes_them(world: World, day: date, written: str) -> None:
    meta = selectors.summary_report(Key(PUBLISHED), issued_on=day).meta
    assert meta.dated == f"Điện Biên, {written}"


# --- The document's number, and codes that stay in their column ----------------------

def test_the_heading_leaves_the_number_for_the_pen_or_prints_the_one_given(world: World) -> None:
    blank = all_text(_xlsx("c"))
    assert "Số: …/BC-VP" in blank
    given = report_file("c", "xlsx", Key(PUBLISHED), issued_on=DAY, number="12")
    assert "Số: 12/BC-VP" in all_text(sheet_rows(given.content))
    pdf = report_file("b", "pdf", Key(PUBLISHED), issued_on=DAY, unit="STP", number="07/BC-VP").content
    assert "Số: 07/BC-VP" in pdf_text(pdf)
    assert "Số: …/BC-VP" in pdf_text(_pdf("c"))


LONG_CODE = "X-PHINHGIANG"  # a commune's code in the demo data, as long as they come


def _long_commune_code() -> None:
    from tthc.organisation.models import Unit

    Unit.objects.filter(code="X01").update(code=LONG_CODE)


def test_summary_xlsx_code_column_holds_the_longest_code(world: World) -> None:
    from io import BytesIO

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    _long_commune_code()
    content = report_file("c", "xlsx", Key(PUBLISHED), issued_on=DAY).content
    sheet = load_workbook(BytesIO(content)).active
    rows = sheet_rows(content)
    assert LONG_CODE in [row["Mã"] for row in table(rows, "Hạng")]
    header = next(row for row in rows if row[0] == "Hạng")
    column = get_column_letter(header.index("Mã") + 1)
    assert sheet.column_dimensions[column].width >= len(LONG_CODE)


def test_summary_pdf_codes_stay_inside_their_cells(world: World) -> None:
    """Laid out by WeasyPrint and measured: every line of a code cell ends inside it."""
    from weasyprint import HTML

    from tthc.reports.documents import report_data, report_html

    _long_commune_code()
    document = HTML(string=report_html(report_data("c", Key(PUBLISHED), issued_on=DAY))).render()
    cells = 0
    for page in document.pages:
        for box in page._page_box.descendants():
            if type(box).__name__ != "TableCellBox" or "code" not in (box.element.get("class") or ""):
                continue
            cells += 1
            right = box.content_box_x() + box.width
            for inner in box.descendants():
                if type(inner).__name__ == "TextBox":
                    assert inner.position_x + inner.width <= right + 0.01, inner.text
    assert cells >= 4
