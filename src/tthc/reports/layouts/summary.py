"""Form c in XLSX: every agency of the period, per level, with rank and satisfaction."""

from __future__ import annotations

from ..selectors import SummaryReport
from ._sheet import POINTS, SATISFACTION_COLUMNS, WHOLE, Column, new_sheet, satisfaction_cells


def xlsx(report: SummaryReport) -> bytes:
    columns = [
        Column("Hạng", 6, WHOLE),
        Column("Mã", 10),
        Column("Cơ quan, đơn vị", 30),
        Column("Số hồ sơ", 8, WHOLE),
        *(Column(f"CS{number}", 6, POINTS) for number, _ in report.indicators),
        Column("Tổng điểm (tối đa 18)", 9, POINTS),
        Column("Xếp loại (tạm tính)" if report.meta.provisional else "Xếp loại", 13),
        *SATISFACTION_COLUMNS,
        Column("Số chỉ số bị trừ điểm khi thẩm định", 10, WHOLE),
    ]
    sheet = new_sheet("Tổng hợp", columns, landscape=True)
    sheet.heading(report.meta)
    sheet.table_header()
    for level in report.levels:
        sheet.section(f"{level.label} ({len(level.rows)} đơn vị)")
        for row in level.rows:
            sheet.table_row([row.rank, row.code, row.name, row.dossiers, *row.points, row.total,
                             row.class_label, *satisfaction_cells(row.satisfaction),
                             row.deductions or None])
    sheet.row += 1
    for number, name in report.indicators:
        sheet.note(f"CS{number}: {name}.")
    sheet.note("Điểm sau thẩm định. Hạng xếp riêng trong từng cấp; đơn vị không đủ dữ liệu "
               "không xếp hạng.")
    sheet.signatures(report.meta)
    return sheet.bytes()
