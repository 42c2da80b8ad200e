"""Helpers shared by the importer tests (imported by name: tests/ is not a package)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tthc.importers.report import ImportReport
from tthc.importers.services import import_files

DATA = Path(__file__).resolve().parent / "data"
BASE = DATA / "base"

WriteFile = Callable[..., Path]


def load(kind: str, *paths: Path) -> ImportReport:
    return import_files(kind=kind, paths=list(paths), actor="test")


def codes(report: ImportReport, severity: str = "error") -> list[tuple[int | None, str, str]]:
    """(line, field, code) of the report's issues of one severity, in file order."""
    return [(i.line, i.field, i.code) for i in report.issues if i.severity == severity]
