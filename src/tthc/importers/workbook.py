"""XLSX workbooks: one sheet per kind, named after the kind (interchange.md §1).

openpyxl reads in read-only mode, which streams the sheet's XML instead of building the
whole workbook in memory. Cells keep Excel's types (dates, numbers, booleans); they are
turned into the values a CSV or JSON Lines file would hold, so every rule of the
canonical format applies unchanged.

Before openpyxl sees a file, its archive is checked (interchange §3): a workbook is a
zip, and a small zip can expand to gigabytes (1.5 MB took 3.1 GiB before a row was
read), and its XML may declare entities. Rows are read as the sheet's XML holds them,
not within the `<dimension>` the sheet declares, which another program may have left
wrong (openpyxl's read-only rows trust it and drop what lies outside).
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import CellCoordinatesException, InvalidFileException
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from tthc.importers.fields import Problem, shown
from tthc.importers.readers import FileProblem, Reader, SourceRow, header_names, register

# interchange §3: what a workbook may expand to. A province's dossier sheet of a million
# rows is about 350 MB of XML; Excel's own files compress 10 to 25 times.
MAX_UNCOMPRESSED = 1024 * 2**20  # all members together
MAX_RATIO = 100  # for each member larger than RATIO_FROM
RATIO_FROM = 2**20
# openpyxl holds the shared strings in memory (the sheets it streams).
MAX_SHARED_STRINGS = 256 * 2**20
_XML_MEMBER = (".xml", ".rels", ".vml")
# What may come before an XML document's root element, a DTD excepted.
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_PROLOG_READ = 64 * 1024

# openpyxl reports a damaged or foreign file through many exception types (zip, zlib,
# XML, KeyError for a missing part); every one of them means "not a workbook".
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError,
            TypeError, IndexError, AttributeError, SyntaxError, RuntimeError,
            NotImplementedError, InvalidFileException, CellCoordinatesException)


def _not_workbook(path: Path, error: object) -> FileProblem:
    return FileProblem(
        "file_not_xlsx",
        f"tệp {path.name} không mở được như bảng tính Excel (.xlsx): {error}",
        f"the file {path.name} cannot be opened as an Excel workbook (.xlsx): {error}",
        line=None)


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


def check_archive(path: Path) -> None:
    """Refuse a workbook whose zip would expand too far, or whose XML has a DTD, from
    its central directory and the first bytes of each part, before anything is expanded.

    The sizes read are those the directory declares: Python's zip reader never returns
    more than the declared size of a member, so they bound what can be expanded.
    """
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = sum(member.file_size for member in members)
            if total > MAX_UNCOMPRESSED:
                raise FileProblem(
                    "archive_too_large",
                    f"bảng tính {name} khi giải nén lớn {_mib(total)}, vượt giới hạn"
                    f" {_mib(MAX_UNCOMPRESSED)}; hãy chia thành nhiều tệp",
                    f"the workbook {name} expands to {_mib(total)}, more than the limit of"
                    f" {_mib(MAX_UNCOMPRESSED)}; split it into several files")
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > RATIO_FROM and ratio > MAX_RATIO:
                    raise FileProblem(
                        "archive_ratio",
                        f"phần {member.filename} của bảng tính {name} nén {ratio:,.0f} lần"
                        f" (tối đa {MAX_RATIO} lần): không phải bảng tính thông thường",
                        f"the part {member.filename} of the workbook {name} is compressed"
                        f" {ratio:,.0f} times (at most {MAX_RATIO}): not an ordinary workbook")
                if (member.filename.endswith("sharedStrings.xml")
                        and member.file_size > MAX_SHARED_STRINGS):
                    raise FileProblem(
                        "archive_too_large",
                        f"bảng chuỗi dùng chung của {name} lớn {_mib(member.file_size)}, vượt"
                        f" giới hạn {_mib(MAX_SHARED_STRINGS)}",
                        f"the shared strings of {name} take {_mib(member.file_size)}, more"
                        f" than the limit of {_mib(MAX_SHARED_STRINGS)}")
            for member in members:
                if member.filename.lower().endswith(_XML_MEMBER) and _has_dtd(archive, member):
                    raise FileProblem(
                        "xml_dtd",
                        f"phần {member.filename} của bảng tính {name} có khai báo DTD"
                        " (DOCTYPE/ENTITY), điều bảng tính Excel không có; tệp bị từ chối",
                        f"the part {member.filename} of the workbook {name} declares a DTD"
                        " (DOCTYPE/ENTITY), which Excel workbooks never do; file refused")
    except FileProblem:
        raise
    except _DAMAGED as error:  # RuntimeError: an encrypted part
        raise _not_workbook(path, error) from None


def _has_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a DTD (which must precede its root element): entity
    declarations are how XML expands a few bytes into gigabytes."""
    with archive.open(member) as handle:
        head = handle.read(_PROLOG_READ)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.removeprefix(codecs.BOM_UTF8)
    rest = head[_PROLOG.match(head).end():]  # type: ignore[union-attr]
    # A prolog that fills everything read hides what follows it: refused as well.
    return rest.startswith(b"<!") or (not rest and len(head) >= _PROLOG_READ)


