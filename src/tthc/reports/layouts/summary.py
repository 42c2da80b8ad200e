"""Form c in XLSX: every agency of the period, per level, with rank and satisfaction; for
an index in groups (the run's layout), the groups as columns with the points unknown."""

from __future__ import annotations

from ..selectors import GroupPoint, SummaryReport, plain_number
from ._sheet import SATISFACTION_COLUMNS, WHOLE, Column, new_sheet, points_format, satisfaction_cells

UNKNOWN = "chưa có số liệu"
UNRANKED = "chưa xếp hạng"


def code_width(report: SummaryReport) -> float:
    """Wide enough for the longest code in capitals (a character and a fifth each)."""
    return max(10, round(report.code_length * 1.2 + 2, 1))


def xlsx(report: SummaryReport) -> bytes:
    if report.groups:
        return _index_xlsx(report)
    columns = [
        Column("Hạng", 6, WHOLE),
        Column("Mã", code_width(report)),
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


def _group_cell(group: GroupPoint) -> object:
    """A group's known points; text when none is known (unknown is never 0)."""
    return UNKNOWN if group.points is None else group.points


def _index_xlsx(report: SummaryReport) -> bytes:
    points = points_format(report.total_decimals)
    columns = [
        Column("Thứ tự", 6, WHOLE),
        Column("Xếp hạng", 9, WHOLE),
        Column("Mã", code_width(report)),
        Column("Cơ quan, đơn vị", 30),
        Column("Số hồ sơ", 8, WHOLE),
        *(Column(f"{group.code} (tối đa {plain_number(group.max_points)})", 10, points)
          for group in report.groups),
        Column(f"Tổng điểm đã có số liệu (tối đa {report.max_total_text})", 11, points),
        Column("Điểm chưa có số liệu", 10, points),
        Column("Xếp loại (tạm tính)" if report.meta.provisional else "Xếp loại", 16),
    ]
    sheet = new_sheet("Tổng hợp", columns, landscape=True)
    sheet.heading(report.meta)
    sheet.table_header()
    for level in report.levels:
        sheet.section(f"{level.label} ({len(level.rows)} đơn vị)")
        for place, row in enumerate(level.rows, start=1):
            sheet.table_row([place, UNRANKED if row.rank is None else row.rank, row.code, row.name,
                             row.dossiers, *(_group_cell(group) for group in row.groups),
                             row.total, row.unknown_points, row.class_label])
    sheet.row += 1
    sheet.note(f"{report.methodology_title}.")
    for group in report.groups:
        sheet.note(f"{group.code}: {group.name_vi} (tối đa {plain_number(group.max_points)} điểm).")
    sheet.note("Điểm của nhóm là tổng điểm các chỉ số đã có số liệu; “chưa có số liệu” là điểm "
               "chưa tính được từ dữ liệu hiện có, không phải 0 điểm. Đơn vị còn điểm chưa có số "
               "liệu chưa được xếp loại, xếp hạng; thứ tự theo điểm đã có số liệu, riêng từng cấp.")
    sheet.signatures(report.meta)
    return sheet.bytes()
