"""`tthc score --period 2020-Q1 [--method …] [--profile …] [--json]`."""

from __future__ import annotations

import json
import sys
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_datetime

from tthc.engine.aggregate import PeriodResult, SubjectScore
from tthc.engine.contract import group_points, score_json
from tthc.engine.numbers import fmt_decimal
from tthc.engine.periods import PeriodError
from tthc.engine.rules import RuleError
from tthc.scoring import services
from tthc.scoring.quality import period_warnings
from tthc.scoring.selectors import level_label

WARNINGS_SHOWN = 20


def _cell(value) -> str:
    return "—" if value is None else fmt_decimal(value)


class Command(BaseCommand):
    help = "Tính và lưu điểm tự chấm của một kỳ / Compute and store a period's self-scores."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2026-09 (tháng), 2020-Q1…Q4, 2020-H1, 2020-H2, 2020")
        parser.add_argument("--method", help="mặc định: phương pháp có hiệu lực vào ngày cuối kỳ "
                                              "(xem `tthc methods`)")
        parser.add_argument("--profile", help="mặc định: bộ quy tắc mặc định của phương pháp")
        parser.add_argument("--json", action="store_true", help="JSON (interchange.md §5) on stdout")
        parser.add_argument("--path", choices=services.PATHS, default="bulk",
                            help="bulk (columns, default) or per_dossier (same results, slower)")
        parser.add_argument("--as-of", help="reference time for running clocks (ISO 8601); default now")

    def handle(self, *args, **options) -> None:
        as_of: datetime | None = None
        if options["as_of"]:
            as_of = parse_datetime(options["as_of"])
            if as_of is None:
                raise CommandError(f"--as-of '{options['as_of']}' không phải ngày giờ ISO 8601", returncode=2)
        try:
            outcome = services.period_score(period_code=options["period"], method=options["method"],
                                            profile=options["profile"], actor="cli:score", as_of=as_of,
                                            path=options["path"])
        except PeriodError as error:
            raise CommandError(str(error), returncode=2) from error
        except (RuleError, services.PeriodLocked) as error:
            raise CommandError(str(error)) from error
        result = outcome.result
        self._warn(result)
        if options["json"]:
            self.stdout.write(json.dumps(score_json(result), ensure_ascii=False, indent=2))
        else:
            self._table(result)

    def _warn(self, result: PeriodResult) -> None:
        lines = period_warnings(result)
        if not lines:
            return
        sys.stderr.write(f"Cảnh báo chất lượng dữ liệu / data-quality warnings: {len(lines)}\n")
        for line in lines[:WARNINGS_SHOWN]:
            sys.stderr.write(f"  {line}\n")
        if len(lines) > WARNINGS_SHOWN:
            sys.stderr.write(f"  … và {len(lines) - WARNINGS_SHOWN} cảnh báo khác "
                             "(xem trang quản trị: Nhập dữ liệu → lỗi / cảnh báo).\n")

    def _table(self, result: PeriodResult) -> None:
        out = self.stdout
        methodology = result.rules.methodology
        out.write(f"Kết quả tự chấm {result.period.label_vi} — {result.rules.version} "
                  f"— {len(result.scored)} hồ sơ được chấm")
        agency = methodology.subjects["agency"]
        if methodology.groups:
            # An index in groups (qd766): one column per group, then the points unknown.
            shorts = list(methodology.groups)
            header = (f"{'Hạng':>4}  {'Mã':<14}{'HS':>6}  " + "".join(f"{code:>7}" for code in shorts)
                      + f"{'Tổng':>8}{'Chưa biết':>10}  Xếp loại")
        else:
            shorts = [methodology.indicators[code].short for code in agency.indicators]
            header = (f"{'Hạng':>4}  {'Mã':<14}{'HS':>6}  "
                      + "".join(f"{short:>7}" for short in shorts) + f"{'Tổng':>8}  Xếp loại")
        for kind in agency.levels:
            rows = [a for a in result.agencies if a.kind.value == kind]
            if not rows:
                continue
            out.write(f"\n{level_label(kind).upper()}\n{header}")
            for a in rows:
                out.write(self._group_row(a, result) if methodology.groups
                          else self._row(a, a.rank, agency.indicators))
        official = methodology.subjects.get("official")
        if official is not None:
            out.write(f"\n{official.label_vi.upper()} ({len(result.officials)})")
            for o in result.officials:
                values = "".join(f"{_cell(o.indicators.get(n)):>7}" for n in official.indicators)
                out.write(f"  {o.code:<10}{o.unit_code:<14}{o.dossiers:>5}  {values}"
                          f"{_cell(o.total):>8}  {o.class_label_vi}")
        if result.overdue_unfinished:
            overdue = ", ".join(f"{u}: {n}" for u, n in result.overdue_unfinished.items())
            out.write(f"\nHồ sơ quá hạn chưa giải quyết đến cuối kỳ: {overdue}")

    @staticmethod
    def _group_row(score: SubjectScore, result: PeriodResult) -> str:
        groups = group_points(score, result)
        values = "".join(f"{_cell(groups[code]['points']):>7}" for code in result.rules.methodology.groups)
        return (f"{_cell(score.rank):>4}  {score.code:<14}{score.dossiers:>6}  {values}"
                f"{_cell(score.total):>8}{_cell(score.unknown_points):>10}  {score.class_label_vi}")

    @staticmethod
    def _row(score: SubjectScore, rank: int | None, codes: tuple[str, ...]) -> str:
        values = "".join(f"{_cell(score.indicators.get(n)):>7}" for n in codes)
        return (f"{_cell(rank):>4}  {score.code:<14}{score.dossiers:>6}  {values}"
                f"{_cell(score.total):>8}  {score.class_label_vi}")
