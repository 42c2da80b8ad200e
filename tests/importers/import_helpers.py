"""Helpers shared by the importer tests (imported by name: tests/ is not a package)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from tthc.importers.kinds import ORDER
from tthc.importers.report import ImportReport
from tthc.importers.services import import_files

DATA = Path(__file__).resolve().parent / "data"
BASE = DATA / "base"
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"

WriteFile = Callable[..., Path]


def load(kind: str, *paths: Path) -> ImportReport:
    return import_files(kind=kind, paths=list(paths), actor="test")


def codes(report: ImportReport, severity: str = "error") -> list[tuple[int | None, str, str]]:
    """(line, field, code) of the report's issues of one severity, in file order."""
    return [(i.line, i.field, i.code) for i in report.issues if i.severity == severity]


def excel_value(cell: str) -> object:
    """A CSV cell as someone typing it into Excel would leave it: dates, numbers and
    booleans typed, everything else text."""
    if not cell:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        return date.fromisoformat(cell)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", cell):
        return datetime.fromisoformat(cell)
    if cell in ("true", "false"):
        return cell == "true"
    if re.fullmatch(r"\d+", cell):
        return int(cell)
    return cell


def workbook_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """An XLSX workbook of the given sheets and rows, as openpyxl writes it."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_from_csv(folder: Path, target: Path, *, typed: bool = True) -> Path:
    """One sheet per CSV file of `folder` (named after it), in the kinds' order."""
    book = Workbook()
    book.remove(book.active)
    for kind in ORDER:
        path = folder / f"{kind}.csv"
        if not path.is_file():
            continue
        sheet = book.create_sheet(kind)
        with path.open(encoding="utf-8", newline="") as handle:
            for number, cells in enumerate(csv.reader(handle)):
                sheet.append(cells if number == 0 or not typed
                             else [excel_value(cell) for cell in cells])
    book.save(target)
    return target
