"""`tthc unlock USERNAME…` / `tthc unlock --all`: forget failed log-ins (docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.access import logins
from tthc.access.models import LimitCounter
from tthc.audit.services import audit_record


class Command(BaseCommand):
    help = ("Xóa các lần đăng nhập sai của tài khoản để đăng nhập lại ngay, hoặc mọi bộ đếm giới hạn "
            "(--all) / Forget an account's failed log-ins so that it may log in at once, or every "
            "limit counter (--all).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("usernames", nargs="*", metavar="USERNAME", help="tên đăng nhập / user name")
        parser.add_argument("--all", action="store_true",
                            help="xóa mọi bộ đếm (đăng nhập và giới hạn tần suất), ví dụ sau khi sửa "
                                 "cấu hình proxy / every counter, e.g. after fixing the proxy settings")

    def handle(self, *args: Any, **options: Any) -> None:
        names = [name.strip() for name in options["usernames"] if name.strip()]
        if not names and not options["all"]:
            raise CommandError("Cho biết tên đăng nhập, hoặc --all / name a user, or give --all.", returncode=2)
        if options["all"]:
            # Counters only: who logged in from where is kept, so that colleagues stay
            # clear of their office address's wait should the guessing go on.
            deleted, _ = LimitCounter.objects.exclude(key__startswith=logins.KNOWN_PREFIX).delete()
            audit_record(actor="cli", action="limits_clear", object_type="limits", object_key="*",
                         before={"counters": deleted}, after=None)
            self.stdout.write(f"Đã xóa {deleted} bộ đếm / {deleted} counter(s) cleared.")
        for name in names:
            deleted = logins.unlock(name)
            audit_record(actor="cli", action="login_unlock", object_type="login", object_key=name,
                         before={"counters": deleted}, after=None)
            self.stdout.write(f"{name}: đã xóa {deleted} bộ đếm đăng nhập sai / "
                              f"{deleted} failed log-in counter(s) cleared.")
