"""`tthc petitions_mark_prolonged [--after-days N] [--as-of DATE]`: mark as dragged on
(kéo dài) the petitions still unanswered more than N calendar days past their due date.
Without --after-days, N is each petition's own: ``petitions.prolonged_after_days`` of the
rule set in force on the day it was received (``tthc.petitions.deadlines``).

Meant for a daily timer; re-running it changes nothing more.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tthc.petitions.services import petitions_mark_prolonged


class Command(BaseCommand):
    help = ("Đánh dấu kéo dài các phản ánh, kiến nghị quá hạn trả lời quá N ngày / "
            "Mark petitions unanswered N days past their due date as dragged on.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--after-days", type=int, default=None,
                            help="số ngày sau hạn; mặc định theo bộ quy tắc có hiệu lực vào ngày tiếp nhận "
                                 "phản ánh (petitions.prolonged_after_days) / days past due; default: the "
                                 "rule set in force on the day each petition was received")
        parser.add_argument("--as-of", default=None,
                            help="tính đến ngày (YYYY-MM-DD, hết ngày) / as of this date's end (default: now)")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["after_days"]
        if days is not None and days < 0:
            raise CommandError(f"Số ngày phải ≥ 0 / days must be ≥ 0: {days}", returncode=2)
        now = timezone.now()
        if options["as_of"]:
            try:
                day = datetime.strptime(options["as_of"], "%Y-%m-%d").date()
            except ValueError:
                raise CommandError(f"Ngày không hợp lệ / invalid date: {options['as_of']}", returncode=2) from None
            now = timezone.make_aware(datetime.combine(day, time.max))
        codes = petitions_mark_prolonged(now=now, after_days=days)
        for code in codes:
            self.stdout.write(code)
        self.stderr.write(f"Đã đánh dấu kéo dài {len(codes)} phản ánh / {len(codes)} petition(s) marked dragged on.")
