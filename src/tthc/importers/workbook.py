"""XLSX workbooks: one sheet per kind, named after the kind (interchange.md §1).

openpyxl reads in read-only mode, which streams the sheet's XML instead of building the
whole workbook in memory. Cells keep Excel's types (dates, numbers, booleans); they are
turned into the values a CSV or JSON Lines file would hold, so every rule of the
canonical format applies unchanged.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tthc.importers.fields import Problem
from tthc.importers.readers import FileProblem, Reader, SourceRow, header_names, register


def _not_workbook(path: Path, error: object) -> FileProblem:
    return FileProblem(
        "file_not_xlsx",
        f"tệp {path.name} không mở được như bảng tính Excel (.xlsx): {error}",
        f"the file {path.name} cannot be opened as an Excel workbook (.xlsx): {error}",
        line=None)


def open_workbook(path: Path) -> Any:
    try:
        return load_workbook(path, read_only=True, data_only=True)
    # openpyxl reports a damaged or foreign file through many exception types (zip,
    # XML, KeyError for a missing part); every one of them means "not a workbook".
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError, IndexError,
            AttributeError, SyntaxError) as error:
        raise _not_workbook(path, error) from None


def sheet_names(path: Path) -> list[str]:
    """The worksheets of a workbook, in their order (for `tthc import all book.xlsx`)."""
    book = open_workbook(path)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def cell_value(value: Any) -> Any:
    """An Excel cell as a CSV or JSON Lines file would hold it."""
    if isinstance(value, datetime):
        # Excel keeps instants as fractions of a day: 14:05 may come back a microsecond
        # short, so round to the second.
        if value.microsecond:
            value = value.replace(microsecond=0) + timedelta(
                seconds=1 if value.microsecond >= 500_000 else 0)
        if value.hour == value.minute == value.second == 0:
            return value.date().isoformat()  # a date typed without a time is a date
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # Excel has no integers: 3 is stored as 3.0
    return value


@register
class XlsxReader(Reader):
    """One worksheet: a header row, then one record per row; empty rows are skipped."""

    extension = "xlsx"

    def __init__(self, path: Path, kind: str = "") -> None:
        super().__init__(path, kind)
        self.book = open_workbook(path)
        try:
            self.sheet = self._choose_sheet()
            self.worksheet = self.book[self.sheet]
            self.cells = self.worksheet.iter_rows(values_only=True)
            self.header_row = 0
            self.columns = self._header()
        except FileProblem as problem:
            self.book.close()
            problem.sheet = getattr(self, "sheet", "")
            raise
        except BaseException:
            self.book.close()
            raise

    def _choose_sheet(self) -> str:
        names = list(self.book.sheetnames)
        if self.kind in names:
            return self.kind
        if len(names) == 1:
            return str(names[0])
        listed = ", ".join(names)
        raise FileProblem(
            "missing_sheet",
            f"bảng tính {self.path.name} không có trang tính \"{self.kind}\" (có: {listed})",
            f"the workbook {self.path.name} has no sheet named \"{self.kind}\""
            f" (it has: {listed})", line=None)

    def _next(self) -> tuple[Any, ...] | None:
        try:
            return next(self.cells, None)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as error:
            raise _not_workbook(self.path, error) from None

    def _header(self) -> tuple[str, ...]:
        while (cells := self._next()) is not None:
            self.header_row += 1
            if any(cell not in (None, "") for cell in cells):
                break
        else:
            raise FileProblem(
                "file_empty", f"trang tính \"{self.sheet}\" của {self.path.name} trống",
                f"the sheet \"{self.sheet}\" of {self.path.name} is empty", line=None)
        header = [None if cell in (None, "") else str(cell_value(cell)) for cell in cells]
        while header and header[-1] is None:
            header.pop()
        blank = [get_column_letter(i + 1) for i, cell in enumerate(header) if cell is None]
        if blank:
            listed = ", ".join(blank)
            raise FileProblem(
                "missing_column_name", f"dòng tiêu đề thiếu tên cột ở cột {listed}",
                f"the header row has no name in column {listed}", line=self.header_row)
        return header_names(self.path, [str(cell) for cell in header], self.header_row)

    def close(self) -> None:
        self.book.close()

    def estimate(self) -> int | None:
        rows = self.worksheet.max_row
        return None if rows is None else max(rows - self.header_row, 0)

    def rows(self) -> Iterator[SourceRow]:
        assert self.columns is not None
        columns = self.columns
        width = len(columns)
        line = self.header_row
        while (cells := self._next()) is not None:
            line += 1
            extra = [i for i in range(width, len(cells)) if cells[i] not in (None, "")]
            if extra:
                letters = ", ".join(get_column_letter(i + 1) for i in extra)
                yield SourceRow(line, {}, [Problem(
                    "row_width", "",
                    f"dòng có giá trị ở cột không có tiêu đề ({letters})",
                    f"the row has values in columns without a header ({letters})")])
                continue
            # A short row (trailing empty cells not written) has empty cells, not missing
            # columns: a column left out of a file leaves stored values alone.
            values = {name: cell_value(cells[i]) if i < len(cells) else None
                      for i, name in enumerate(columns)}
            if all(value in (None, "") for value in values.values()):
                continue  # an empty row holds no record
            yield SourceRow(line, values)
