"""JSON as the importers read it: JSON Lines (interchange §1) and JSON arrays (the
portal's files, §2), with the limits of interchange §3.

Python's `json` accepts what a careless or hostile export may hold and then fails far
from the file: a value nested 100,000 levels deep exhausts the decoder's recursion, an
integer of 5,000 digits is refused by `int()`, an object with the same key twice keeps
the last value silently. Here each of these is a rejection of its own line or array
element, naming the key, and the other records of the file are read on.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tthc.engine.dossier import fmt_int
from tthc.importers.fields import Problem
from tthc.importers.readers import FileProblem, Reader, SourceRow, register

# interchange §3. A canonical dossier nests 3 levels (the dossier, its steps, a step); a
# portal record a few more in the keys it keeps raw. Deeper is not data, and would
# exhaust the recursion of whatever walks it (the decoder, a repr, the JSON column).
MAX_DEPTH = 32
# A single record (a JSON Lines line, an element of an array) larger than this is not a
# dossier: the file is not what it claims to be, and reading on would only fill memory.
MAX_RECORD = 64 * 1024 * 1024

# A string (whole, or open at the end of the text: group 1), a bracket, a colon, a comma.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|(")|[\[\]{}:,]')


def too_deep(key: str) -> Problem:
    return Problem("too_deep", key,
                   f"giá trị lồng nhau sâu quá {MAX_DEPTH} cấp (mảng hoặc đối tượng JSON)",
                   f"the value nests deeper than {MAX_DEPTH} levels (JSON arrays or objects)")


def number_too_long() -> Problem:
    digits = sys.get_int_max_str_digits()
    return Problem("invalid_number", "",
                   f"chứa một số nguyên dài quá {fmt_int(digits)} chữ số",
                   f"holds an integer longer than {digits:,} digits")


def _repeated(key: str) -> Problem:
    return Problem("duplicate_json_key", key,
                   f"khóa \"{key}\" có hai lần trong cùng một đối tượng JSON; không rõ giá trị"
                   " nào đúng",
                   f"the key \"{key}\" appears twice in one JSON object; which value is meant"
                   " is unclear")


class Nesting:
    """How deep one JSON value nests, and where it ends, found without decoding it.

    Scanned by a regular expression over strings and brackets, so a value too deep for
    the decoder is measured all the same; resumable when the text comes in pieces.
    """

    __slots__ = ("at", "deep_key", "depth", "end", "key", "last")

    def __init__(self, at: int) -> None:
        self.at = at  # where the scan goes on
        self.depth = 0
        self.key = ""  # the latest key of the outermost object
        self.last = ""
        self.deep_key: str | None = None  # that key when MAX_DEPTH was passed
        self.end: int | None = None

    def scan(self, text: str, stop: int | None = None) -> bool:
        """Scan on; True once the value's end is found (then `end` is set)."""
        depth = self.depth
        for match in _TOKEN.finditer(text, self.at, len(text) if stop is None else stop):
            token = match.group()
            char = token[0]
            if char == '"':
                if match.group(1) is not None:  # its end is in a later piece
                    self.at, self.depth = match.start(), depth
                    return False
                if depth == 1:
                    self.last = token
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH and self.deep_key is None:
                    self.deep_key = _key(self.key)
            elif char in "]}":
                if depth <= 1:
                    # A container closes, or a bare value ends before its array's "]".
                    self.end = match.end() if depth else match.start()
                    return True
                depth -= 1
            elif char == ":":
                if depth == 1:
                    self.key = self.last
            elif depth == 0:  # the comma after a bare value
                self.end = match.start()
                return True
        self.at, self.depth = len(text) if stop is None else stop, depth
        return False


def _key(token: str) -> str:
    if not token:
        return ""
    try:
        return str(json.loads(token))
    except ValueError:
        return token[1:-1]


