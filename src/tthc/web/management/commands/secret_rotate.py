"""`tthc secret_rotate`: a new secret key; the old ones stay, for verification only.

New receipt codes, sessions and signed cookies use the new key once the server is
restarted; codes already printed on receipts, staff sessions and bound counter tablets
keep working, because the old keys stay in the file as SECRET_KEY_FALLBACKS.

Every `tthc` command started after this one reads the new key at once, but a running
server read the file when it started: a receipt `tthc receipt` prints in between is
signed with a key the server does not know, and refused. Hence the instruction printed:
restart the server right after rotating.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.audit.services import audit_record
from tthc.site import secret

RESTART_NOW = (
    "Khởi động lại máy chủ (`tthc serve`, mọi tiến trình) ngay bây giờ: cho đến khi khởi động "
    "lại, máy chủ đang chạy chưa biết khóa mới, nên giấy biên nhận in từ dòng lệnh (`tthc "
    "receipt`) sẽ bị từ chối khi công dân đánh giá. / Restart the server (`tthc serve`, every "
    "process) right now: until then the running server does not know the new key, and receipts "
    "printed from the command line (`tthc receipt`) are refused when citizens rate.")


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
            f"Đã tạo khóa mới trong {path}; giữ {len(keys) - 1} khóa cũ để xác minh. / New key in "
            f"{path}; {len(keys) - 1} older key(s) kept for verification.")
        self.stdout.write(self.style.WARNING(RESTART_NOW))
