"""`tthc demo [--dossiers N] [--seed S]`: load the Điện Biên demonstration data set."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.demo.generate import DEFAULT_DOSSIERS, DEFAULT_SEED, DEFAULT_YEAR
from tthc.demo.load import demo_load
from tthc.engine.dossier import fmt_int

FAILED = 1  # interchange §4: some rows rejected

_FILE_LABELS = {
    "units": "đơn vị",
    "officials": "cán bộ Bộ phận Một cửa",
    "procedures": "thủ tục hành chính",
    "unit_procedures": "thủ tục giao cho đơn vị",
    "dossiers": "hồ sơ",
    "steps": "bước xử lý",
    "supplements": "yêu cầu bổ sung",
    "ratings": "phiếu đánh giá",
    "petitions": "phản ánh, kiến nghị",
}


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"cần một số nguyên dương / a positive whole number is needed: {text}")
    return value


def _n(value: int) -> str:
    """Thousands grouped the Vietnamese way: 24.000."""
    return fmt_int(value)


class Command(BaseCommand):
    help = (
        "Nạp bộ dữ liệu minh họa tỉnh Điện Biên năm 2020 (tổng hợp, không phải số liệu thật). "
        "/ Load the synthetic Điện Biên 2020 demonstration data set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=_positive, default=DEFAULT_DOSSIERS,
                            help=f"số hồ sơ / number of dossiers (mặc định {DEFAULT_DOSSIERS})")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"hạt giống ngẫu nhiên / random seed (mặc định {DEFAULT_SEED})")

    def handle(self, *args: Any, dossiers: int, seed: int, **options: Any) -> None:
        # `tthc demo` is the first command on a fresh database (interchange §4).
        call_command("migrate", interactive=False, verbosity=0)
        result = demo_load(dossiers=dossiers, seed=seed, year=DEFAULT_YEAR,
                           progress=sys.stderr.isatty())
        report = result.report
        if report.errors:
            self.stdout.write(f"Dòng bị từ chối / rejected rows ({report.rejected}):")
            for issue in report.errors:
                self.stdout.write(f"  {issue.describe()}")
        if report.warning_issues:
            self.stderr.write(f"Cảnh báo chất lượng dữ liệu / data-quality warnings: "
                              f"{len(report.warning_issues)}", style_func=lambda text: text)

        made = ", ".join(f"{_n(result.rows[name])} {label}" for name, label in _FILE_LABELS.items())
        self.stdout.write(
            f"Dữ liệu minh họa tỉnh Điện Biên năm {DEFAULT_YEAR} (hạt giống {seed}): số liệu "
            "tổng hợp để trình diễn, không phải kết quả thật của cơ quan nào.\n"
            f"Đã tạo: {made}.\n"
            f"{report.summary_vi()}\n"
            f"Lịch làm việc {DEFAULT_YEAR - 1}–{DEFAULT_YEAR + 1}: thêm "
            f"{result.calendar_days_added} ngày nghỉ lễ, nghỉ bù, làm bù."
        )
        if not result.recorded:
            self.stdout.write("Bộ dữ liệu với cùng tham số đã được nạp trước đây.")
        if not report.ok:
            raise CommandError(
                f"Có {report.rejected} dòng bị từ chối. / {report.rejected} rows rejected.",
                returncode=FAILED,
            )
        self.stdout.write(
            f"Tiếp theo: tthc score --period {DEFAULT_YEAR}-Q1\n"
            "Synthetic demonstration data, not real results."
        )
