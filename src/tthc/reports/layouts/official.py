"""Form a in XLSX: officials' indicator points, total, completion class, satisfaction."""

from __future__ import annotations

from ..selectors import OfficialReport
from ._sheet import SATISFACTION_COLUMNS, WHOLE, Column, new_sheet, points_format, satisfaction_cells

CLASS_WIDTH = 18  # a column width in characters (not a score): the class on two lines


def xlsx(report: OfficialReport) -> bytes:
    columns = [
        Column("STT", 5, WHOLE),
        Column("Mã cán bộ", 10),
        Column("Họ và tên", 22),
        Column("Đơn vị", 22),
        Column("Số hồ sơ", 8, WHOLE),
        *(Column(spec.short, 6, points_format(spec.decimals)) for spec in report.indicators),
        Column(f"Tổng điểm (tối đa {report.max_total_text})", 9,
               points_format(report.total_decimals)),
        Column("Mức độ hoàn thành", CLASS_WIDTH),
        *SATISFACTION_COLUMNS,
    ]
    sheet = new_sheet("Cán bộ", columns, landscape=True)
    sheet.heading(report.meta)
    sheet.table_header()
    for index, row in enumerate(report.rows, start=1):
        sheet.table_row([index, row.code, row.name, row.unit_name, row.dossiers,
                         *(point.value for point in row.points), row.total, row.class_label,
                         *satisfaction_cells(row.satisfaction)])
    sheet.row += 1
    for short, name, maximum in report.legend:
        sheet.note(f"{short}: {name} (tối đa {maximum} điểm).")
    sheet.note("Điểm của cán bộ là điểm tính từ hồ sơ; thẩm định chỉ điều chỉnh điểm của cơ quan.")
    sheet.signatures(report.meta)
    return sheet.bytes()
