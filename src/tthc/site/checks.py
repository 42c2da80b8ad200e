"""Checks of the installation's secret key (`tthc check --deploy`; docs/operations.md).

- tthc.E001: SECRET_KEY, or a key kept for verification, is public (the demo key of
  earlier versions, or a `django-insecure-` key) or weak (Django's W009 test: shorter
  than 50 characters or fewer than 5 different ones): anyone can forge receipt codes.
- tthc.E002: no key could be read or created in the data directory, so the public demo
  key stands in.
- tthc.W001: the key file can be read or written by users other than its owner.

`tthc serve` refuses to start on an error here unless the database holds the demo.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.checks.security.base import SECRET_KEY_MIN_LENGTH, SECRET_KEY_MIN_UNIQUE_CHARACTERS

from . import secret


def is_weak(key: str) -> bool:
    """Django's own measure (security.W009, SECRET_KEY_FALLBACKS' W025): a key this short
    or this repetitive is guessed, and a guessed key forges receipts like a public one.
    Django only warns, and `tthc serve` refuses on errors: here it is one."""
    return len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS


def secret_key_messages(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    source = getattr(settings, "TTHC_SECRET_SOURCE", "environment")
    if source == "none":
        return [checks.Error(
            "Không có khóa bí mật: đang dùng khóa minh họa công khai, ai cũng giả được mã xác "
            f"nhận trên giấy biên nhận ({settings.TTHC_SECRET_PROBLEM}) / No secret key: the public "
            "demo key is in use, so anyone can forge receipt codes.",
            hint="Cho tiến trình quyền ghi thư mục dữ liệu (TTHC_DATA_DIR) để khóa được tạo, hoặc "
                 "đặt TTHC_SECRET_KEY / let the process write TTHC_DATA_DIR, or set TTHC_SECRET_KEY.",
            id="tthc.E002")]
    messages: list[checks.CheckMessage] = []
    fallbacks = list(getattr(settings, "SECRET_KEY_FALLBACKS", ()))
    keys = [settings.SECRET_KEY, *fallbacks]
    if any(secret.is_public(k) for k in keys):
        messages.append(checks.Error(
            "Khóa bí mật (SECRET_KEY hoặc một khóa cũ giữ để xác minh) là khóa công khai: ai cũng "
            "giả được mã xác nhận trên giấy biên nhận / The secret key (or a key kept for "
            "verification) is public: anyone can forge receipt codes.",
            hint="Bỏ TTHC_SECRET_KEY để bản cài đặt tự tạo khóa riêng, hoặc đặt một khóa ngẫu nhiên "
                 "dài; bỏ khóa công khai khỏi TTHC_SECRET_KEY_FALLBACKS / unset TTHC_SECRET_KEY so "
                 "that the installation makes its own, or set a long random one.",
            id="tthc.E001"))
    elif any(is_weak(k) for k in keys):
        messages.append(checks.Error(
            f"Khóa bí mật (SECRET_KEY hoặc một khóa cũ giữ để xác minh) quá yếu: ngắn hơn "
            f"{SECRET_KEY_MIN_LENGTH} ký tự hoặc ít hơn {SECRET_KEY_MIN_UNIQUE_CHARACTERS} ký tự khác "
            "nhau, nên đoán được và giả được mã xác nhận trên giấy biên nhận / The secret key (or a key "
            f"kept for verification) is weak: shorter than {SECRET_KEY_MIN_LENGTH} characters or fewer "
            f"than {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, so it can be guessed and receipt "
            "codes forged.",
            hint="Bỏ TTHC_SECRET_KEY để bản cài đặt tự tạo khóa riêng, hoặc đặt một khóa ngẫu nhiên "
                 "dài (ví dụ: python3 -c 'import secrets; print(secrets.token_urlsafe(48))') / unset "
                 "TTHC_SECRET_KEY so that the installation makes its own, or set a long random one.",
            id="tthc.E001"))
    if source == "file":
        path = Path(settings.TTHC_SECRET_FILE)
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0
        if mode & 0o077:
            messages.append(checks.Warning(
                f"Tệp khóa bí mật {path} có quyền {mode:o}: người dùng khác đọc được / "
                f"the secret key file is readable or writable by other users (mode {mode:o}).",
                hint=f"chmod 600 {path}",
                id="tthc.W001"))
    return messages