def open_workbook(path: Path) -> Any:
    check_archive(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except _DAMAGED as error:
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


@dataclass(frozen=True, slots=True)
class BadCell:
    """A cell that holds no value to import, though it is not empty: a formula saved
    without its computed value (by a program that does not compute formulas, openpyxl
    among them), or one whose value is an Excel error (#N/A, #DIV/0! …)."""

    text: str  # the formula, or the error
    error: bool = False

    def problem(self, name: str, cell: str) -> Problem:
        text = shown(self.text)
        if self.error:
            return Problem(
                "formula_error", name,
                f"ô {cell} chứa lỗi {text} của Excel thay cho một giá trị",
                f"the cell {cell} holds the Excel error {text} instead of a value")
        return Problem(
            "formula_without_value", name,
            f"ô {cell} chứa công thức ({text}) chưa có giá trị tính sẵn; mở tệp bằng Excel"
            " rồi lưu lại, hoặc nhập giá trị thay cho công thức",
            f"the cell {cell} holds a formula ({text}) with no computed value; open and save"
            " the file in Excel, or type the value instead of the formula")


class _SheetParser(WorkSheetParser):  # type: ignore[misc]
    """openpyxl's sheet parser, keeping computed values (data_only) but marking the
    cells `BadCell` describes, which openpyxl reads as empty or as text."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["value"] is None:
            formula = element.find(FORMULA_TAG)
            # A formula whose result is the empty string is saved as type "str".
            if (formula is not None and not element.findtext(VALUE_TAG)
                    and element.get("t") != "str"):
                cell["value"] = BadCell("=" + (formula.text or ""))
        elif cell["data_type"] == "e":
            cell["value"] = BadCell(str(cell["value"]), error=True)
        return cell


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
            self.cells = self._sheet_rows()
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

    def _sheet_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number, cell values from column A) of each row the sheet's XML holds.

        openpyxl's own row iterator stops at the declared dimension, so its parser is
        driven here (openpyxl is pinned: requirements.txt).
        """
        sheet, book = self.worksheet, self.book
        with sheet._get_source() as source:
            parser = _SheetParser(source, sheet._shared_strings, data_only=True,
                                  epoch=book.epoch, date_formats=book._date_formats,
                                  timedelta_formats=book._timedelta_formats)
            for number, cells in parser.parse():
                values: list[Any] = [None] * max((c["column"] for c in cells), default=0)
                for cell in cells:
                    values[cell["column"] - 1] = cell["value"]
                yield number, values

    def _next(self) -> tuple[int, list[Any]] | None:
        try:
            return next(self.cells, None)
        except _DAMAGED as error:
            raise _not_workbook(self.path, error) from None

    def _header(self) -> tuple[str, ...]:
        while (found := self._next()) is not None:
            self.header_row, cells = found
            if any(cell not in (None, "") for cell in cells):
                break
        else:
            raise FileProblem(
                "file_empty", f"trang tính \"{self.sheet}\" của {self.path.name} trống",
                f"the sheet \"{self.sheet}\" of {self.path.name} is empty", line=None)
        bad = [get_column_letter(i + 1) for i, cell in enumerate(cells)
               if isinstance(cell, BadCell)]
        if bad:
            listed = ", ".join(f"{letter}{self.header_row}" for letter in bad)
            raise FileProblem(
                "formula_without_value",
                f"dòng tiêu đề có công thức không cho một tên cột ở ô {listed}",
                f"the header row has formulas giving no column name in cell {listed}",
                line=self.header_row)
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
        while (found := self._next()) is not None:
            line, cells = found
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
            problems = [value.problem(name, f"{get_column_letter(i + 1)}{line}")
                        for i, (name, value) in enumerate(values.items())
                        if isinstance(value, BadCell)]
            if problems:
                # Reported under the column's name; left out, the field parses nothing.
                values = {k: v for k, v in values.items() if not isinstance(v, BadCell)}
            yield SourceRow(line, values, problems)
