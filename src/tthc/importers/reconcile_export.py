"""The reconciliation as a workbook (/so-lieu-cong/<kỳ>/doi-chieu.xlsx): a pure function,
plain data in, bytes out. Numbers are numbers; every text — names and flags the portal
or the province typed — is a text cell (`tthc.cells`), never a formula."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from tthc.cells import write_only_row

from .reconcile import Line, Reconciliation, UnitLines

HEADERS = (
    "Mã đơn vị", "Tên đơn vị", "Mã trên Cổng", "Tên trên Cổng", "Nhóm", "Chỉ số", "Tên chỉ số",
    "Cổng: tử số", "Cổng: mẫu số", "Cổng: tỷ lệ (%)", "Cổng: điểm", "Điểm tối đa",
    "Điểm theo công thức (từ tỷ lệ Cổng)", "Điểm Cổng khớp công thức",
    "Tính từ hồ sơ: tử số", "Tính từ hồ sơ: mẫu số", "Tính từ hồ sơ: tỷ lệ (%)", "Tính từ hồ sơ: điểm",
    "Lệch tử số (hồ sơ)", "Lệch mẫu số (hồ sơ)", "Lệch điểm", "Điểm cần giải thích",
    "Ghi chú chất lượng dữ liệu của Cổng",
)
WIDTHS = (14, 32, 14, 32, 7, 9, 40, 10, 10, 10, 9, 9, 14, 12, 10, 10, 10, 9, 10, 10, 9, 11,
          36)
_COLUMNS = "ABCDEFGHIJKLMNOPQRSTUVW"


def _follows(line: Line) -> str:
    if line.formula is None:
        return "không có công thức"
    return "không khớp" if line.formula_mismatch else "khớp"


def _values(unit: UnitLines, line: Line) -> list[Any]:
    p, c = line.published, line.computed
    quality = " — ".join(part for part in (line.quality_status, line.quality_message) if part)
    computed = [c.numerator, c.denominator, c.ratio, c.points] if c else [None] * 4
    return [unit.code, unit.name, unit.published_code, unit.published_name, line.group, line.short or line.metric,
            line.name, p.numerator, p.denominator, p.ratio, p.points, p.maximum, line.formula_points,
            _follows(line), *computed, line.numerator_difference, line.denominator_difference,
            line.points_difference, line.at_stake, quality]


def reconciliation_xlsx(found: Reconciliation) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Đối chiếu {found.period}")
    for column, width in zip(_COLUMNS, WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append(write_only_row(sheet, HEADERS))
    for unit, line in found.lines:
        sheet.append(write_only_row(sheet, _values(unit, line)))
    if found.unmatched:
        other = book.create_sheet("Đơn vị chưa khớp")
        other.append(write_only_row(other, ("Mã trên Cổng", "Tên trên Cổng")))
        for row in found.unmatched:
            other.append(write_only_row(other, (row["published_code"], row["published_name"])))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
