"""Reading generated reports back: XLSX tables with openpyxl, PDF text with pdftotext."""

from __future__ import annotations

import subprocess
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def sheet_rows(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def all_text(rows: list[list[Any]]) -> str:
    return "\n".join(" ".join(str(v) for v in row if v is not None) for row in rows)


def table(rows: list[list[Any]], first_header: str) -> list[dict[str, Any]]:
    """The rows under the header row that starts with `first_header`, as dicts, up to the
    first row with an empty first two cells (the notes)."""
    start = next(i for i, row in enumerate(rows) if row[0] == first_header)
    header = rows[start]
    found = []
    for row in rows[start + 1:]:
        if row[0] is None and row[1] is None:
            break
        found.append(dict(zip(header, row, strict=True)))
    return found


def pdf_text(content: bytes, *, layout: bool = True) -> str:
    """The text; with layout=False in reading order, so a wrapped table cell reads whole."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"], check=True,
                              capture_output=True, text=True).stdout


def pdf_info(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                              text=True).stdout
