"""`tthc demo_cycle`: take the demo's 2020 quarters through the evaluation cycle."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tthc.evaluation.demo import demo_cycle


class Command(BaseCommand):
    help = ("Đưa các quý 2020 của dữ liệu minh họa qua chu trình đánh giá (tự đánh giá, thẩm "
            "định, công bố) / Take the demo's quarters through the evaluation cycle.")

    def handle(self, *args: Any, **options: Any) -> None:
        for line in demo_cycle():
            self.stdout.write(f"  {line}")
