"""`tthc reconcile --period 2026-10 [--json]` (interchange §6): the portal's published
figures beside those our records give, metric by metric, the most points at stake first."""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.engine.dossier import fmt_int
from tthc.engine.periods import PeriodError
from tthc.importers.reconcile import Line, Reconciliation, reconciliation, reconciliation_json

NOTHING = "—"


def _points(value: Decimal | None, signed: bool = False) -> str:
    if value is None:
        return NOTHING
    return f"{value:+.2f}".replace(".", ",") if signed else f"{value:.2f}".replace(".", ",")


def _count(value: int | None, signed: bool = False) -> str:
    if value is None:
        return NOTHING
    return f"+{fmt_int(value)}" if signed and value > 0 else fmt_int(value)


def _pair(numerator: int | None, denominator: int | None) -> str:
    return NOTHING if numerator is None and denominator is None else f"{_count(numerator)}/{_count(denominator)}"


def _notes(line: Line) -> str:
    notes = []
    if line.formula_mismatch:
        notes.append(f"điểm Cổng không khớp công thức ({_points(line.formula_points)})")
    if line.quality_status or line.quality_message:
        notes.append("Cổng ghi chú: " + " — ".join(p for p in (line.quality_status, line.quality_message) if p))
    if line.computed is None:
        notes.append("chỉ có số liệu Cổng")
    return "; ".join(notes)


class Command(BaseCommand):
    help = ("Đối chiếu số liệu chỉ số Cổng DVC quốc gia công bố với số liệu tính từ hồ sơ / "
            "Reconcile the portal's published index with our own")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2026-10 (tháng), 2026-Q3, 2026-H2, 2026")
        parser.add_argument("--json", action="store_true", help="JSON (interchange.md §6) on stdout")

    def handle(self, *args, **options) -> None:
        try:
            found = reconciliation(period=options["period"])
        except PeriodError as error:
            raise CommandError(str(error), returncode=2) from error
        if options["json"]:
            self.stdout.write(json.dumps(reconciliation_json(found), ensure_ascii=False, indent=2))
        else:
            self._table(found)

    def _table(self, found: Reconciliation) -> None:
        out = self.stdout
        run = "chưa tính điểm kỳ này" if found.run is None else f"lần tính #{found.run.pk}"
        out.write(f"Đối chiếu với số liệu Cổng công bố — kỳ {found.period} — {found.rule_version} ({run})")
        if not found.units and not found.unmatched:
            out.write(f"Chưa nhập số liệu Cổng công bố nào cho kỳ {found.period}"
                      " (tthc import portal-index TỆP.json… --period KỲ).")
            return
        header = (f"  {'Nhóm':<5} {'Chỉ số':<34} {'Cổng: tử/mẫu':>17} {'tỷ lệ':>7} {'điểm':>6} {'công thức':>9}"
                  f" {'Tính: tử/mẫu':>17} {'tỷ lệ':>7} {'điểm':>6} {'lệch tử':>8} {'lệch điểm':>9}  Ghi chú")
        for unit in found.units:
            out.write(f"\n{unit.code} — {unit.name} (trên Cổng: {unit.published_code or NOTHING}"
                      f" «{unit.published_name}»): Cổng {_points(unit.published_total)}, tính"
                      f" {_points(unit.computed_total)}, điểm cần giải thích {_points(unit.at_stake)}")
            out.write(header)
            for line in unit.lines:
                p, c = line.published, line.computed
                out.write(
                    f"  {line.group:<5} {line.metric[:34]:<34} {_pair(p.numerator, p.denominator):>17}"
                    f" {_points(p.ratio):>7} {_points(p.points):>6} {_points(line.formula_points):>9}"
                    f" {_pair(c.numerator, c.denominator) if c else NOTHING:>17}"
                    f" {_points(c.ratio) if c else NOTHING:>7} {_points(c.points) if c else NOTHING:>6}"
                    f" {_count(line.numerator_difference, True):>8} {_points(line.points_difference, True):>9}"
                    f"  {_notes(line)}")
        if found.unmatched:
            out.write(f"\nĐơn vị trên Cổng chưa khớp ({len(found.unmatched)}): đặt portal_code cho đơn vị rồi nhập lại")
            for unit in found.unmatched:
                out.write(f"  {unit['published_code'] or NOTHING}  {unit['published_name']}")
