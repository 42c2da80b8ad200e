"""Spreadsheet cells that stay text: the one guard of every CSV and XLSX the site writes.

A name, an explanation or a petition's text is typed or imported by someone else; a
spreadsheet opening the file must show it, never run it. A cell starting with `=`,
`+`, `-`, `@`, a tab or a carriage return is a formula to Excel and LibreOffice
(`=HYPERLINK(…)`, `-2+3+cmd|' /C calc'!A0`), so, as OWASP recommends
(https://owasp.org/www-community/attacks/CSV_Injection):

- CSV: such a text gets a single quote in front (`'=1+1`); the spreadsheet shows the
  quote and the text. The quote is then part of the field: CSV readers (Python's `csv`,
  pandas) keep it, and a program wanting the text as stored removes it itself from a
  field starting with `'` and one of those characters — or reads the open data's JSON,
  which carries no quote (docs/reports.md, "Open data");
- XLSX: every text is written as a text cell (type `s`), never a formula, and one that
  starts so is marked with the cell's quote prefix, Excel's own "typed with a leading
  apostrophe", so that editing the cell does not turn it into a formula either. The
  value itself is unchanged.

Only text is guarded: a number (int, Decimal, float) is written as a number, a
negative one included; a writer that formats its numbers as strings passes the
number, not the string.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# What a spreadsheet reads as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_QUOTE = "'"


def starts_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_text(value: str) -> str:
    """A text for a CSV field: with a quote in front if a spreadsheet would run it."""
    return CSV_QUOTE + value if starts_formula(value) else value


def csv_value(value: Any) -> Any:
    """A value for `csv.writer`: a text guarded, anything else (a number) as it is."""
    return csv_text(value) if isinstance(value, str) else value


def as_text(cell: Cell) -> Cell:
    """Make a cell holding a string hold it as text (openpyxl types any string starting
    with `=` as a formula), quote-prefixed when it starts like one; other cells as
    they are."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if starts_formula(cell.value):
            cell.quotePrefix = True
    return cell


def write_only_row(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append` of a write-only workbook, its texts as text cells."""
    return [as_text(WriteOnlyCell(sheet, value=value)) if isinstance(value, str) else value
            for value in values]
