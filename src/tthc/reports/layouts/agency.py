"""Form b in XLSX: one agency, each indicator's standard, self and appraised points."""

from __future__ import annotations

from ..selectors import AgencyReport
from ._sheet import WHOLE, Column, new_sheet, points_format, satisfaction_cells


def xlsx(report: AgencyReport) -> bytes:
    columns = [
        Column("STT", 5, WHOLE),
        Column("Chỉ số đánh giá", 40),
        Column("Điểm chuẩn", 9, points_format(report.total_decimals)),
        Column("Điểm tự chấm", 9, points_format(report.total_decimals)),
        Column("Điểm thẩm định", 10, points_format(report.total_decimals)),
        Column("Lý do trừ, điều chỉnh điểm", 36),
        Column("Giải trình của cơ quan", 36),
    ]
    sheet = new_sheet("Cơ quan", columns, landscape=False)
    sheet.heading(report.meta)
    sheet.table_header()
    for index, line in enumerate(report.lines, start=1):
        # Each indicator's points at its own decimals (the columns' are the total's).
        points = points_format(line.decimals)
        sheet.table_row([index, line.name, line.standard, line.self_points, line.appraised,
                         line.reason, line.explanation],
                        formats=[WHOLE, None, points, points, points, None, None])
    sheet.table_row([None, "Tổng điểm", report.standard_total, report.self_total, report.total,
                     "", ""], bold=True)
    class_title = "Xếp loại (tạm tính)" if report.meta.provisional else "Xếp loại"
    sheet.table_row([None, class_title, None, report.self_class_label,
                     report.class_label if report.appraisal_started else "", "", ""], bold=True)
    sheet.row += 1
    provisional = " (tạm tính)" if report.meta.provisional else ""
    sheet.note(f"Xếp loại{provisional}: {report.class_label}"
               + (f"; xếp hạng {report.rank}/{report.level_size} trong {report.level_label.lower()}."
                  if report.rank else "."))
    if not report.appraisal_started:
        sheet.note("Kỳ đánh giá chưa đến bước thẩm định: xếp loại theo điểm tự chấm.")
    rate, interval, responses = satisfaction_cells(report.satisfaction)
    rate_text = "—" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")
    sheet.note(f"Số hồ sơ được chấm: {report.dossiers}. Tỷ lệ hài lòng: {rate_text} "
               f"(khoảng tin cậy 95%: {interval}; {responses} lượt đánh giá).")
    sheet.signatures(report.meta)
    return sheet.bytes()