def deep_key(text: str, start: int = 0, stop: int | None = None) -> str | None:
    """The outermost key under which a complete JSON value nests too deep, "" when it
    is not under a key, None when it does not."""
    # Each level opens a bracket: fewer brackets than the limit is the common, quick case.
    if text.count("[", start, stop) + text.count("{", start, stop) <= MAX_DEPTH:
        return None
    nesting = Nesting(start)
    nesting.scan(text, stop)
    return nesting.deep_key


class ObjectDecoder:
    """A reusable JSON decoder that notes the first key repeated within one object."""

    def __init__(self, **options: Any) -> None:
        self.repeated: str | None = None
        # `options` go to the decoder (the portal's answers refuse NaN, Infinity).
        self.decoder = json.JSONDecoder(object_pairs_hook=self._object, **options)

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs) and self.repeated is None:
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.repeated = key
                    break
                seen.add(key)
        return result

    def problem(self) -> Problem | None:
        """The repeated key of the value just decoded, as a problem (and forgotten)."""
        key, self.repeated = self.repeated, None
        return None if key is None else _repeated(key)


@register
class JsonLinesReader(Reader):
    """One JSON object per line, with the CSV column names as keys."""

    extension = "jsonl"

    def __init__(self, path: Path, kind: str = "") -> None:
        super().__init__(path, kind)
        self.handle: IO[bytes] = path.open("rb")

    def close(self) -> None:
        self.handle.close()

    def rows(self) -> Iterator[SourceRow]:
        seen_record = seen_line = False
        objects = ObjectDecoder()
        name = self.path.name
        # A line is read with a bound: one line of gigabytes would otherwise be held whole.
        lines = iter(functools.partial(self.handle.readline, MAX_RECORD + 1), b"")
        for line, data in enumerate(lines, 1):
            if len(data) > MAX_RECORD:
                raise FileProblem(
                    "record_too_large",
                    f"tệp {name}: dòng {line} dài quá {MAX_RECORD // 2**20} MiB",
                    f"the file {name}: line {line} is longer than {MAX_RECORD // 2**20} MiB",
                    line=line)
            text = data.decode("utf-8", errors="surrogateescape")
            if line == 1 and text.startswith("\ufeff"):
                text = text[1:]
            if not text.strip():
                continue
            seen_line = True
            # Only an object can be a record: a line that is not one is rejected as such
            # (or the file, on its first line), however deep it would nest.
            if text.lstrip()[:1] == "{" and (deep := deep_key(text)) is not None:
                yield SourceRow(line, {}, [too_deep(deep)])
                continue
            try:
                record = objects.decoder.decode(text)
            except json.JSONDecodeError as error:
                record, reason = None, str(error)
            except RecursionError:
                record, reason = None, "not an object"
            except ValueError:
                objects.problem()
                yield SourceRow(line, {}, [number_too_long()])
                continue
            else:
                reason = "" if isinstance(record, dict) else "not an object"
            repeated = objects.problem()
            if reason:
                # A first line that is not a JSON object means this is not JSON Lines
                # at all (a binary or a JSON array), not one bad record.
                if not seen_record:
                    self.close()
                    raise FileProblem(
                        "file_not_jsonl",
                        f"tệp {name} không phải JSON Lines (dòng {line}: {reason})",
                        f"the file {name} is not JSON Lines (line {line}: {reason})",
                        line=line,
                    )
                yield SourceRow(line, {}, [Problem(
                    "invalid_json", "",
                    f"dòng không phải một đối tượng JSON ({reason})",
                    f"the line is not a JSON object ({reason})",
                )])
                continue
            seen_record = True
            assert isinstance(record, dict)
            yield SourceRow(line, record, [repeated] if repeated else [])
        if not seen_line:
            # As an empty CSV file: nothing was exported, which is not an empty export.
            raise FileProblem("file_empty", f"tệp {name} trống", f"the file {name} is empty")


