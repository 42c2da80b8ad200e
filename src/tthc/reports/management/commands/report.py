"""`tthc report --period 2020-Q1 --form c --format pdf [--unit U | --official O] [--output F]`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.evaluation.services import Key
from tthc.reports.documents import FORMATS, report_file
from tthc.reports.selectors import FORMS, ReportNotFound


class Command(BaseCommand):
    help = ("Xuất báo cáo kết quả đánh giá (mẫu a, b, c) ra XLSX hoặc PDF / "
            "Write an evaluation report (form a, b or c) as XLSX or PDF.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2026-09 (tháng), 2020-Q1…Q4, 2020-H1, 2020-H2, 2020")
        parser.add_argument("--form", required=True, choices=FORMS,
                            help="a: cán bộ (--official hoặc --unit); b: một cơ quan (--unit); "
                                 "c: tất cả cơ quan")
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--unit", help="mã cơ quan, đơn vị (mẫu a, b)")
        parser.add_argument("--official", help="mã cán bộ (mẫu a)")
        parser.add_argument("--output", help="tệp ghi ra; mặc định bao-cao-<mẫu>-<kỳ>….<định dạng>")
        parser.add_argument("--date", help="ngày ký báo cáo (YYYY-MM-DD); mặc định hôm nay")
        parser.add_argument("--so", dest="number",
                            help="số văn bản in dưới tên cơ quan: 12 (thành 12/BC-VP) hoặc "
                                 "12/BC-VP; mặc định để trống “…/BC-VP” để viết tay")
        parser.add_argument("--method", default="", help="mặc định: bộ quy tắc của kỳ")
        parser.add_argument("--profile", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        form, unit, official = options["form"], options["unit"], options["official"]
        if form == "a" and (unit is None) == (official is None):
            raise CommandError("Mẫu a cần đúng một trong --unit, --official.", returncode=2)
        if form == "b" and (unit is None or official is not None):
            raise CommandError("Mẫu b cần --unit (và không có --official).", returncode=2)
        if form == "c" and (unit or official):
            raise CommandError("Mẫu c gồm tất cả cơ quan: bỏ --unit, --official.", returncode=2)
        try:
            issued_on = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError(f"--date '{options['date']}' không phải ngày YYYY-MM-DD",
                               returncode=2) from error
        key = Key(options["period"], options["method"], options["profile"])
        try:
            found = report_file(form, options["fmt"], key, unit=unit, official=official,
                                issued_on=issued_on, number=options["number"])
        except ReportNotFound as error:
            raise CommandError(str(error)) from error
        output = Path(options["output"] or found.filename)
        try:
            output.write_bytes(found.content)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {output}: {error.strerror} / cannot write "
                               f"{output}") from error
        self.stdout.write(f"Đã ghi {output} ({len(found.content):,} byte).")
