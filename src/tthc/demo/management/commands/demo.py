"""`tthc demo [--data-set 2020|2026] [--dossiers N] [--seed S]`: load a Điện Biên
demonstration data set (tthc.demo.load.DATA_SETS)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.demo.load import DATA_SETS, load_data_set
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


def _data_set(text: str) -> str:
    if text not in DATA_SETS:
        raise argparse.ArgumentTypeError(
            f"không có bộ dữ liệu minh họa “{text}”; chọn một trong: {', '.join(DATA_SETS)} / "
            f"no such data set: {text}")
    return text


def _n(value: int) -> str:
    """Thousands grouped the Vietnamese way: 24.000."""
    return fmt_int(value)


class Command(BaseCommand):
    help = (
        "Nạp bộ dữ liệu minh họa tỉnh Điện Biên (tổng hợp, không phải số liệu thật): năm 2020, "
        "hoặc từ 01/7/2025 đến 11/2026 (--data-set 2026). "
        "/ Load a synthetic Điện Biên demonstration data set."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-set", type=_data_set, default="2020",
                            help="bộ dữ liệu / data set (mặc định 2020)")
        parser.add_argument("--dossiers", type=_positive,
                            help="số hồ sơ / number of dossiers (mặc định: "
                                 + ", ".join(f"{k}: {_n(d.default_dossiers)}"
                                             for k, d in DATA_SETS.items()) + ")")
        parser.add_argument("--seed", type=int,
                            help="hạt giống ngẫu nhiên / random seed (mặc định: "
                                 + ", ".join(f"{k}: {d.default_seed}"
                                             for k, d in DATA_SETS.items()) + ")")

    def handle(self, *args: Any, data_set: str, dossiers: int | None, seed: int | None,
               **options: Any) -> None:
        chosen = DATA_SETS[data_set]
        dossiers = chosen.default_dossiers if dossiers is None else dossiers
        seed = chosen.default_seed if seed is None else seed
        # `tthc demo` is the first command on a fresh database (interchange §4).
        call_command("migrate", interactive=False, verbosity=0)
        if data_set == "2020":
            parameters = {"seed": seed, "dossiers": dossiers, "year": 2020}
        else:
            parameters = {"seed": seed, "dossiers": dossiers}
        result = load_data_set(chosen, dossiers=dossiers, seed=seed,
                               progress=sys.stderr.isatty(), parameters=parameters)
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
            f"Dữ liệu minh họa {chosen.label_vi} (hạt giống {seed}): số liệu "
            "tổng hợp để trình diễn, không phải kết quả thật của cơ quan nào.\n"
            f"Đã tạo: {made}.\n"
            f"{report.summary_vi()}\n"
            f"Lịch làm việc {chosen.calendar_years[0]}–{chosen.calendar_years[-1]}: thêm "
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
            f"Tiếp theo: tthc score --period {chosen.first_period}\n"
            "Synthetic demonstration data, not real results."
        )