def _incomplete(error: json.JSONDecodeError, text: str) -> bool:
    # An error at the buffer's end, or a string still open, may just need more text.
    return error.pos >= len(text) - 16 or error.msg.startswith("Unterminated string")


@dataclass(slots=True)
class ArrayElement:
    line: int
    index: int  # its position in the array, from 1
    # The decoded value; None with a problem when it cannot be decoded at all.
    value: Any
    problem: Problem | None = None


def json_array_records(path: Path) -> Iterator[ArrayElement]:
    """Each element of a JSON array, read in pieces.

    A file of a million dossiers is gigabytes as one array; `json.load` would hold it
    all. Each element is decoded on its own from a moving buffer instead. A syntax error
    is a `FileProblem` (past it, element boundaries cannot be trusted); an element that
    is valid JSON but too deep, or holds an integer too long, is rejected on its own.
    """
    objects = ObjectDecoder()
    name = path.name

    def broken(line: int, reason: str) -> FileProblem:
        return FileProblem(
            "file_not_json", f"tệp {name} không phải JSON hợp lệ (dòng {line}: {reason})",
            f"the file {name} is not valid JSON (line {line}: {reason})", line=line)

    with path.open(encoding="utf-8", errors="surrogateescape") as handle:
        text, pos, line, eof = "", 0, 1, False

        def more() -> None:
            nonlocal text, pos, eof
            chunk = handle.read(1 << 20)
            eof = not chunk
            text, pos = text[pos:] + chunk, 0
            if len(text) > MAX_RECORD:
                raise broken(line, "phần tử quá lớn / element too large")

        def skip() -> str:
            """The next significant character (consumed), or "" at the end."""
            nonlocal pos, line
            while True:
                while pos < len(text) and text[pos] in " \t\r\n\ufeff":
                    if text[pos] == "\n":
                        line += 1
                    pos += 1
                if pos < len(text):
                    pos += 1
                    return text[pos - 1]
                if eof:
                    return ""
                more()

        def end_of_value() -> tuple[int, str]:
            """Where the element at `pos` ends, found without decoding it, and the key
            under which it nests too deep ("" when it does not, or is not under one)."""
            nesting = Nesting(pos)
            while not nesting.scan(text):
                if eof:
                    raise broken(line, "thiếu ] / missing ]")
                shift = pos
                more()
                nesting.at -= shift
            assert nesting.end is not None
            return nesting.end, nesting.deep_key or ""

        if skip() != "[":
            raise broken(line, "không bắt đầu bằng [ / does not start with [")
        index = 0
        while True:
            char = skip()
            if char == "]" and index == 0:
                break
            if not char:
                raise broken(line, "thiếu ] / missing ]")
            pos -= 1
            problem: Problem | None = None
            while True:
                try:
                    value, end = objects.decoder.raw_decode(text, pos)
                except json.JSONDecodeError as error:
                    if not eof and _incomplete(error, text):
                        more()
                        continue
                    raise broken(line + text.count("\n", pos, error.pos), error.msg) from None
                except RecursionError:
                    end, key = end_of_value()
                    value, problem = None, too_deep(key)
                    break
                except ValueError:
                    end, _ = end_of_value()
                    value, problem = None, number_too_long()
                    break
                if end < len(text) or eof:
                    break
                more()  # a number or literal cut at the buffer's end may go on
            repeated = objects.problem()
            if problem is None:
                deep = deep_key(text, pos, end)
                if deep is not None:
                    value, problem = None, too_deep(deep)
                else:
                    problem = repeated
            index += 1
            start = line
            line += text.count("\n", pos, end)
            pos = end
            yield ArrayElement(start, index, value, problem)
            char = skip()
            if char == "]":
                break
            if char != ",":
                raise broken(line, f"cần dấu phẩy hoặc ] / expected , or ] ({char or 'EOF'})")
        if skip():
            raise broken(line, "còn dữ liệu sau ] / data after ]")
