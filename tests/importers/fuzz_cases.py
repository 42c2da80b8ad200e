"""Malformed import files, generated (issue 10, findings 9–13, and a careless clerk's
usual mistakes), for `test_import_fuzz.py`.

Every case is written against the base world of `data/base` (units DB, STP, SYT, TPDBP;
officials CB01, CB02; procedures 1.001234, 1.002345; dossiers HS001–HS003 …) and says
what an import of it must do: how many records it holds, how many are stored, unchanged
and rejected, the exit status, and the codes of the rejections it must make.
"""

from __future__ import annotations

import csv
import io
import json
import struct
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from import_helpers import workbook_bytes

# A file that cannot be read at all: one error, nothing stored.
FILE_LEVEL = frozenset({
    "file_not_text", "file_empty", "missing_columns", "duplicate_columns", "file_not_csv",
    "file_not_jsonl", "file_not_json", "file_not_xlsx", "missing_sheet", "missing_column_name",
    "unsupported_format", "archive_too_large", "archive_ratio", "xml_dtd", "record_too_large",
    "not_attempted", "formula_without_value",
})
# Rejections of a record as a whole: no single field is to blame.
WHOLE_RECORD = frozenset({"row_width", "invalid_json", "invalid_record", "invalid_nested",
                          "invalid_number", "too_deep"})
# Findings of issue 10 (and the usual mistakes, "-") each case is about.
FINDINGS = ("9", "10", "11", "12", "13", "-")


@dataclass(frozen=True)
class Case:
    id: str
    finding: str
    kind: str  # a kind, "portal", or "all" (a folder, or one workbook)
    files: dict[str, bytes]
    read: int  # records in the file(s) that can be read
    stored: int  # created or updated by a first import
    rejected: int = 0
    unchanged: int = 0
    exit: int = 1
    codes: frozenset[str] = frozenset()  # rejections it must make (among others)
    fields: frozenset[str] = frozenset()  # fields those rejections name
    warnings: frozenset[str] = frozenset()
    failed: int = 0  # files that cannot be read
    not_attempted: int = 0

    def __post_init__(self) -> None:
        assert self.finding in FINDINGS, self.id
        assert self.read == self.stored + self.unchanged + self.rejected, self.id
        assert self.exit == (0 if not (self.rejected or self.failed or self.not_attempted)
                             else 1), self.id

    @property
    def argument(self) -> str:
        """What the command is given: the file, or the folder for `all`."""
        if self.kind == "all" and len(self.files) > 1:
            return "."
        (name,) = self.files
        return name


# -- writers ---------------------------------------------------------------------------

def csv_bytes(rows: Iterable[Sequence[Any]], *, newline: str = "\n",
              encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=newline)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue().encode(encoding, errors="surrogateescape")


def jsonl_bytes(*lines: dict[str, Any] | str, newline: str = "\n") -> bytes:
    """One line per record; a string is written as it is (hand-made JSON)."""
    text = newline.join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
                        for line in lines)
    return (text + newline).encode("utf-8", errors="surrogatepass")


def json_array(*records: dict[str, Any] | str) -> bytes:
    parts = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return ("[\n" + ",\n".join(parts) + "\n]\n").encode("utf-8", errors="surrogatepass")


