"""`tthc import KIND PATH…`, `tthc import all FOLDER|WORKBOOK`, `tthc import portal FILE…`
(interchange.md §4) and `tthc import portal-index FILE… --period P` (§6)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from tthc.importers.kinds import ORDER
from tthc.importers.portal_index import MAX_ANSWER_BYTES
from tthc.importers.portal_index_services import RUN_KIND as PORTAL_INDEX
from tthc.importers.portal_index_services import (
    PortalIndexReport,
    PortalIndexUsageError,
    portal_index_import,
)
from tthc.importers.services import (
    PORTAL,
    ImportUsageError,
    PortalOptions,
    import_files,
    import_folder,
)

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
        "Nhập dữ liệu: tthc import LOẠI TỆP… (CSV, JSON Lines, XLSX), tthc import all THƯ_MỤC"
        " hoặc BẢNG_TÍNH.xlsx, tthc import portal TỆP.json… (dữ liệu đồng bộ Cổng DVCQG)."
        " / Import data: KIND PATH… (CSV, JSON Lines, XLSX), all FOLDER or WORKBOOK.xlsx,"
        " portal FILE.json… (the national portal's dossier-sync JSON)."
        " tthc import portal-index TỆP.json… --period KỲ: số liệu chỉ số Cổng công bố"
        " / the portal's published index figures (interchange §6)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"all, {', '.join(ORDER)}, {PORTAL}, {PORTAL_INDEX}")
        parser.add_argument("paths", nargs="+", type=Path,
                            help="tệp (hoặc một thư mục hay bảng tính với all)"
                                 " / files (or one folder or workbook for all)")
        parser.add_argument("--actor", default="cli",
                            help="tên ghi vào nhật ký thay đổi / name written to the audit log")
        portal = parser.add_argument_group(
            "portal", "chỉ với / only with: tthc import portal (docs/import-formats.md)")
        portal.add_argument("--map", type=Path, dest="unit_map", metavar="FILE",
                            help="ánh xạ tên/mã đơn vị trên Cổng sang mã đơn vị (YAML/JSON)"
                                 " / portal unit names and codes to our unit codes")
        portal.add_argument("--codes", type=Path, metavar="FILE",
                            help="bảng mã thay cho bảng mặc định tạm thời (YAML/JSON)"
                                 " / code tables replacing the provisional defaults")
        portal.add_argument("--add-procedures", action="store_true",
                            help="thêm thủ tục chưa có từ TenTTHC, TenLinhVuc thay vì từ chối"
                                 " / add unknown procedures from TenTTHC, TenLinhVuc")
        index = parser.add_argument_group(
            "portal-index", "chỉ với / only with: tthc import portal-index (docs/import-formats.md)")
        index.add_argument("--period", help="kỳ của số liệu (2026-09, 2026-Q3, …) / the figures' period")

    def handle(self, *args: Any, kind: str, paths: list[Path], actor: str,
               unit_map: Path | None = None, codes: Path | None = None,
               add_procedures: bool = False, period: str | None = None, **options: Any) -> None:
        if (kind == PORTAL_INDEX) != (period is not None):
            raise CommandError("--period cần cho portal-index và chỉ dùng với portal-index"
                               " / --period is required by, and only for, portal-index", returncode=USAGE)
        if kind == PORTAL_INDEX:
            self._portal_index(paths, period=period or "", actor=actor)
            return
        if kind == "all" and len(paths) != 1:
            raise CommandError("all cần đúng một thư mục hoặc bảng tính"
                               " / all takes exactly one folder or workbook", returncode=USAGE)
        if kind != PORTAL and (unit_map or codes or add_procedures):
            raise CommandError("--map, --codes, --add-procedures chỉ dùng với portal"
                               " / are for portal files only", returncode=USAGE)
        migrate_if_needed()
        progress = sys.stderr.isatty()
        try:
            if kind == "all":
                report = import_folder(path=paths[0], actor=actor, progress=progress)
            elif kind == PORTAL:
                report = import_files(kind=kind, paths=paths, actor=actor, progress=progress,
                                      portal=PortalOptions(unit_map=unit_map, codes=codes,
                                                           add_procedures=add_procedures))
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
        if len(report.outcomes) > 1 or not report.ok:
            # Each file's outcome, so that a file not read is never mistaken for one read.
            self.stdout.write("Từng tệp / each file:")
            for outcome in report.outcomes:
                self.stdout.write(f"  {outcome.describe()}")
        self.stdout.write(report.summary_vi())
        if not report.ok:
            failed, skipped = len(report.failed_files), len(report.not_attempted)
            raise CommandError(
                f"Có {report.rejected} dòng bị từ chối, {failed} tệp không đọc được, {skipped}"
                f" tệp không nhập. / {report.rejected} rows rejected, {failed} files"
                f" unreadable, {skipped} files not attempted.",
                returncode=FAILED,
            )

    def _portal_index(self, paths: list[Path], *, period: str, actor: str) -> None:
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise CommandError(f"không tìm thấy tệp: {', '.join(missing)} / file not found", returncode=USAGE)
        migrate_if_needed()
        try:
            # An answer is bounded (portal_index.MAX_ANSWER_BYTES): reading past the bound
            # only tells the reader the file is too large.
            files = [(path.name, _head(path)) for path in paths]
            report = portal_index_import(files=files, period=period, actor=actor)
        except PortalIndexUsageError as error:
            raise CommandError(f"{error.vi} / {error.en}", returncode=USAGE) from None
        self._portal_index_report(report)

    def _portal_index_report(self, report: PortalIndexReport) -> None:
        self.stdout.write(f"Số liệu Cổng công bố, kỳ {report.period}:")
        for result in report.files:
            self.stdout.write(f"  {result.describe_vi()}")
        unmatched = report.unmatched
        if unmatched:
            self.stdout.write(f"Đơn vị chưa khớp ({len(unmatched)}), số liệu đã lưu nhưng chưa gắn với"
                              " đơn vị nào / unmatched units:")
            for unit in unmatched:
                self.stdout.write(f"  {unit.code or '—'} «{unit.name}»: {unit.why_vi}; cách khớp: {unit.hint_vi}")
        if not report.ok:
            raise CommandError(
                f"{len(report.rejected)} tệp bị từ chối, {len(unmatched)} đơn vị chưa khớp."
                f" / {len(report.rejected)} files refused, {len(unmatched)} units unmatched.",
                returncode=FAILED)


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(MAX_ANSWER_BYTES + 1)
