"""`tthc compare --period P RUN_A RUN_B [--json]`: two runs of a period side by side."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.scoring import comparison


def _cell(value: object) -> str:
    return "—" if value is None else str(value).replace(".", ",")


class Command(BaseCommand):
    help = ("So sánh hai lần tính điểm của một kỳ: đơn vị đổi xếp loại, đổi hạng và vì sao "
            "(xem số lần tính bằng `tthc compare --period P` không kèm số).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("runs", nargs="*", type=int, metavar="RUN",
                            help="hai số lần tính điểm (RUN_A RUN_B)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        period, runs = options["period"], options["runs"]
        if len(runs) != 2:
            listed = comparison.period_runs(period)
            if not listed:
                raise CommandError(f"Kỳ {period} chưa có lần tính điểm nào.", returncode=2)
            lines = [f"  {r.pk}: {r.method} / {r.profile} ({r.rule_version}), tính lúc "
                     f"{r.computed_at:%d/%m/%Y %H:%M}{' — hiện hành' if r.is_current else ''}"
                     for r in listed]
            raise CommandError("Cần hai số lần tính điểm. Các lần tính của kỳ "
                               f"{period}:\n" + "\n".join(lines), returncode=2)
        try:
            first, second = comparison.runs_of(period, runs[0], runs[1])
        except comparison.ComparisonError as error:
            raise CommandError(str(error), returncode=2) from error
        result = comparison.compare(first, second)
        if options["json"]:
            self.stdout.write(json.dumps(comparison.as_json(result), ensure_ascii=False, indent=2))
            return
        self._text(result)

    def _text(self, c: dict) -> None:
        out = self.stdout
        a, b = c["a"], c["b"]
        out.write(f"So sánh kỳ {c['period']}: A = lần {a['run']} ({a['method']} / {a['profile']}, "
                  f"{a['rule_version']}), B = lần {b['run']} ({b['method']} / {b['profile']}, "
                  f"{b['rule_version']})")
        out.write(f"{c['class_changes']} đơn vị đổi xếp loại, {c['rank_changes']} đơn vị đổi hạng.")
        if c["indicators"]["only_a"] or c["indicators"]["only_b"]:
            out.write(f"Chỉ số chỉ có ở A: {', '.join(c['indicators']['only_a']) or '—'}; "
                      f"chỉ có ở B: {', '.join(c['indicators']['only_b']) or '—'}.")
        for p in c["parameters_changed"]:
            out.write(f"Tham số {p['name']}: A {json.dumps(p['a'], ensure_ascii=False)} → "
                      f"B {json.dumps(p['b'], ensure_ascii=False)}")
        for u in c["units"]:
            if not (u["class_changed"] or u["rank_change"] or u["indicators_changed"]):
                continue
            ua, ub = u["a"] or {}, u["b"] or {}
            why = "; ".join(f"{i['short']} {_cell(i['a'])} → {_cell(i['b'])}"
                            for i in u["indicators_changed"]) or "điểm các chỉ số chung không đổi"
            out.write(f"  {u['unit']} {u['name']}: {_cell(ua.get('total'))} {ua.get('class_label', '—')} "
                      f"hạng {_cell(ua.get('rank'))} → {_cell(ub.get('total'))} "
                      f"{ub.get('class_label', '—')} hạng {_cell(ub.get('rank'))} ({why})")
