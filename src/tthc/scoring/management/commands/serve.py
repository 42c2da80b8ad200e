"""`tthc serve [--host 127.0.0.1] [--port 8000]`: the web application under gunicorn."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from tthc.scoring.selectors import dataset_is_demo
from tthc.site.checks import secret_key_messages

WSGI_APP = "tthc.site.wsgi:application"


def default_workers() -> int:
    # Two to three synchronous workers: enough for a provincial office on two cores,
    # few enough that SQLite writers (imports, scoring) are not starved.
    return min(3, max(2, os.cpu_count() or 2))


def _holds_the_demo() -> bool:
    try:
        return dataset_is_demo()
    except DatabaseError:
        return False  # not migrated yet: nothing says this is the demo


class Command(BaseCommand):
    help = (
        "Chạy ứng dụng web bằng gunicorn (tệp tĩnh qua WhiteNoise) / "
        "Run the web application under gunicorn, static files served by WhiteNoise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1",
                            help="địa chỉ lắng nghe / address to bind (mặc định 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000,
                            help="cổng / port (mặc định 8000)")
        parser.add_argument("--workers", type=int, default=default_workers(),
                            help="số tiến trình gunicorn / gunicorn workers (mặc định 2–3)")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port, workers = options["host"], options["port"], options["workers"]
        if not 0 < port < 65536:
            raise CommandError(f"Cổng không hợp lệ / invalid port: {port}", returncode=2)
        if workers < 1:
            raise CommandError(f"Số tiến trình phải ≥ 1 / workers must be ≥ 1: {workers}",
                               returncode=2)
        self._refuse_a_public_key()
        call_command("collectstatic", interactive=False, verbosity=0)
        self._warn_unapplied_migrations()
        if host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            self.stderr.write(
                "Lưu ý: trang chỉ trả lời các tên máy trong TTHC_ALLOWED_HOSTS "
                f"({', '.join(settings.ALLOWED_HOSTS)}). / Note: only those host names are served."
            )
        self.stdout.write(f"tthc serve: http://{host}:{port}/ ({workers} tiến trình gunicorn)")
        self.stdout.flush()
        argv = [
            sys.executable, "-m", "gunicorn", WSGI_APP,
            "--bind", f"{host}:{port}",
            "--workers", str(workers),
            # The appraiser's "compute" button scores a period in the request: about ten
            # seconds for a province-year of a million dossiers (docs/benchmarks.md),
            # within gunicorn's default 30 s on a quiet machine but not with room to spare.
            "--timeout", "120",
            "--access-logfile", "-",
            # No client address, path, query string, referrer or user agent: access logs
            # must not hold personal data, and paths carry dossier and tracking codes.
            # The worker's pid (<1234>) shows how requests spread over the workers.
            "--access-logformat", '%(t)s %(m)s %(s)s %(b)s %(M)sms %(p)s',
            "--error-logfile", "-",
            "--forwarded-allow-ips", "127.0.0.1",
        ]
        # Replace this process so that signals (Ctrl-C, a service manager's TERM) reach
        # gunicorn's master directly and no Django state is carried into the workers.
        connections.close_all()
        os.execv(sys.executable, argv)

    def _refuse_a_public_key(self) -> None:
        """A public or weak secret key lets anyone forge receipt codes: acceptable only
        while the database holds the synthetic demo (tthc.site.checks)."""
        errors = [m for m in secret_key_messages() if m.is_serious()]
        if not errors:
            return
        text = "\n".join(f"{m.id}: {m.msg}\n  {m.hint}" for m in errors)
        if not _holds_the_demo():
            raise CommandError(
                "Từ chối chạy với khóa bí mật công khai hoặc quá yếu ngoài chế độ minh họa / "
                f"Refusing to serve on a public or weak secret key outside the demo:\n{text}", returncode=2)
        self.stderr.write(f"Cảnh báo (chỉ chấp nhận với dữ liệu minh họa) / Warning (demo data only):\n{text}")

    def _warn_unapplied_migrations(self) -> None:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            self.stderr.write(
                f"Cảnh báo: còn {len(plan)} migration chưa áp dụng; chạy `tthc migrate`. / "
                f"Warning: {len(plan)} unapplied migration(s); run `tthc migrate`."
            )
