"""The audit log as files: pure functions from rows (`selectors.audit_row`) to bytes.

CSV carries a UTF-8 byte order mark so that Excel opens the Vietnamese text right.
Every text (a reason, a name, a logged value) is guarded against formula injection by
`tthc.cells`: quoted in front in CSV, a text cell in XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook

from tthc.cells import csv_value, write_only_row

# In words, as the page shows them (`tthc.audit.words`): the stored JSON is for the
# admin, a reader gets one column of changes, "trường: trước → sau; …".
HEADERS = ("Thời điểm", "Người thực hiện", "Tác nhân", "Hành động", "Loại đối tượng",
           "Đối tượng", "Thay đổi", "Lý do")
# A worksheet holds 1,048,576 rows; the header takes one.
XLSX_MAX_ROWS = 1_048_575
BOM = "\ufeff"


def _values(row: dict[str, Any]) -> list[Any]:
    return [row["at"].strftime("%d/%m/%Y %H:%M"), row["user"], row["actor"], row["action_label"],
            row["object_label"], row["object_key"], row["changes"], row["reason"]]


class _Line:
    """A file-like sink that hands back what csv.writer wrote for one row."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text


def audit_csv(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The rows as CSV, one chunk per row, so a long log streams without being held."""
    line = _Line()
    writer = csv.writer(line)
    writer.writerow(HEADERS)
    yield (BOM + line.text).encode("utf-8")
    for row in rows:
        line.text = ""
        writer.writerow([csv_value(value) for value in _values(row)])
        yield line.text.encode("utf-8")


def audit_xlsx(rows: Iterable[dict[str, Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Nhật ký thay đổi")
    for column, width in zip("ABCDEFGH", (17, 18, 30, 28, 20, 24, 60, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append(list(HEADERS))
    for count, row in enumerate(rows, start=1):
        if count > XLSX_MAX_ROWS:
            break
        sheet.append(write_only_row(sheet, _values(row)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
