"""`tthc import KIND PATH…` and `tthc import all FOLDER` (interchange.md §4)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from tthc.importers.kinds import ORDER
from tthc.importers.services import ImportUsageError, import_files, import_folder

USAGE = 2  # interchange §4: wrong usage
FAILED = 1  # some rows rejected, or the command failed


def migrate_if_needed() -> None:
    """interchange §4: `import` brings a fresh DATABASE_URL up to date by itself."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


class Command(BaseCommand):
    help = (
        "Nhập dữ liệu theo định dạng chuẩn (CSV, JSON Lines): tthc import LOẠI TỆP… hoặc "
        "tthc import all THƯ_MỤC. / Import canonical files: KIND PATH… or all FOLDER."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"all, {', '.join(ORDER)}")
        parser.add_argument("paths", nargs="+", type=Path,
                            help="tệp (hoặc một thư mục với all) / files (or one folder for all)")
        parser.add_argument("--actor", default="cli",
                            help="tên ghi vào nhật ký thay đổi / name written to the audit log")

    def handle(self, *args: Any, kind: str, paths: list[Path], actor: str,
               **options: Any) -> None:
        if kind == "all" and len(paths) != 1:
            raise CommandError("all cần đúng một thư mục / all takes exactly one folder",
                               returncode=USAGE)
        migrate_if_needed()
        progress = sys.stderr.isatty()
        try:
            if kind == "all":
                report = import_folder(path=paths[0], actor=actor, progress=progress)
            else:
                report = import_files(kind=kind, paths=paths, actor=actor, progress=progress)
        except ImportUsageError as error:
            raise CommandError(f"{error.vi} / {error.en}", returncode=USAGE) from None

        errors = report.errors
        if errors:
            self.stdout.write(f"Dòng bị từ chối / rejected rows ({report.rejected}):")
            for issue in errors:
                self.stdout.write(f"  {issue.describe()}")
        warnings = report.warning_issues
        if warnings:
            # Warnings go to stderr (interchange §4); the rows themselves were stored.
            self.stderr.write(f"Cảnh báo chất lượng dữ liệu / data-quality warnings "
                              f"({len(warnings)}):")
            for issue in warnings:
                self.stderr.write(f"  {issue.describe()}", style_func=lambda text: text)
        self.stdout.write(report.summary_vi())
        if not report.ok:
            raise CommandError(
                f"Có {report.rejected} dòng bị từ chối, {len(report.failed_files)} tệp không đọc"
                f" được. / {report.rejected} rows rejected, {len(report.failed_files)} files"
                " unreadable.",
                returncode=FAILED,
            )