def rezip(data: bytes, change: Callable[[str, bytes], bytes], *,
          extra: dict[str, bytes] | None = None) -> bytes:
    """The workbook with each part passed through `change` (and parts added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def in_sheet(data: bytes, old: bytes, new: bytes, sheet: str = "xl/worksheets/sheet1.xml"
             ) -> bytes:
    def change(name: str, content: bytes) -> bytes:
        if name != sheet:
            return content
        assert old in content, (old, content[:400])
        return content.replace(old, new, 1)

    return rezip(data, change)


def declared_size(data: bytes, member: str, size: int) -> bytes:
    """The archive with `member`'s uncompressed size declared as `size` in its central
    directory (what a crafted archive may claim; nothing is compressed to make it)."""
    blob = bytearray(data)
    name = member.encode()
    at = blob.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", blob, at + 28)[0]
        if bytes(blob[at + 46:at + 46 + name_length]) == name:
            struct.pack_into("<I", blob, at + 24, size)
            return bytes(blob)
        at = blob.find(b"PK\x01\x02", at + 4)
    raise AssertionError(member)


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


# -- rows of the base world's kinds ----------------------------------------------------

UNIT_HEADER = ["code", "name", "kind", "parent_code", "valid_from", "valid_to"]
PROCEDURE_HEADER = ["code", "name", "field", "time_limit", "time_unit", "online_level",
                    "desk_exempt"]
DOSSIER_HEADER = ["code", "procedure_code", "unit_code", "received_at", "due_at",
                  "finished_at", "status", "agencies_contacted"]
STEP_HEADER = ["dossier_code", "seq", "unit_code", "official_code", "started_at", "due_at",
               "finished_at"]
OFFICIAL_HEADER = ["code", "full_name", "unit_code", "position"]


def unit(code: str, name: str = "Phòng thử", parent: str | None = "DB") -> list[Any]:
    return [code, name, "district", parent, "2019-01-01", None]


def procedure(code: str, limit: Any = 10, unit_: str = "working_days") -> list[Any]:
    return [code, f"Thủ tục {code}", "Thử nghiệm", limit, unit_, "full", "không"]


def dossier(code: str, **changes: Any) -> list[Any]:
    row = dict(zip(DOSSIER_HEADER, [code, "1.001234", "STP", "2020-03-02T08:00:00",
                                    "2020-03-16", None, "processing", None], strict=True))
    row.update(changes)
    return [row[name] for name in DOSSIER_HEADER]


def dossier_record(code: str, **changes: Any) -> dict[str, Any]:
    return {k: v for k, v in zip(DOSSIER_HEADER, dossier(code, **changes), strict=True)
            if v is not None}


def portal_record(code: str, **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "MaHoSo": code, "MaTTHC": "1.001234", "DonViXuLy": "STP",
        "NgayTiepNhan": "20200302080000", "NgayHenTra": "20200316170000",
        "TrangThaiHoSo": "1", "KenhThucHien": "1", "HinhThuc": "0"}
    record.update(changes)
    return record


def units_csv(*rows: list[Any], **options: Any) -> bytes:
    return csv_bytes([UNIT_HEADER, *rows], **options)


def dossiers_csv(*rows: list[Any], **options: Any) -> bytes:
    return csv_bytes([DOSSIER_HEADER, *rows], **options)


def procedures_csv(*rows: list[Any]) -> bytes:
    return csv_bytes([PROCEDURE_HEADER, *rows])


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


# Two records, one of them wrong: the other is stored.
ONE_BAD = {"read": 2, "stored": 1, "rejected": 1}


def _case(id: str, finding: str, kind: str, name: str, content: bytes, **expected: Any
          ) -> Case:
    return Case(id, finding, kind, {name: content}, **expected)


def _codes(*codes: str) -> frozenset[str]:
    return frozenset(codes)


# -- CSV -------------------------------------------------------------------------------

def csv_cases() -> list[Case]:
    return [
        _case("csv-count-plus-minus", "9", "procedures", "procedures.csv",
              procedures_csv(procedure("9.000001", "+-1"), procedure("9.000002")), **ONE_BAD,
              codes=_codes("invalid_integer"), fields=_codes("time_limit")),
        _case("csv-count-5000-digits", "9", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS901", agencies_contacted="9" * 5000), dossier("HS902")),
              **ONE_BAD, codes=_codes("invalid_integer"), fields=_codes("agencies_contacted")),
        _case("csv-count-sign-only", "9", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS903", agencies_contacted="-"), dossier("HS904")),
              **ONE_BAD, codes=_codes("invalid_integer")),
        _case("csv-count-other-digits", "9", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS905", agencies_contacted="١٢"), dossier("HS906")),
              **ONE_BAD, codes=_codes("invalid_integer")),
        _case("csv-count-decimal", "-", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS907", agencies_contacted="1.5"), dossier("HS908")),
              **ONE_BAD, codes=_codes("invalid_integer")),
        _case("csv-count-negative", "-", "procedures", "procedures.csv",
              procedures_csv(procedure("9.000003", "-5"), procedure("9.000004")), **ONE_BAD,
              codes=_codes("invalid_integer")),
        _case("csv-time-limit-int-max", "12", "procedures", "procedures.csv",
              procedures_csv(procedure("9.000005", 2147483647), procedure("9.000006", 365)),
              **ONE_BAD, codes=_codes("time_limit_too_long"), fields=_codes("time_limit")),
        _case("csv-time-limit-days", "12", "procedures", "procedures.csv",
              procedures_csv(procedure("9.000007", 366, "days"), procedure("9.000008", 365,
                                                                           "days")),
              **ONE_BAD, codes=_codes("time_limit_too_long")),
        _case("csv-time-limit-hours", "12", "procedures", "procedures.csv",
              procedures_csv(procedure("9.000009", 2921, "working_hours"),
                             procedure("9.000010", 2920, "working_hours")),
              **ONE_BAD, codes=_codes("time_limit_too_long")),
        _case("csv-time-limit-no-unit-column", "12", "procedures", "procedures.csv",
              csv_bytes([["code", "name", "time_limit"], ["9.000011", "Thủ tục", 400],
                         ["9.000012", "Thủ tục", 30]]),
              **ONE_BAD, codes=_codes("time_limit_too_long")),
        _case("csv-steps-seq-too-large", "12", "steps", "steps.csv",
              csv_bytes([STEP_HEADER, ["HS003", 2**31, "STP", None, None, None, None],
                         ["HS003", 1, "STP", "CB01", "2020-03-04T14:05:00", None, None]]),
              **ONE_BAD, codes=_codes("invalid_integer"), fields=_codes("seq")),
        _case("csv-unit-own-parent", "13", "units", "units.csv",
              units_csv(unit("FZ1", parent="FZ1"), unit("FZ2")), **ONE_BAD,
              codes=_codes("parent_cycle"), fields=_codes("parent_code")),
        _case("csv-stored-unit-own-parent", "13", "units", "units.csv",
              units_csv(["TPDBP", "Thành phố Điện Biên Phủ", "district", "TPDBP", "2004-01-01",
                         "2025-06-30"], unit("FZ3")), **ONE_BAD, codes=_codes("parent_cycle")),
        # SYT moves under STP (stored; accepted), then STP under SYT closes a cycle.
        _case("csv-unit-cycle-in-file", "13", "units", "units.csv",
              units_csv(["SYT", "Sở Y tế", "province_agency", "STP", "2004-01-01", None],
                        ["STP", "Sở Tư pháp", "province_agency", "SYT", "2004-01-01", None]),
              **ONE_BAD, codes=_codes("parent_cycle")),
        # TPDBP's parent is DB: DB under TPDBP would make DB → TPDBP → DB.
        _case("csv-unit-cycle-with-stored", "13", "units", "units.csv",
              units_csv(["DB", "Tỉnh Điện Biên", "province", "TPDBP", "2004-01-01", None],
                        unit("FZ4")), **ONE_BAD, codes=_codes("parent_cycle")),
        _case("csv-bom", "-", "units", "units.csv", b"\xef\xbb\xbf" + units_csv(unit("FZ5")),
              read=1, stored=1, exit=0),
        _case("csv-crlf", "-", "units", "units.csv",
              units_csv(unit("FZ6"), unit("FZ7"), newline="\r\n"), read=2, stored=2, exit=0),
        _case("csv-latin-1-cell", "-", "units", "units.csv",
              units_csv(unit("FZ8", name="S\udce1 T\udcfa ph\udce1p"), unit("FZ9")), **ONE_BAD,
              codes=_codes("invalid_utf8"), fields=_codes("name")),
        _case("csv-utf-16", "-", "units", "units.csv",
              units_csv(unit("FZ10"), encoding="utf-16"), read=0, stored=0, failed=1,
              codes=_codes("file_not_text")),
        _case("csv-binary", "-", "units", "units.csv", PNG, read=0, stored=0, failed=1,
              codes=_codes("file_not_text")),
        _case("csv-empty", "-", "units", "units.csv", b"", read=0, stored=0, failed=1,
              codes=_codes("file_empty")),
        _case("csv-header-only", "-", "units", "units.csv", units_csv(), read=0, stored=0,
              exit=0),
        _case("csv-missing-required-column", "-", "units", "units.csv",
              csv_bytes([["code", "name"], ["FZ11", "Phòng"]]), read=0, stored=0, failed=1,
              codes=_codes("missing_columns")),
        _case("csv-duplicate-column", "-", "units", "units.csv",
              csv_bytes([["code", "name", "kind", "name"], ["FZ12", "a", "district", "b"]]),
              read=0, stored=0, failed=1, codes=_codes("duplicate_columns")),
        _case("csv-extra-column", "-", "units", "units.csv",
              csv_bytes([[*UNIT_HEADER, "ghi_chu"], [*unit("FZ13"), "x"]]), read=1, stored=1,
              exit=0, warnings=_codes("unknown_column")),
        _case("csv-row-too-wide", "-", "units", "units.csv",
              units_csv([*unit("FZ14"), "thừa"], unit("FZ15")), **ONE_BAD,
              codes=_codes("row_width")),
        _case("csv-row-too-short", "-", "units", "units.csv",
              units_csv(["FZ16", "Phòng"], unit("FZ17")), **ONE_BAD, codes=_codes("row_width")),
        _case("csv-unterminated-quote", "-", "units", "units.csv",
              units_csv(unit("FZ18")) + b'FZ19,"Ph\xc3\xb2ng,district,DB,,\n', **ONE_BAD,
              codes=_codes("row_width")),
        _case("csv-nul-byte", "-", "units", "units.csv",
              units_csv(unit("FZ20", name="Phòng\x00thử"), unit("FZ21")), **ONE_BAD,
              codes=_codes("control_character"), fields=_codes("name")),
        _case("csv-tab-in-code", "-", "units", "units.csv",
              units_csv(unit("FZ\t22"), unit("FZ23")), **ONE_BAD,
              codes=_codes("control_character"), fields=_codes("code")),
        _case("csv-overlong-name", "-", "units", "units.csv",
              units_csv(unit("FZ24", name="Phòng " * 60), unit("FZ25")), **ONE_BAD,
              codes=_codes("too_long"), fields=_codes("name")),
        _case("csv-overlong-code", "-", "units", "units.csv",
              units_csv(unit("F" * 65), unit("FZ26")), **ONE_BAD, codes=_codes("too_long")),
        _case("csv-unknown-choice", "-", "units", "units.csv",
              units_csv(["FZ27", "Phòng", "sở", "DB", None, None], unit("FZ28")), **ONE_BAD,
              codes=_codes("invalid_choice"), fields=_codes("kind")),
        _case("csv-wrong-boolean", "-", "unit_procedures", "unit_procedures.csv",
              csv_bytes([["unit_code", "procedure_code", "posted_on_site"],
                         ["STP", "1.002345", "có lẽ"], ["SYT", "1.001234", "có"]]),
              **ONE_BAD, codes=_codes("invalid_boolean"), fields=_codes("posted_on_site")),
        _case("csv-impossible-date", "-", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS909", received_at="2020-02-30"), dossier("HS910")),
              **ONE_BAD, codes=_codes("invalid_date"), fields=_codes("received_at")),
        _case("csv-date-year-10000", "-", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS911", due_at="10000-01-01"), dossier("HS912")),
              **ONE_BAD, codes=_codes("invalid_date")),
        _case("csv-date-dd-mm-yyyy", "-", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS913", received_at="02/03/2020"), dossier("HS914")),
              **ONE_BAD, codes=_codes("invalid_date")),
        _case("csv-finished-before-received", "-", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS915", finished_at="2020-03-01", status="finished"),
                           dossier("HS916")), **ONE_BAD, codes=_codes("date_order"),
              fields=_codes("finished_at")),
        _case("csv-duplicate-code", "-", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS917"), dossier("HS917", status="finished",
                                                     finished_at="2020-03-05")), **ONE_BAD,
              codes=_codes("duplicate_key")),
        _case("csv-unknown-unit", "-", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS918", unit_code="SXX"), dossier("HS919")), **ONE_BAD,
              codes=_codes("unknown_unit"), fields=_codes("unit_code")),
        _case("csv-unknown-procedure", "-", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS920", procedure_code="9.999999"), dossier("HS921")),
              **ONE_BAD, codes=_codes("unknown_procedure")),
        _case("csv-missing-required-value", "-", "dossiers", "dossiers.csv",
              dossiers_csv(dossier("HS922", status=None), dossier("HS923")), **ONE_BAD,
              codes=_codes("required"), fields=_codes("status")),
        _case("csv-unknown-official", "-", "officials", "officials.csv",
              csv_bytes([OFFICIAL_HEADER, ["CB90", "Lê Văn A", "SXX", None],
                         ["CB91", "Lê Văn B", "STP", "Chuyên viên"]]), **ONE_BAD,
              codes=_codes("unknown_unit")),
        _case("csv-different-rating", "-", "ratings", "ratings.csv",
              csv_bytes([["dossier_code", "channel", "satisfaction"],
                         ["HS001", "paper", "dissatisfied"]]), read=1, stored=0, rejected=1,
              codes=_codes("rating_conflict")),
        _case("csv-update-of-a-stored-row", "-", "units", "units.csv",
              units_csv(["STP", "Sở Tư pháp tỉnh Điện Biên", "province_agency", "DB",
                         "2004-01-01", None]), read=1, stored=1, exit=0),
        _case("csv-decomposed-vietnamese", "-", "units", "units.csv",
              units_csv(unit("FZ29", name="Pho\u0300ng Tu\u031b pha\u0301p")), read=1,
              stored=1, exit=0),
    ]


# -- JSON Lines ------------------------------------------------------------------------

def appended(record: dict[str, Any], extra: str) -> str:
    """The record as JSON, with `extra` (hand-made JSON) appended to its object."""
    return json.dumps(record)[:-1] + ", " + extra + "}"


def _jsonl_dossier(code: str, extra: str) -> str:
    return appended(dossier_record(code), extra)


def jsonl_cases() -> list[Case]:
    good = dossier_record
    return [
        _case("jsonl-100000-deep", "9", "dossiers", "dossiers.jsonl",
              jsonl_bytes(_jsonl_dossier("HS930", f'"x": {deep(100_000)}'), good("HS931")),
              **ONE_BAD, codes=_codes("too_deep"), fields=_codes("x")),
        _case("jsonl-900-deep-under-a-field", "9", "dossiers", "dossiers.jsonl",
              jsonl_bytes(_jsonl_dossier("HS932", f'"steps": {deep(900)}'), good("HS933")),
              **ONE_BAD, codes=_codes("too_deep"), fields=_codes("steps")),
        _case("jsonl-33-levels", "9", "dossiers", "dossiers.jsonl",
              jsonl_bytes(_jsonl_dossier("HS934", f'"x": {deep(32)}'),
                          _jsonl_dossier("HS935", f'"x": {deep(31)}')),
              **ONE_BAD, codes=_codes("too_deep"), warnings=_codes("unknown_column")),
        _case("jsonl-100000-deep-first-line", "9", "dossiers", "dossiers.jsonl",
              jsonl_bytes(deep(100_000), good("HS936")), read=0, stored=0, failed=1,
              codes=_codes("file_not_jsonl")),
        _case("jsonl-5000-digits", "9", "dossiers", "dossiers.jsonl",
              jsonl_bytes(_jsonl_dossier("HS937", f'"agencies_contacted": {"9" * 5000}'),
                          good("HS938")), **ONE_BAD, codes=_codes("invalid_number")),
        _case("jsonl-4000-digits", "9", "dossiers", "dossiers.jsonl",
              jsonl_bytes(_jsonl_dossier("HS939", f'"agencies_contacted": {"9" * 4000}'),
                          good("HS940")), **ONE_BAD, codes=_codes("invalid_integer"),
              fields=_codes("agencies_contacted")),
        _case("jsonl-nan-count", "9", "dossiers", "dossiers.jsonl",
              jsonl_bytes(_jsonl_dossier("HS941", '"agencies_contacted": NaN'),
                          good("HS942")), **ONE_BAD, codes=_codes("invalid_integer")),
        _case("jsonl-duplicate-key", "10", "dossiers", "dossiers.jsonl",
              jsonl_bytes(_jsonl_dossier("HS943", '"status": "finished"'), good("HS944")),
              **ONE_BAD, codes=_codes("duplicate_json_key"), fields=_codes("status")),
        _case("jsonl-duplicate-key-nested", "10", "dossiers", "dossiers.jsonl",
              jsonl_bytes(_jsonl_dossier("HS945", '"steps": [{"seq": 1, "unit_code": "STP",'
                                                  ' "seq": 2}]'), good("HS946")),
              # The rejected dossier's step is read too, and rejected: its dossier is not.
              read=3, stored=1, rejected=2, codes=_codes("duplicate_json_key", "unknown_dossier"),
              fields=_codes("seq")),
        _case("jsonl-misspelt-nested-key", "10", "dossiers", "dossiers.jsonl",
              jsonl_bytes(good("HS947") | {"steps": [
                  {"seq": 1, "unit_code": "STP", "finshed_at": "2020-03-03T10:00:00"}]}),
              read=2, stored=2, exit=0, warnings=_codes("unknown_column")),
        _case("jsonl-unknown-key", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(good("HS948") | {"recieved_at": "2020-03-02"}), read=1, stored=1,
              exit=0, warnings=_codes("unknown_column")),
        _case("jsonl-broken-line", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(good("HS949"), '{"code": "HS950", "status": '), **ONE_BAD,
              codes=_codes("invalid_json")),
        _case("jsonl-array-line", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(good("HS951"), "[1, 2]"), **ONE_BAD, codes=_codes("invalid_json")),
        _case("jsonl-json-array-file", "-", "dossiers", "dossiers.jsonl",
              json_array(good("HS952")), read=0, stored=0, failed=1,
              codes=_codes("file_not_jsonl")),
        _case("jsonl-empty", "-", "dossiers", "dossiers.jsonl", b"\n\n", read=0, stored=0,
              failed=1, codes=_codes("file_empty")),
        _case("jsonl-bom-crlf", "-", "dossiers", "dossiers.jsonl",
              b"\xef\xbb\xbf" + jsonl_bytes(good("HS953"), good("HS954"), newline="\r\n"),
              read=2, stored=2, exit=0),
        _case("jsonl-object-as-code", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(good("HS955") | {"code": {"a": 1}}, good("HS956")), **ONE_BAD,
              codes=_codes("invalid_text"), fields=_codes("code")),
        _case("jsonl-number-as-date", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(good("HS957") | {"received_at": 20200302}, good("HS958")),
              **ONE_BAD, codes=_codes("invalid_date"), fields=_codes("received_at")),
        _case("jsonl-nul-escape", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(json.dumps(good("HS959")).replace('"STP"', '"ST\\u0000P"'),
                          good("HS960")), **ONE_BAD, codes=_codes("control_character"),
              fields=_codes("unit_code")),
        _case("jsonl-nul-in-code", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(good("HS961") | {"code": "HS\x00962"}, good("HS963")), **ONE_BAD,
              codes=_codes("control_character"), fields=_codes("code")),
        _case("jsonl-lone-surrogate", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(json.dumps(good("HS964")).replace('"STP"', '"\\ud800"'),
                          good("HS965")), **ONE_BAD, codes=_codes("invalid_utf8")),
        _case("jsonl-steps-not-an-array", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(good("HS966") | {"steps": "bước 1"}, good("HS967")), **ONE_BAD,
              codes=_codes("invalid_nested"), fields=_codes("steps")),
        _case("jsonl-bad-nested-step", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(good("HS968") | {"steps": [{"seq": "một", "unit_code": "STP"}]}),
              read=2, stored=1, rejected=1, codes=_codes("invalid_integer"),
              fields=_codes("steps[0].seq")),
        _case("jsonl-missing-required", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes({k: v for k, v in good("HS969").items() if k != "status"},
                          good("HS970")), **ONE_BAD, codes=_codes("required")),
    ]


# -- XLSX ------------------------------------------------------------------------------

def _dossier_sheet(*codes: str, width: int = 7) -> list[list[Any]]:
    header = DOSSIER_HEADER[:width]
    return [header, *[[*dossier(code)[:3], datetime(2020, 3, 2, 8), date(2020, 3, 16), None,
                       "processing"][:width] for code in codes]]


def dossier_book(*codes: str) -> bytes:
    return workbook_bytes({"dossiers": _dossier_sheet(*codes)})


def xlsx_cases() -> list[Case]:
    five = [f"HS97{n}" for n in range(5)]
    formula = dossier_book("HS980", "HS981")
    return [
        # Five rows, a dimension that says two: all five are read.
        _case("xlsx-rows-past-dimension", "10", "dossiers", "dossiers.xlsx",
              in_sheet(dossier_book(*five), b'<dimension ref="A1:G6"', b'<dimension ref="A1:G3"'),
              read=5, stored=5, exit=0),
        # The status column (G) lies outside the declared dimension: still read.
        _case("xlsx-column-past-dimension", "10", "dossiers", "dossiers.xlsx",
              in_sheet(dossier_book("HS975", "HS976"), b'<dimension ref="A1:G3"',
                       b'<dimension ref="A1:F3"'), read=2, stored=2, exit=0),
        _case("xlsx-formula-without-value", "10", "dossiers", "dossiers.xlsx",
              in_sheet(formula, b'<c r="G2" t="inlineStr"><is><t>processing</t></is></c>',
                       b'<c r="G2"><f>LOWER("PROCESSING")</f><v /></c>'), **ONE_BAD,
              codes=_codes("formula_without_value"), fields=_codes("status")),
        _case("xlsx-formula-with-value", "10", "dossiers", "dossiers.xlsx",
              in_sheet(formula, b'<c r="G2" t="inlineStr"><is><t>processing</t></is></c>',
                       b'<c r="G2" t="str"><f>LOWER("PROCESSING")</f><v>processing</v></c>'),
              read=2, stored=2, exit=0),
        _case("xlsx-formula-error", "10", "dossiers", "dossiers.xlsx",
              in_sheet(formula, b'<c r="G2" t="inlineStr"><is><t>processing</t></is></c>',
                       b'<c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'), **ONE_BAD,
              codes=_codes("formula_error"), fields=_codes("status")),
        _case("xlsx-truncated-sheet-xml", "9", "dossiers", "dossiers.xlsx",
              rezip(dossier_book("HS982", "HS983"), lambda name, content: content[:len(content) // 2]
                    if name == "xl/worksheets/sheet1.xml" else content),
              read=0, stored=0, failed=1, codes=_codes("file_not_xlsx")),
        _case("xlsx-entity-dtd", "9", "dossiers", "dossiers.xlsx",
              rezip(dossier_book("HS984"), lambda name, content: content.replace(
                  b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
                  b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet', 1)
                  if name == "xl/worksheets/sheet1.xml" else content),
              read=0, stored=0, failed=1, codes=_codes("xml_dtd")),
        _case("xlsx-dtd-in-shared-part", "9", "dossiers", "dossiers.xlsx",
              rezip(dossier_book("HS985"), lambda name, content: b'<?xml version="1.0"?>'
                    b'<!DOCTYPE x SYSTEM "file:///etc/passwd">' + content
                    if name == "xl/workbook.xml" else content),
              read=0, stored=0, failed=1, codes=_codes("xml_dtd")),
        # 1.5 MB that would expand a thousand times: refused before it is expanded.
        _case("xlsx-zip-bomb", "11", "dossiers", "dossiers.xlsx",
              in_sheet(dossier_book("HS986"), b"</sheetData>", b" " * (24 * 2**20) + b"</sheetData>"),
              read=0, stored=0, failed=1, codes=_codes("archive_ratio")),
        _case("xlsx-declared-size", "11", "dossiers", "dossiers.xlsx",
              declared_size(dossier_book("HS987"), "xl/styles.xml", 3 * 2**30), read=0, stored=0,
              failed=1, codes=_codes("archive_too_large")),
        _case("xlsx-bad-cell-reference", "9", "dossiers", "dossiers.xlsx",
              in_sheet(dossier_book("HS998"), b'<c r="A2" ', b'<c r="ZZZZ2" '), read=0,
              stored=0, failed=1, codes=_codes("file_not_xlsx")),
        _case("xlsx-shared-string-missing", "9", "dossiers", "dossiers.xlsx",
              in_sheet(dossier_book("HS999"), b'<c r="A2" t="inlineStr"><is><t>HS999</t></is>',
                       b'<c r="A2" t="s"><v>999</v>'), read=0, stored=0, failed=1,
              codes=_codes("file_not_xlsx")),
        _case("xlsx-not-a-zip", "-", "dossiers", "dossiers.xlsx", PNG, read=0, stored=0,
              failed=1, codes=_codes("file_not_xlsx")),
        _case("xlsx-empty-file", "-", "dossiers", "dossiers.xlsx", b"", read=0, stored=0,
              failed=1, codes=_codes("file_not_xlsx")),
        _case("xlsx-empty-sheet", "-", "dossiers", "dossiers.xlsx",
              workbook_bytes({"dossiers": []}), read=0, stored=0, failed=1,
              codes=_codes("file_empty")),
        _case("xlsx-header-only", "-", "dossiers", "dossiers.xlsx", dossier_book(), read=0,
              stored=0, exit=0),
        _case("xlsx-missing-sheet", "-", "dossiers", "dossiers.xlsx",
              workbook_bytes({"units": [UNIT_HEADER], "steps": [STEP_HEADER]}), read=0, stored=0,
              failed=1, codes=_codes("missing_sheet")),
        _case("xlsx-missing-column", "-", "dossiers", "dossiers.xlsx",
              workbook_bytes({"dossiers": [DOSSIER_HEADER[:3], ["HS988", "1.001234", "STP"]]}),
              read=0, stored=0, failed=1, codes=_codes("missing_columns")),
        _case("xlsx-value-without-header", "-", "dossiers", "dossiers.xlsx",
              workbook_bytes({"dossiers": [*_dossier_sheet("HS989"),
                                       [*_dossier_sheet("HS990")[1], None, "thừa"]]}),
              **ONE_BAD, codes=_codes("row_width")),
        _case("xlsx-date-in-a-count", "-", "dossiers", "dossiers.xlsx",
              workbook_bytes({"dossiers": [DOSSIER_HEADER,
                                       [*_dossier_sheet("HS991")[1], date(2020, 1, 1)],
                                       [*_dossier_sheet("HS992")[1], 2]]}), **ONE_BAD,
              codes=_codes("invalid_integer"), fields=_codes("agencies_contacted")),
        _case("xlsx-fraction-in-a-count", "-", "dossiers", "dossiers.xlsx",
              workbook_bytes({"dossiers": [DOSSIER_HEADER, [*_dossier_sheet("HS993")[1], 2.5],
                                       [*_dossier_sheet("HS994")[1], 2]]}), **ONE_BAD,
              codes=_codes("invalid_integer")),
        _case("xlsx-duplicate-code", "-", "dossiers", "dossiers.xlsx",
              dossier_book("HS995", "HS995"), **ONE_BAD, codes=_codes("duplicate_key")),
        _case("xlsx-time-limit-int-max", "12", "procedures", "procedures.xlsx",
              workbook_bytes({"procedures": [PROCEDURE_HEADER, procedure("9.000013", 2147483647),
                                         procedure("9.000014", 20)]}), **ONE_BAD,
              codes=_codes("time_limit_too_long")),
        _case("xlsx-unit-cycle", "13", "units", "units.xlsx",
              workbook_bytes({"units": [UNIT_HEADER, ["DB", "Tỉnh Điện Biên", "province", "STP",
                                                  date(2004, 1, 1), None], unit("FZ30")]}),
              **ONE_BAD, codes=_codes("parent_cycle")),
    ]


# -- the portal's JSON -----------------------------------------------------------------

def _portal_with(code: str, extra: str) -> str:
    return appended(portal_record(code), extra)


def portal_cases() -> list[Case]:
    good = portal_record
    return [
        _case("portal-100000-deep", "9", "portal", "portal.json",
              json_array(_portal_with("HP01", f'"TaiLieu": {deep(100_000)}'), good("HP02")),
              **ONE_BAD, codes=_codes("too_deep")),
        _case("portal-100000-deep-element", "9", "portal", "portal.json",
              json_array(deep(100_000), good("HP03")), **ONE_BAD, codes=_codes("too_deep")),
        _case("portal-jsonl-100000-deep", "9", "portal", "portal.jsonl",
              jsonl_bytes(_portal_with("HP04", f'"TaiLieu": {deep(100_000)}'), good("HP05")),
              **ONE_BAD, codes=_codes("too_deep"), fields=_codes("TaiLieu")),
        _case("portal-900-deep-raw-key", "9", "portal", "portal.json",
              json_array(_portal_with("HP06", f'"TaiLieu": {deep(900)}'), good("HP07")),
              **ONE_BAD, codes=_codes("too_deep"), fields=_codes("TaiLieu")),
        _case("portal-nan-raw-key", "9", "portal", "portal.json",
              json_array(_portal_with("HP08", '"PhiLePhi": NaN'), good("HP09")), **ONE_BAD,
              codes=_codes("invalid_number")),
        _case("portal-infinity-raw-key", "9", "portal", "portal.jsonl",
              jsonl_bytes(_portal_with("HP10", '"PhiLePhi": -Infinity'), good("HP11")),
              **ONE_BAD, codes=_codes("invalid_number")),
        _case("portal-huge-exponent-raw-key", "9", "portal", "portal.json",
              json_array(_portal_with("HP12", '"PhiLePhi": 1e999'), good("HP13")), **ONE_BAD,
              codes=_codes("invalid_number")),
        _case("portal-5000-digits", "9", "portal", "portal.json",
              json_array(_portal_with("HP14", f'"PhiLePhi": {"1" * 5000}'), good("HP15")),
              **ONE_BAD, codes=_codes("invalid_number")),
        _case("portal-duplicate-key", "10", "portal", "portal.json",
              json_array(_portal_with("HP16", '"MaHoSo": "HP17"'), good("HP18")), **ONE_BAD,
              codes=_codes("duplicate_json_key"), fields=_codes("MaHoSo")),
        _case("portal-bad-date", "-", "portal", "portal.json",
              json_array(good("HP19", NgayTiepNhan="31/02/2020"), good("HP20")), **ONE_BAD,
              codes=_codes("invalid_date"), fields=_codes("NgayTiepNhan")),
        _case("portal-unknown-status", "-", "portal", "portal.json",
              json_array(good("HP21", TrangThaiHoSo="99"), good("HP22")), **ONE_BAD,
              codes=_codes("unknown_status_code")),
        _case("portal-unknown-unit", "-", "portal", "portal.json",
              json_array(good("HP23", DonViXuLy="Sở Không Có"), good("HP24")), **ONE_BAD,
              codes=_codes("unknown_unit"), fields=_codes("DonViXuLy")),
        _case("portal-unknown-procedure", "-", "portal", "portal.json",
              json_array(good("HP25", MaTTHC="9.999999"), good("HP26")), **ONE_BAD,
              codes=_codes("unknown_procedure"), fields=_codes("MaTTHC")),
        _case("portal-element-not-an-object", "-", "portal", "portal.json",
              json_array('"HP27"', good("HP28")), **ONE_BAD, codes=_codes("invalid_record")),
        _case("portal-steps-not-an-array", "-", "portal", "portal.json",
              json_array(good("HP29", QuaTrinhXuLy="xong"), good("HP30")), **ONE_BAD,
              codes=_codes("invalid_nested")),
        _case("portal-nul-in-raw-key", "-", "portal", "portal.json",
              json_array(good("HP31", GhiChu="a\x00b"), good("HP32")), **ONE_BAD,
              codes=_codes("control_character")),
        _case("portal-syntax-error", "-", "portal", "portal.json",
              json_array(good("HP33"), '{"MaHoSo": "HP34",}'), read=0, stored=0, failed=1,
              codes=_codes("file_not_json")),
        _case("portal-not-json", "-", "portal", "portal.json", PNG, read=0, stored=0,
              failed=1, codes=_codes("file_not_json")),
        _case("portal-empty", "-", "portal", "portal.json", b"  \n", read=0, stored=0,
              failed=1, codes=_codes("file_empty")),
        _case("portal-unclosed-array", "-", "portal", "portal.json",
              json_array(good("HP35"))[:-3], read=0, stored=0, failed=1,
              codes=_codes("file_not_json")),
    ]


# -- canonical format version 2: the national index's fields -----------------------------

V2_DOSSIER_HEADER = [*DOSSIER_HEADER, "synced_at", "result_electronic", "components_digitised",
                     "reused_data", "personal_storage", "vneid_verified", "fee_due",
                     "paid_online"]
V2_PROCEDURE_HEADER = [*PROCEDURE_HEADER, "paper_result_required", "has_fee",
                       "full_online_eligible", "citizen_applicants"]
PETITION_HEADER = ["code", "unit_code", "received_at", "channel", "refused", "citizen_rating",
                   "follow_up_of"]


def v2_dossier(code: str, **changes: Any) -> list[Any]:
    index = {"synced_at": "2020-03-02T08:05:00", "result_electronic": "true",
             "components_digitised": "có", "reused_data": "0", "personal_storage": None,
             "vneid_verified": "1", "fee_due": "không", "paid_online": "portal"}
    row = dict(zip(DOSSIER_HEADER, dossier(code), strict=True)) | index | changes
    return [row[name] for name in V2_DOSSIER_HEADER]


def v2_petition(code: str, **changes: Any) -> list[Any]:
    row = {"code": code, "unit_code": "STP", "received_at": "2020-03-20T09:00:00",
           "channel": "hotline", "refused": "false", "citizen_rating": "negative",
           "follow_up_of": "PA001"} | changes
    return [row[name] for name in PETITION_HEADER]


def v2_dossiers_csv(*rows: list[Any]) -> bytes:
    return csv_bytes([V2_DOSSIER_HEADER, *rows])


def v2_petitions_csv(*rows: list[Any]) -> bytes:
    return csv_bytes([PETITION_HEADER, *rows])


def v2_cases() -> list[Case]:
    def record(code: str, **changes: Any) -> dict[str, Any]:
        return {k: v for k, v in zip(V2_DOSSIER_HEADER, v2_dossier(code, **changes),
                                     strict=True) if v is not None}

    sheet = [V2_DOSSIER_HEADER, *[[*v2_dossier(code)[:3], datetime(2020, 3, 2, 8),
                                   date(2020, 3, 16), None, "processing", None,
                                   datetime(2020, 3, 2, 8, 5), True, flag, False, None, 1,
                                   "không", paid]
                                  for code, flag, paid in (("HSV31", "có", "local"),
                                                           ("HSV32", "nope", "portal"))]]
    # (case, field, a wrong value, the rejection): one wrong dossier, one right one.
    wrong = [("flag", "result_electronic", "yes", "invalid_boolean"),
             ("payment", "paid_online", "1", "invalid_choice"),
             ("synced-at", "synced_at", "2020-13-01", "invalid_date")]
    return [
        *[_case(f"csv-v2-bad-{name}", "-", "dossiers", "dossiers.csv",
                v2_dossiers_csv(v2_dossier(f"HSV0{n}", **{field: value}),
                                v2_dossier(f"HSV1{n}")),
                **ONE_BAD, codes=_codes(code), fields=_codes(field))
          for n, (name, field, value, code) in enumerate(wrong)],
        # Every new column empty: unknown, stored.
        _case("csv-v2-all-empty", "-", "dossiers", "dossiers.csv",
              v2_dossiers_csv(v2_dossier("HSV07", **dict.fromkeys(V2_DOSSIER_HEADER[8:])),
                              v2_dossier("HSV08")), read=2, stored=2, exit=0),
        _case("csv-v2-procedure-bad-flag", "-", "procedures", "procedures.csv",
              csv_bytes([V2_PROCEDURE_HEADER, [*procedure("9.000101"), "có", "x", "1", None],
                         [*procedure("9.000102"), "có", "không", "1", "true"]]),
              **ONE_BAD, codes=_codes("invalid_boolean"), fields=_codes("has_fee")),
        _case("csv-v2-petition-bad-rating", "-", "petitions", "petitions.csv",
              v2_petitions_csv(v2_petition("PAV01", citizen_rating="rất hài lòng"),
                               v2_petition("PAV02")),
              **ONE_BAD, codes=_codes("invalid_choice"), fields=_codes("citizen_rating")),
        _case("csv-v2-petition-unknown-follow-up", "-", "petitions", "petitions.csv",
              v2_petitions_csv(v2_petition("PAV03", follow_up_of="PAV99"), v2_petition("PAV04")),
              **ONE_BAD, codes=_codes("unknown_petition"), fields=_codes("follow_up_of")),
        _case("csv-v2-petition-follow-up-itself", "-", "petitions", "petitions.csv",
              v2_petitions_csv(v2_petition("PAV05", follow_up_of="PAV05"), v2_petition("PAV06")),
              **ONE_BAD, codes=_codes("follow_up_of_itself"), fields=_codes("follow_up_of")),
        # A follow-up of the row before it, in the same batch.
        _case("csv-v2-petition-follow-up-earlier-row", "-", "petitions", "petitions.csv",
              v2_petitions_csv(v2_petition("PAV07"), v2_petition("PAV08", follow_up_of="PAV07",
                                                                 refused="có")),
              read=2, stored=2, exit=0),
        _case("jsonl-v2-flag-as-number", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(record("HSV21") | {"vneid_verified": 2},
                          record("HSV22") | {"vneid_verified": True, "fee_due": None}),
              **ONE_BAD, codes=_codes("invalid_boolean"), fields=_codes("vneid_verified")),
        _case("jsonl-v2-payment-as-object", "-", "dossiers", "dossiers.jsonl",
              jsonl_bytes(record("HSV23") | {"paid_online": {"kenh": 1}}, record("HSV24")),
              **ONE_BAD, codes=_codes("invalid_choice"), fields=_codes("paid_online")),
        # Excel's own booleans and numbers beside text ones; one word that is no boolean.
        _case("xlsx-v2-excel-booleans", "-", "dossiers", "dossiers.xlsx",
              workbook_bytes({"dossiers": sheet}), **ONE_BAD, codes=_codes("invalid_boolean"),
              fields=_codes("components_digitised")),
        _case("portal-v2-index-keys", "-", "portal", "portal.json",
              json_array(portal_record("HPV01", MaKetQua="KQ1", DuongDanTepTinKetQua="kq.pdf",
                                       DuocSoHoa=1, DuocLayTuKhoDMQG="0",
                                       TaiKhoanDuocXacThucVoiVNeID=True,
                                       DuocThanhToanTrucTuyen="1"),
                         portal_record("HPV02", MaKetQua="", DuocThanhToanTrucTuyen="")),
              read=2, stored=2, exit=0),
        _case("portal-v2-bad-payment-code", "-", "portal", "portal.json",
              json_array(portal_record("HPV03", DuocThanhToanTrucTuyen="3"),
                         portal_record("HPV04", DuocThanhToanTrucTuyen=2)), **ONE_BAD,
              codes=_codes("invalid_choice"), fields=_codes("DuocThanhToanTrucTuyen")),
        _case("portal-v2-bad-flag", "-", "portal", "portal.jsonl",
              jsonl_bytes(portal_record("HPV05", TaiKhoanDuocXacThucVoiVNeID="có lẽ"),
                          portal_record("HPV06", HoSoCoThanhPhanSoHoa="không")), **ONE_BAD,
              codes=_codes("invalid_boolean"), fields=_codes("TaiKhoanDuocXacThucVoiVNeID")),
    ]


# -- tthc import all -------------------------------------------------------------------

def all_cases() -> list[Case]:
    officials = csv_bytes([OFFICIAL_HEADER, ["CB92", "Lê Thị C", "STP", None]])
    procedures = procedures_csv(procedure("9.000015"))
    # A workbook whose units sheet is damaged: officials need units, procedures do not.
    sheets = workbook_bytes({"units": [UNIT_HEADER, unit("FZ31")],
                         "officials": [OFFICIAL_HEADER, ["CB93", "Lê Thị D", "FZ31", None]],
                         "procedures": [PROCEDURE_HEADER, procedure("9.000016")]})
    damaged = rezip(sheets, lambda name, content: content[:len(content) // 2]
                    if name == "xl/worksheets/sheet1.xml" else content)
    return [
        Case("all-unreadable-units", "9", "all",
             {"units.csv": PNG, "officials.csv": officials, "procedures.csv": procedures},
             read=1, stored=1, failed=1, not_attempted=1,
             codes=_codes("file_not_text", "not_attempted")),
        Case("all-a-crash-row-then-more-files", "9", "all",
             {"dossiers.csv": dossiers_csv(dossier("HS996", agencies_contacted="+-1"),
                                           dossier("HS997")),
              "ratings.csv": csv_bytes([["dossier_code", "channel", "satisfaction"],
                                        ["HS997", "kiosk", "satisfied"]])},
             read=3, stored=2, rejected=1, codes=_codes("invalid_integer")),
        Case("all-workbook-damaged-sheet", "9", "all", {"book.xlsx": damaged},
             read=1, stored=1, failed=1, not_attempted=1,
             codes=_codes("file_not_xlsx", "not_attempted")),
        Case("all-cycle-then-officials", "13", "all",
             {"units.csv": units_csv(["DB", "Tỉnh Điện Biên", "province", "STP", "2004-01-01",
                                      None], unit("FZ32")),
              "officials.csv": csv_bytes([OFFICIAL_HEADER, ["CB94", "Lê Văn E", "FZ32", None]])},
             read=3, stored=2, rejected=1, codes=_codes("parent_cycle")),
    ]


def all_of_them() -> list[Case]:
    cases = [*csv_cases(), *jsonl_cases(), *xlsx_cases(), *portal_cases(), *v2_cases(),
             *all_cases()]
    ids = [case.id for case in cases]
    assert len(ids) == len(set(ids)), "case ids are unique"
    return cases


CASES = all_of_them()


@dataclass
class Totals:
    """The counts of the runs one command made."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    rejected: int = 0
    runs: list[Any] = field(default_factory=list)
