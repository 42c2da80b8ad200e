"""`tthc explain DOSSIER_CODE [--json]`: each indicator's points and their evidence."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.scoring import explanations


class Command(BaseCommand):
    help = "Giải thích điểm từng chỉ số của một hồ sơ / Explain one dossier's points."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", metavar="DOSSIER_CODE")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--method", default="nd61-tt01")
        parser.add_argument("--profile", default="dien-bien-1187")

    def handle(self, *args, **options) -> None:
        explanation = explanations.dossier_explain(code=options["code"], method=options["method"],
                                                   profile=options["profile"])
        if explanation is None:
            raise CommandError(f"Không tìm thấy hồ sơ '{options['code']}' / dossier not found.")
        if options["json"]:
            self.stdout.write(json.dumps(explanations.explanation_json(explanation),
                                         ensure_ascii=False, indent=2))
        else:
            self.stdout.write(explanations.explanation_text(explanation))
