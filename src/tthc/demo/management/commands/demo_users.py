"""`tthc demo_users`: create or reset the demonstration log-ins and print them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tthc.web.services import (
    DEFAULT_DEMO_PASSWORD,
    DEMO_PASSWORD_ENV,
    demo_accounts_ensure,
    demo_password,
)


class Command(BaseCommand):
    help = (
        "Tạo (hoặc đặt lại) tài khoản minh họa, mỗi vai trò một tài khoản: quản trị, thẩm "
        "định, lãnh đạo cơ quan, cán bộ Bộ phận Một cửa / "
        f"Create or reset the demo log-ins, one per role. Password: ${DEMO_PASSWORD_ENV}, "
        f"else '{DEFAULT_DEMO_PASSWORD}'."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        password = demo_password()
        accounts = demo_accounts_ensure(password=password)
        self.stdout.write(self.style.WARNING(
            "CẢNH BÁO: đây là tài khoản minh họa, chỉ dùng với dữ liệu minh họa; "
            "không dùng trên hệ thống thật. / WARNING: demo accounts, not for production."
        ))
        shown = password if password == DEFAULT_DEMO_PASSWORD else f"(giá trị của ${DEMO_PASSWORD_ENV})"
        for account in accounts:
            state = "tạo mới" if account.created else "cập nhật"
            self.stdout.write(f"  {account.username:<10} mật khẩu: {shown:<28} {account.role} — {state}")
        self.stdout.write("Đăng nhập tại /dang-nhap/ (cán bộ) hoặc /admin/ (quản trị) / "
                          "Log in at /dang-nhap/ (officials) or /admin/ (administration)")
        self.stdout.write("Thiết bị tại quầy: lãnh đạo đơn vị hoặc quản trị hệ thống đăng ký tại /quay/may-tinh-bang/ "
                          "(hoặc `tthc counter_device_add --desk STP --name \"Quầy 1\"`); gắn máy tính bảng "
                          "tại /quay/thiet-bi/gan/.")
