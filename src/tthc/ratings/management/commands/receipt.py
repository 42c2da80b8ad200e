"""`tthc receipt CODE --out slip.pdf`: a dossier's receipt and appointment slip as a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.ratings.receipts import SIZES, receipt_document
from tthc.scoring.selectors import dataset_is_demo


class Command(BaseCommand):
    help = (
        "In giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF, có mã QR và mã xác nhận để đánh giá). "
        "/ Write a dossier's receipt and appointment slip (PDF with the rating QR code)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="mã hồ sơ / dossier code")
        parser.add_argument("--out", required=True, type=Path, help="tệp PDF / output PDF file")
        parser.add_argument("--size", choices=SIZES, default="a4", help="khổ giấy / paper size")
        # The QR code must open the public site, which the command cannot know by itself.
        parser.add_argument("--site", required=True,
                            help="địa chỉ trang web công khai / public site, e.g. https://danhgia.example.gov.vn")

    def handle(self, *args: Any, **options: Any) -> None:
        site: str = options["site"]
        parts = urlsplit(site)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise CommandError(f"Địa chỉ trang web không hợp lệ: {site!r} (ví dụ https://danhgia.example.gov.vn) "
                               "/ invalid site address")
        pdf = receipt_document(dossier_code=options["code"], site_url=site, size=options["size"],
                               demo=dataset_is_demo())
        if pdf is None:
            raise CommandError(f"Không có hồ sơ mã {options['code']!r} / no such dossier")
        out: Path = options["out"]
        out.write_bytes(pdf)
        self.stdout.write(f"Đã ghi {out} ({len(pdf):,} byte).")
