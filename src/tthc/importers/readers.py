"""Readers turn a file into numbered rows of raw values; validation and storage are shared.

A reader is chosen by the file's extension. Adding a format (XLSX, the portal's JSON) is
one class registered here: it yields `SourceRow`s and raises `FileProblem` when the file
cannot be read at all. CSV is here; JSON Lines in `json_files`, XLSX in `workbook`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar

from tthc.importers.fields import Problem, check_text, normalise_text

# Fields of a province export can be long (comments); the csv module's default limit
# (128 KiB) would abort the whole file on one of them.
csv.field_size_limit(16 * 1024 * 1024)


class FileProblem(Exception):
    """The whole file cannot be read: nothing from it is stored; reported as one error."""

    def __init__(self, code: str, vi: str, en: str, line: int | None = None,
                 sheet: str = "") -> None:
        super().__init__(en)
        self.code = code
        self.vi = vi
        self.en = en
        self.line = line
        self.sheet = sheet  # the worksheet the line belongs to


@dataclass(slots=True)
class SourceRow:
    """One record as read: its line (CSV, header = 1), JSON Lines line number, or row
    number in a worksheet."""

    line: int
    values: dict[str, Any]
    # Problems found while reading, before any field is looked at (e.g. a row with
    # more cells than the header). With values, they are fields a mapping reader (the
    # portal's) could not map; those fields are left out of `values`.
    problems: list[Problem] = field(default_factory=list)
    # The record's place in a JSON array (1 = the first), when a line may hold several.
    index: int | None = None
    # Interchange field → the name the source gives it, for messages (portal keys).
    names: Mapping[str, str] | None = None
    # What a mapping reader passes on beyond the format's fields (the portal's procedure
    # name and field, for --add-procedures).
    extra: dict[str, Any] | None = None


class Reader:
    extension: ClassVar[str]
    # The column names when the format has a header (CSV); None when each record
    # carries its own keys (JSON Lines).
    columns: tuple[str, ...] | None = None
    # The worksheet read, named in messages.
    sheet = ""

    def __init__(self, path: Path, kind: str = "") -> None:
        self.path = path
        self.kind = kind

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release what the reader holds open; nothing by default."""

    def rows(self) -> Iterator[SourceRow]:
        raise NotImplementedError

    def estimate(self) -> int | None:
        """About how many records, for the progress bar only."""
        return max(count_records(self.path) - (1 if self.columns else 0), 0)


READERS: dict[str, type[Reader]] = {}


def register(cls: type[Reader]) -> type[Reader]:
    READERS[cls.extension] = cls
    return cls


def extension_of(path: Path) -> str:
    return path.name.lower().rsplit(".", 1)[-1] if "." in path.name else ""


def reader_for(path: Path) -> type[Reader] | None:
    return READERS.get(extension_of(path))


def count_records(path: Path) -> int:
    """Approximate number of records (lines), for the progress bar only."""
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def _not_text(path: Path) -> FileProblem:
    return FileProblem(
        "file_not_text",
        f"tệp {path.name} không phải văn bản UTF-8 (tệp nhị phân hoặc sai bảng mã)",
        f"the file {path.name} is not UTF-8 text (binary or another encoding)",
        line=1,
    )


def header_names(path: Path, header: Sequence[str], line: int = 1) -> tuple[str, ...]:
    """The column names of a header row, checked like any text and never repeated."""
    if any(check_text(column) for column in header):
        raise _not_text(path)
    names = tuple(normalise_text(column) for column in header)
    duplicated = sorted({column for column in names if names.count(column) > 1})
    if duplicated:
        listed = ", ".join(duplicated)
        raise FileProblem("duplicate_columns", f"cột lặp lại trong dòng tiêu đề: {listed}",
                          f"columns repeated in the header: {listed}", line=line)
    return names


@register
class CsvReader(Reader):
    """RFC 4180 CSV, comma separated, UTF-8 (a byte-order mark is tolerated)."""

    extension = "csv"

    def __init__(self, path: Path, kind: str = "") -> None:
        super().__init__(path, kind)
        # Undecodable bytes become surrogate escapes, found per cell later, so a bad
        # byte rejects its own row and names its line instead of aborting the file.
        self.handle: IO[str] = path.open(encoding="utf-8", errors="surrogateescape",
                                         newline="")
        self.reader = csv.reader(self.handle)
        try:
            self.columns = self._header()
        except BaseException:
            self.handle.close()
            raise
        self.header_end = self.reader.line_num

    def _header(self) -> tuple[str, ...]:
        name = self.path.name
        try:
            header = next(self.reader)
        except StopIteration:
            raise FileProblem("file_empty", f"tệp {name} trống",
                              f"the file {name} is empty") from None
        except csv.Error as error:
            raise FileProblem("file_not_csv", f"tệp {name} không phải CSV ({error})",
                              f"the file {name} is not CSV ({error})", line=1) from None
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        return header_names(self.path, header)

    def close(self) -> None:
        self.handle.close()

    def rows(self) -> Iterator[SourceRow]:
        assert self.columns is not None
        width = len(self.columns)
        start = self.header_end + 1
        try:
            for cells in self.reader:
                line, start = start, self.reader.line_num + 1
                if not cells:
                    continue  # a blank line holds no record
                if len(cells) != width:
                    # Misaligned cells would put values into the wrong fields.
                    yield SourceRow(line, {}, [Problem(
                        "row_width", "",
                        f"dòng có {len(cells)} ô nhưng dòng tiêu đề có {width} cột",
                        f"the row has {len(cells)} cells but the header has {width} columns",
                    )])
                    continue
                yield SourceRow(line, dict(zip(self.columns, cells, strict=True)))
        except csv.Error as error:
            raise FileProblem(
                "file_not_csv",
                f"tệp {self.path.name} không đọc được như CSV ở dòng {start}: {error}",
                f"the file {self.path.name} cannot be read as CSV at line {start}: {error}",
                line=start,
            ) from None

