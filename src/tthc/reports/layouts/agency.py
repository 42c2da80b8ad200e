"""Form b in XLSX: one agency, each indicator's standard, self and appraised points; for
an index in groups (the run's layout), each metric's figures and source under its group,
unknown points in words."""

from __future__ import annotations

from decimal import Decimal

from ..selectors import AgencyGroup, AgencyReport, IndicatorLine, plain_number
from ._sheet import WHOLE, Column, new_sheet, points_format, satisfaction_cells
from .summary import UNKNOWN, UNRANKED


def xlsx(report: AgencyReport) -> bytes:
    if report.groups:
        return _index_xlsx(report)
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


def _known(value: Decimal | None) -> object:
    """Points, or the words for points not known (never 0, never blank)."""
    return UNKNOWN if value is None else value


def _metric_cells(line: IndicatorLine, started: bool) -> list[object]:
    figures = line.figures
    assert figures is not None
    if not figures.known:
        return [UNKNOWN, UNKNOWN, UNKNOWN, line.standard, UNKNOWN, UNKNOWN if started else None,
                figures.source]
    ratio = None if figures.ratio is None else figures.ratio / 100
    return [figures.numerator, figures.denominator, "—" if ratio is None else ratio, line.standard,
            "—" if line.self_points is None else line.self_points,
            ("—" if line.appraised is None else line.appraised) if started else None, figures.source]


def _group_title(group: AgencyGroup) -> str:
    unknown = f"; {plain_number(group.unknown)} điểm chưa có số liệu" if group.unknown else ""
    return f"{group.code}. {group.name} (tối đa {plain_number(group.max_points)}{unknown})"


def _index_xlsx(report: AgencyReport) -> bytes:
    points = points_format(report.total_decimals)
    columns = [
        Column("STT", 5, WHOLE),
        Column("Nhóm, chỉ số", 36),
        Column("Tử số", 8, WHOLE),
        Column("Mẫu số", 8, WHOLE),
        Column("Tỷ lệ", 8, "0.00%"),
        Column("Điểm tối đa", 8, points),
        Column("Điểm tự chấm", 9, points),
        Column("Điểm thẩm định", 9, points),
        Column("Nguồn số liệu", 17),
        Column("Lý do trừ, điều chỉnh điểm", 26),
        Column("Giải trình của cơ quan", 26),
    ]
    started = report.appraisal_started
    sheet = new_sheet("Cơ quan", columns, landscape=True)
    sheet.heading(report.meta)
    sheet.table_header()
    number = 0
    for group in report.groups:
        sheet.table_row([None, _group_title(group), None, None, None, group.max_points,
                         _known(group.self_points), _known(group.appraised) if started else None,
                         None, None, None], bold=True)
        for line in group.lines:
            number += 1
            sheet.table_row([number, f"{line.short}. {line.name}", *_metric_cells(line, started),
                             line.reason, line.explanation])
    sheet.table_row([None, "Tổng điểm đã có số liệu", None, None, None, report.standard_total,
                     report.self_total, report.total, None, None, None], bold=True)
    class_title = "Xếp loại (tạm tính)" if report.meta.provisional else "Xếp loại"
    sheet.row += 1
    sheet.note(f"{report.methodology_title}.")
    if report.unknown_points:
        sheet.note(f"Còn {plain_number(report.unknown_points)} điểm chưa có số liệu (không phải 0 điểm): "
                   "tổng điểm là tổng các điểm đã có số liệu; đơn vị chưa được xếp loại, xếp hạng.")
    rank = UNRANKED if report.rank is None else f"{report.rank}/{report.level_size}"
    sheet.note(f"{class_title}: {report.class_label}; xếp hạng trong {report.level_label.lower()}: {rank}.")
    if not started:
        sheet.note("Kỳ đánh giá chưa đến bước thẩm định: xếp loại theo điểm tự chấm.")
    sheet.note(f"Số hồ sơ được chấm: {report.dossiers}. Tỷ lệ = tử số / mẫu số; “—” là mẫu số bằng 0 "
               "(không áp dụng); “chưa có số liệu” là chưa tính được từ dữ liệu hiện có.")
    sheet.signatures(report.meta)
    return sheet.bytes()
