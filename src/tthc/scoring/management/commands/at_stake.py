"""`tthc at_stake --period 2026-09 --unit SXD [--method …] [--profile …] [--as-of …] [--json]`:
the points one unit may still save in an open period (the page "điểm còn giữ được")."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tthc.engine.dossier import fmt_date
from tthc.engine.numbers import fmt_decimal
from tthc.engine.periods import Period, PeriodError
from tthc.engine.rules import RuleError
from tthc.engine.stake import Item
from tthc.organisation.models import Unit
from tthc.scoring import loaders, rule_sets
from tthc.scoring.stake import at_stake_json, closed_because, period_rules, unit_at_stake


def _points(value: object) -> str:
    return fmt_decimal(str(value))


def _line(item: Item) -> str:
    left = "hạn hôm nay" if item.working_days_left == 0 else f"còn {item.working_days_left} ngày làm việc"
    groups = "; ".join(f"{code} {_points(v)}" for code, v in item.loss.groups.items()) or "không mất điểm"
    return (f"  {item.code}  hạn {fmt_date(item.due)}  {left}  mất {groups} = {_points(item.loss.total)}"
            f" (cộng dồn {_points(item.cumulative.total)})")


class Command(BaseCommand):
    help = "Điểm còn giữ được của một đơn vị trong kỳ đang mở / Points a unit may still save in an open period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2026-09 (tháng), 2026-Q3, 2026-H2, 2026")
        parser.add_argument("--unit", required=True, help="mã cơ quan, đơn vị")
        parser.add_argument("--method", help="mặc định: phương pháp có hiệu lực vào ngày cuối kỳ")
        parser.add_argument("--profile", help="mặc định: bộ quy tắc mặc định của phương pháp")
        parser.add_argument("--as-of", help="tính đến thời điểm (ISO 8601); mặc định: bây giờ")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        moment = parse_datetime(options["as_of"]) if options["as_of"] else timezone.now()
        if moment is None:
            raise CommandError(f"--as-of '{options['as_of']}' không phải ngày giờ ISO 8601", returncode=2)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        try:
            period = Period.parse(options["period"]).code
            method, profile = rule_sets.asked(period, options["method"], options["profile"])
            rules = period_rules(period, method, profile)
        except PeriodError as error:
            raise CommandError(str(error), returncode=2) from error
        except RuleError as error:
            raise CommandError(str(error)) from error
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có cơ quan, đơn vị '{options['unit']}'.")
        local = loaders.local(moment)
        assert local is not None
        closed = closed_because(period, local.date())
        if closed is not None:
            raise CommandError(closed)
        found = unit_at_stake(rules=rules, period=period, unit=unit, moment=moment)
        if found is None:
            raise CommandError(f"Phương pháp {method} không tính điểm còn giữ được.")
        if options["json"]:
            self.stdout.write(json.dumps(at_stake_json(rules, unit, found), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Điểm còn giữ được — {unit.name} ({unit.code}) — {Period.parse(period).label_vi} — "
                          f"{method}/{profile}, tính đến {local:%d/%m/%Y %H:%M}")
        for title, items in (("Hồ sơ sắp đến hạn", found.dossiers),
                             ("Phản ánh, kiến nghị sắp đến hạn trả lời", found.petitions)):
            self.stdout.write(f"{title} ({len(items)}):")
            for item in items:
                self.stdout.write(_line(item))
        if found.waiting:
            self.stdout.write(f"{found.waiting} hồ sơ đang chờ người nộp bổ sung (tạm dừng tính thời gian).")
