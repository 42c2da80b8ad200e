"""`tthc explain DOSSIER_CODE [--json]`: each indicator's points and their evidence."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.engine.periods import PeriodError
from tthc.engine.rules import RuleError
from tthc.scoring import explanations


class Command(BaseCommand):
    help = "Giải thích điểm từng chỉ số của một hồ sơ / Explain one dossier's points."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", metavar="DOSSIER_CODE")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--method", default="nd61-tt01")
        parser.add_argument("--profile", help="mặc định: bộ quy tắc mặc định của phương pháp")
        parser.add_argument("--period", help="kỳ giải thích (2026-09, 2020-Q1…); mặc định: quý kết thúc hồ sơ")

    def handle(self, *args, **options) -> None:
        try:
            explanation = explanations.dossier_explain(code=options["code"], method=options["method"],
                                                       profile=options["profile"], period=options["period"])
        except PeriodError as error:
            raise CommandError(str(error), returncode=2) from error
        except RuleError as error:
            raise CommandError(str(error)) from error
        if explanation is None:
            raise CommandError(f"Không tìm thấy hồ sơ '{options['code']}' / dossier not found.")
        if options["json"]:
            self.stdout.write(json.dumps(explanations.explanation_json(explanation),
                                         ensure_ascii=False, indent=2))
        else:
            self.stdout.write(explanations.explanation_text(explanation))
