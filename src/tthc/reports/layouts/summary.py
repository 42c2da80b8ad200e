"""Form c in XLSX: every agency of the period, per level, with rank and satisfaction."""

from __future__ import annotations

from ..selectors import SummaryReport
from ._sheet import SATISFACTION_COLUMNS, WHOLE, Column, new_sheet, points_format, satisfaction_cells


def xlsx(report: SummaryReport) -> bytes:
    columns = [
        Column("Hạng", 6, WHOLE),
        Column("Mã", 10),
        Column("Cơ quan, đơn vị", 30),
        Column("Số hồ sơ", 8, WHOLE),
        *(Column(spec.short, 6, points_format(spec.decimals)) for spec in report.indicators),
        Column(f"Tổng điểm (tối đa {report.max_total_text})", 9,
               points_format(report.total_decimals)),
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
            sheet.table_row([row.rank, row.code, row.name, row.dossiers,
                             *(point.value for point in row.points), row.total,
                             row.class_label, *satisfaction_cells(row.satisfaction),
                             row.deductions or None])
    sheet.row += 1
    for spec in report.indicators:
        sheet.note(f"{spec.short}: {spec.name_vi}.")
    sheet.note("Điểm sau thẩm định. Hạng xếp riêng trong từng cấp; đơn vị không đủ dữ liệu "
               "không xếp hạng.")
    sheet.signatures(report.meta)
    return sheet.bytes()
