"""Form a in XLSX: officials' indicator points, total, completion class, satisfaction."""

from __future__ import annotations

from ..selectors import OfficialReport
from ._sheet import POINTS, SATISFACTION_COLUMNS, WHOLE, Column, new_sheet, satisfaction_cells


def xlsx(report: OfficialReport) -> bytes:
    columns = [
        Column("STT", 5, WHOLE),
        Column("Mã cán bộ", 10),
        Column("Họ và tên", 22),
        Column("Đơn vị", 22),
        Column("Số hồ sơ", 8, WHOLE),
        *(Column(f"CS{number}", 6, POINTS) for number, _ in report.indicators),
        Column(f"Tổng điểm (tối đa {report.max_total:.0f})", 9, POINTS),
        Column("Mức độ hoàn thành", 18),
        *SATISFACTION_COLUMNS,
    ]
    sheet = new_sheet("Cán bộ", columns, landscape=True)
    sheet.heading(report.meta)
    sheet.table_header()
    for index, row in enumerate(report.rows, start=1):
        sheet.table_row([index, row.code, row.name, row.unit_name, row.dossiers, *row.points,
                         row.total, row.class_label, *satisfaction_cells(row.satisfaction)])
    sheet.row += 1
    for number, name in report.indicators:
        sheet.note(f"CS{number}: {name} (tối đa 2 điểm).")
    sheet.note("Điểm của cán bộ là điểm tính từ hồ sơ; thẩm định chỉ điều chỉnh điểm của cơ quan.")
    sheet.signatures(report.meta)
    return sheet.bytes()
