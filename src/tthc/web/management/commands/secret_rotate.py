"""`tthc secret_rotate`: a new secret key; the old ones stay, for verification only.

New receipt codes, sessions and signed cookies use the new key once the server is
restarted; codes already printed on receipts, staff sessions and bound counter tablets
keep working, because the old keys stay in the file as SECRET_KEY_FALLBACKS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.audit.services import audit_record
from tthc.site import secret


class Command(BaseCommand):
    help = ("Tạo khóa bí mật mới; các khóa cũ chỉ còn dùng để xác minh mã đã in / "
            "Make a new secret key current; older keys only verify what they signed.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--actor", default="cli",
                            help="ai đổi khóa, ghi vào nhật ký / who rotates, for the audit log")

    def handle(self, *args: Any, actor: str, **options: Any) -> None:
        source = settings.TTHC_SECRET_SOURCE
        if source == "environment":
            raise CommandError(
                "TTHC_SECRET_KEY đang được đặt: môi trường quyết định khóa. Để đổi khóa, đặt khóa mới "
                "vào TTHC_SECRET_KEY và chuyển khóa cũ vào TTHC_SECRET_KEY_FALLBACKS (ngăn cách bằng "
                "dấu phẩy) / TTHC_SECRET_KEY is set: set the new key there and move the old one into "
                "TTHC_SECRET_KEY_FALLBACKS.", returncode=2)
        if source != "file":
            raise CommandError(
                f"Không có tệp khóa để đổi / no key file to rotate: {settings.TTHC_SECRET_PROBLEM or source}",
                returncode=2)
        path = Path(settings.TTHC_SECRET_FILE)
        try:
            keys = secret.rotate_keys(path)
        except secret.SecretError as error:
            raise CommandError(str(error), returncode=2) from None
        # The audit log records that and when, never a key.
        audit_record(actor=actor, action="secret_rotated", object_type="site", object_key=secret.FILE_NAME,
                     before={"keys": len(keys) - 1}, after={"keys": len(keys)})
        self.stdout.write(
            f"Đã tạo khóa mới trong {path}; giữ {len(keys) - 1} khóa cũ để xác minh. Khởi động lại "
            f"`tthc serve` để dùng khóa mới. / New key in {path}; {len(keys) - 1} older key(s) kept "
            "for verification. Restart `tthc serve` to sign with it.")
