"""What the three XLSX layouts share: the heading, the marks, a table, the signatures.

A layout module describes its columns and rows; this module draws them the same way on
every form, so that a change of house style (fonts, the heading) is made once. Every
cell is written through `_put`: a name or a reason is a text cell, never a formula
(`tthc.cells`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tthc.cells import as_text

from ..selectors import Meta, Satisfaction

FONT = "Times New Roman"  # Excel and LibreOffice substitute Liberation Serif where absent
RATE = "0.0%"
WHOLE = "#,##0"
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_MARK_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEAD_FILL = PatternFill("solid", fgColor="E7E6E6")


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str | None = None  # None: text (wrapped)


def points_format(decimals: int) -> str:
    """The number format of points shown at `decimals` (the layout's): 0, 0.0, 0.00."""
    return "0." + "0" * decimals if decimals > 0 else "0"


def font(*, bold: bool = False, italic: bool = False, size: float = 12,
         color: str = "000000") -> Font:
    return Font(name=FONT, bold=bold, italic=italic, size=size, color=color)


def satisfaction_cells(value: Satisfaction) -> list[Any]:
    """Rate, the interval as text (from–to), responses: the three satisfaction columns."""
    if value.rate is None:
        return [None, "—", value.responses]
    interval = f"{_percent(value.low)} – {_percent(value.high)}"
    return [value.rate, interval, value.responses]


def _percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{(value * 100).quantize(Decimal('0.1'))}%".replace(".", ",")


SATISFACTION_COLUMNS = [
    Column("Tỷ lệ hài lòng", 10, RATE),
    Column("Khoảng tin cậy 95%", 15),
    Column("Số lượt đánh giá", 10, WHOLE),
]


class Sheet:
    """One worksheet drawn top to bottom; `row` is the next free row."""

    def __init__(self, book: Workbook, title: str, columns: Sequence[Column], *,
                 landscape: bool) -> None:
        self.book = book
        self.ws: Worksheet = book.active if book.active is not None else book.create_sheet()
        self.ws.title = title[:31]
        self.columns = list(columns)
        self.width = len(self.columns)
        self.row = 1
        for index, column in enumerate(self.columns, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = column.width
        setup = self.ws.page_setup
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.orientation = "landscape" if landscape else "portrait"
        setup.fitToWidth, setup.fitToHeight = 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True

    def _put(self, column: int, value: Any) -> Cell:
        """The cell at the current row and `column`, holding `value` (a text as text)."""
        return as_text(self.ws.cell(row=self.row, column=column, value=value))

    def _merge(self, first: int, last: int, value: Any, *, style: Font,
               align: str = "center", height: float | None = None) -> None:
        cell = self._put(first, value)
        cell.font = style
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        if last > first:
            self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row,
                                end_column=last)
        if height:
            self.ws.row_dimensions[self.row].height = height

    def heading(self, meta: Meta) -> None:
        """The issuer (left), the national heading (right), the place and date, the
        title, the subject, and the demo and provisional marks."""
        split = max(2, self.width * 2 // 5)
        for upper_left, upper_right in (
            ((meta.issuer[0], font()), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font(bold=True))),
            ((meta.issuer[1], font(bold=True)), ("Độc lập - Tự do - Hạnh phúc", font(bold=True))),
        ):
            self._merge(1, split, upper_left[0], style=upper_left[1])
            self._merge(split + 1, self.width, upper_right[0], style=upper_right[1])
            self.row += 1
        self._merge(1, split, meta.number_line, style=font())
        self._merge(split + 1, self.width, meta.dated, style=font(italic=True))
        self.row += 2
        self._merge(1, self.width, meta.title, style=font(bold=True, size=14), height=36)
        self.row += 1
        self._merge(1, self.width, meta.subject, style=font(bold=True))
        self.row += 1
        self._merge(1, self.width, f"Trạng thái kỳ: {meta.state_label} — quy tắc {meta.rule_version}",
                    style=font(italic=True, size=10))
        self.row += 1
        for mark in meta.marks:
            self._merge(1, self.width, mark, style=font(bold=True, color="C00000"))
            self.ws.cell(row=self.row, column=1).fill = _MARK_FILL
            self.row += 1
        # Printed pages carry the marks too: a sheet may be printed without its top rows.
        if meta.marks:
            self.ws.oddHeader.center.text = " · ".join(meta.marks)
        self.ws.oddFooter.center.text = "Trang &P / &N"
        self.row += 1

    def table_header(self) -> int:
        """The column headers (repeated on every printed page); returns their row."""
        for index, column in enumerate(self.columns, start=1):
            cell = self._put(index, column.header)
            cell.font = font(bold=True, size=11)
            cell.fill = _HEAD_FILL
            cell.border = _BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.ws.row_dimensions[self.row].height = 45
        self.ws.print_title_rows = f"{self.row}:{self.row}"
        self.row += 1
        return self.row - 1

    def section(self, text: str) -> None:
        """A row across the table naming a group (a level of agencies)."""
        self._merge(1, self.width, text, style=font(bold=True, size=11), align="left")
        for index in range(1, self.width + 1):
            self.ws.cell(row=self.row, column=index).border = _BOX
        self.row += 1

    def table_row(self, values: Sequence[Any], *, bold: bool = False,
                  formats: Sequence[str | None] | None = None) -> None:
        """One row; `formats` overrides the columns' number formats cell by cell (a
        form whose rows are indicators shows each at its own decimals)."""
        number_formats = [c.number_format for c in self.columns] if formats is None else formats
        for index, (value, number_format) in enumerate(
                zip(values, number_formats, strict=True), start=1):
            cell = self._put(index, value)
            cell.font = font(bold=bold, size=11)
            cell.border = _BOX
            if number_format and not isinstance(value, str):
                cell.number_format = number_format
                cell.alignment = Alignment(horizontal="center", vertical="center")
            else:
                cell.alignment = Alignment(vertical="center", wrap_text=True)
        self.row += 1

    def note(self, text: str) -> None:
        self._merge(1, self.width, text, style=font(italic=True, size=10), align="left")
        self.row += 1

    def signatures(self, meta: Meta) -> None:
        """Two signature places: who drew up the report, the head of the issuing body."""
        left, right = meta.signatures
        self.row += 1
        split = max(2, self.width * 2 // 5)
        for text_left, text_right, style in ((left[0], right[0], font(bold=True)),
                                             (left[1], right[1], font(italic=True))):
            self._merge(1, split, text_left, style=style)
            self._merge(split + 1, self.width, text_right, style=style)
            self.row += 1

    def bytes(self) -> bytes:
        out = BytesIO()
        self.book.save(out)
        return out.getvalue()


def new_sheet(title: str, columns: Sequence[Column], *, landscape: bool) -> Sheet:
    return Sheet(Workbook(), title, columns, landscape=landscape)

