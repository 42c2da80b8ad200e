"""The national portal's dossier-sync JSON (interchange.md §2), read as-is.

Each portal record is mapped to a canonical dossier with its steps and supplements
nested, as a JSON Lines dossier may carry them; from there the canonical rules apply
(interchange §3). What only the portal format can get wrong — an unknown status or
channel code, a date in none of its formats, a unit name that maps to no unit — is
found here and reported under the portal's own key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tthc.dossiers.models import Channel
from tthc.importers.fields import Flag, Invalid, Problem, normalise_text, shown
from tthc.importers.json_files import JsonLinesReader, json_array_records
from tthc.importers.kinds import KINDS
from tthc.importers.portal_config import BY_CHANNEL, TABLES, PortalCodes, UnitMap, code_key
from tthc.importers.readers import FileProblem, Reader, SourceRow, count_records
from tthc.importers.storage import Loader
from tthc.organisation.models import Unit

# Portal key (case-folded) → interchange field, for the dossier, a supplement, a step.
DOSSIER_KEYS = {
    "mahoso": "code", "matthc": "procedure_code", "donvixuly": "unit_code",
    "ngaytiepnhan": "received_at", "ngayhentra": "due_at", "ngayketthucxuly": "finished_at",
    "ngaytra": "returned_at", "trangthaihoso": "status", "kenhthuchien": "channel",
    "hinhthuc": "return_channel", "danhsachhosobosung": "supplements",
    "quatrinhxuly": "steps",
}
SUPPLEMENT_KEYS = {"ngaybosung": "requested_at", "ngaytiepnhanbosung": "completed_at",
                   "ngayhentramoi": "new_due_at"}
STEP_KEYS = {"phongbanxuly": "unit_code", "ngaybatdau": "started_at",
             "ngayketthuctheoquydinh": "due_at", "thoidiemxuly": "finished_at"}
# Read for --add-procedures; kept in `raw` as well, since no dossier column holds them.
PROCEDURE_KEYS = {"tentthc": "name", "tenlinhvuc": "field"}
# The keys of the national index's fields (methodology-qd766 §4), read where present
# and kept in `raw` as well: the mapping merges keys and codes, the source keeps them.
# A record without them leaves the stored fields as they are (unknown when new).
INDEX_FLAGS = {"duoclaytukhodmqg": "personal_storage",
               "taikhoanduocxacthucvoivneid": "vneid_verified"}
DIGITISED_KEYS = ("hosocothanhphansohoa", "duocsohoa")
RESULT_KEYS = ("maketqua", "duongdanteptinketqua")
PAYMENT_KEY = "duocthanhtoantructuyen"
# DuocThanhToanTrucTuyen: 0 not paid online, 1 on the national portal, 2 through the
# province's payment gateway.
PAYMENT_CODES = {"0": "none", "1": "portal", "2": "local"}

# Interchange field → the portal key, as messages name it.
DOSSIER_NAMES = {
    "code": "MaHoSo", "procedure_code": "MaTTHC", "unit_code": "DonViXuLy",
    "desk_code": "DonViXuLy", "received_at": "NgayTiepNhan", "due_at": "NgayHenTra",
    "finished_at": "NgayKetThucXuLy", "returned_at": "NgayTra", "status": "TrangThaiHoSo",
    "channel": "KenhThucHien", "return_channel": "HinhThuc",
    "supplements": "DanhSachHoSoBoSung", "steps": "QuaTrinhXuLy", "raw": "(khóa khác)",
    "personal_storage": "DuocLayTuKhoDMQG", "vneid_verified": "TaiKhoanDuocXacThucVoiVNeID",
    "components_digitised": "HoSoCoThanhPhanSoHoa", "result_electronic": "DuongDanTepTinKetQua",
    "paid_online": "DuocThanhToanTrucTuyen",
}
SUPPLEMENT_NAMES = {"requested_at": "NgayBoSung", "completed_at": "NgayTiepNhanBoSung",
                    "new_due_at": "NgayHenTraMoi", "dossier_code": "MaHoSo", "seq": "(thứ tự)"}
STEP_NAMES = {"unit_code": "PhongBanXuLy", "started_at": "NgayBatDau",
              "due_at": "NgayKetThucTheoQuyDinh", "finished_at": "ThoiDiemXuLy",
              "dossier_code": "MaHoSo", "seq": "(thứ tự)"}

_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_DATE_FORMATS_VI = "yyyyMMddHHmmss, dd/MM/yyyy HH:mm:ss, dd/MM/yyyy hoặc ISO 8601"
_DATE_FORMATS_EN = "yyyyMMddHHmmss, dd/MM/yyyy HH:mm:ss, dd/MM/yyyy or ISO 8601"


INDEX_KEYS = frozenset((*INDEX_FLAGS, *DIGITISED_KEYS, *RESULT_KEYS, PAYMENT_KEY))
_FLAG = Flag()


def _blank(value: Any) -> Any:
    """An empty portal value (null, "", spaces) is unknown."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _flag(value: Any) -> bool | None:
    value = _blank(value)
    return None if value is None else _FLAG.parse(
        value.strip() if isinstance(value, str) else value)


def portal_instant(value: Any) -> str | None:
    """A portal date as the canonical ISO text ("2020-03-02" or "2020-03-02T14:05:00")."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _bad_date(value)
    text = value.strip()
    if not text:
        return None
    try:
        if len(text) == 14 and text.isdigit():
            return datetime(int(text[:4]), int(text[4:6]), int(text[6:8]), int(text[8:10]),
                            int(text[10:12]), int(text[12:])).isoformat()
        slashed = _SLASHED.fullmatch(text)
        if slashed:
            day, month, year, hour, minute, second = slashed.groups()
            when = datetime(int(year), int(month), int(day), int(hour or 0),
                            int(minute or 0), int(second or 0))
            return when.isoformat() if hour is not None else when.date().isoformat()
        if text[:4].isdigit() and text[4:5] == "-":
            datetime.fromisoformat(text)
            return text
    except ValueError:
        raise _bad_date(value) from None
    raise _bad_date(value)


def _bad_date(value: Any) -> Invalid:
    return Invalid("invalid_date",
                   f"giá trị ({shown(value)}) không phải ngày giờ ({_DATE_FORMATS_VI})",
                   f"the value ({shown(value)}) is not a date ({_DATE_FORMATS_EN})")


@dataclass(frozen=True)
class PortalOptions:
    """How to read portal files: the province's configuration (interchange §2)."""

    unit_map: Path | None = None
    codes: Path | None = None
    # Unknown MaTTHC: add the procedure from TenTTHC/TenLinhVuc instead of rejecting.
    add_procedures: bool = False


class PortalMapper:
    """One portal record → one canonical dossier with nested steps and supplements."""

    def __init__(self, codes: PortalCodes, units: UnitMap) -> None:
        self.codes = codes
        self.units = units

    def record(self, line: int, at: int | None, record: Any) -> SourceRow:
        if not isinstance(record, dict):
            return SourceRow(line, {}, [Problem(
                "invalid_record", "", "bản ghi không phải một đối tượng JSON",
                "the record is not a JSON object")], at)
        found: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        raw: dict[str, Any] = {}
        index: dict[str, tuple[str, Any]] = {}  # folded index key → (its key, value)
        for key, value in record.items():
            folded = key.casefold()
            if folded in INDEX_KEYS:
                index.setdefault(folded, (key, value))
            target = DOSSIER_KEYS.get(folded)
            if target is None or target in found:
                raw[key] = value
                if folded in PROCEDURE_KEYS and value not in (None, ""):
                    extra[PROCEDURE_KEYS[folded]] = value
            else:
                found[target] = value
        problems: list[Problem] = []
        names = DOSSIER_NAMES
        values: dict[str, Any] = {"code": found.get("code"),
                                  "procedure_code": found.get("procedure_code")}
        self._unit(found.get("unit_code"), "unit_code", values, problems)
        for name in ("received_at", "due_at", "finished_at", "returned_at"):
            self._date(found.get(name), name, values, problems)
        for name in TABLES:
            self._code(name, found.get(name), values, problems)
        if values.get("return_channel") == BY_CHANNEL:
            online = values.get("channel") == Channel.ONLINE.value
            values["return_channel"] = Channel.ONLINE.value if online else Channel.DIRECT.value
        supplements = self._children(found.get("supplements"), "supplements", line, at,
                                     SUPPLEMENT_KEYS, SUPPLEMENT_NAMES, values, raw)
        moved = [(i, s.values["new_due_at"]) for i, s in enumerate(supplements)
                 if s.values.get("new_due_at")]
        broken = [i for i, s in enumerate(supplements)
                  if any(p.field == "new_due_at" for p in s.problems)]
        if broken or moved:
            # interchange §2: the due date is the latest new due date of its supplements.
            at, latest = (broken[0], None) if broken else max(
                moved, key=lambda m: datetime.fromisoformat(m[1]))
            names = DOSSIER_NAMES | {"due_at": f"DanhSachHoSoBoSung[{at}].NgayHenTraMoi"}
            values.pop("due_at", None)
            if latest is None:
                problems.append(Problem(
                    "invalid_date", "due_at",
                    "ngày hẹn trả mới của yêu cầu bổ sung không đọc được, nên không xác định"
                    " được ngày hẹn trả của hồ sơ",
                    "a supplement's new due date cannot be read, so the dossier's due date"
                    " is unknown"))
            else:
                values["due_at"] = latest
        self._children(found.get("steps"), "steps", line, at, STEP_KEYS, STEP_NAMES,
                       values, raw)
        if index:
            names = self._index(index, values, problems, names)
        values["raw"] = raw or None
        return SourceRow(line, values, problems, at, names, extra or None)

    def _children(self, items: Any, name: str, line: int, index: int | None,
                  keys: dict[str, str], names: dict[str, str], values: dict[str, Any],
                  raw: dict[str, Any]) -> list[SourceRow]:
        if items in (None, ""):
            return []
        if not isinstance(items, list):
            values[name] = items  # the loader reports it is not an array
            return []
        children: list[SourceRow] = []
        leftovers: list[dict[str, Any]] = []
        for seq, item in enumerate(items, 1):
            if not isinstance(item, dict):
                children.append(SourceRow(line, {}, [Problem(
                    "invalid_nested", "", "không phải một đối tượng JSON",
                    "not a JSON object")], index, names))
                leftovers.append({})
                continue
            child: dict[str, Any] = {"seq": seq}
            problems: list[Problem] = []
            rest = {}
            for key, value in item.items():
                target = keys.get(key.casefold())
                if target is None or target in child:
                    rest[key] = value
                elif target == "unit_code":
                    self._unit(value, target, child, problems)
                else:
                    self._date(value, target, child, problems)
            if (name == "steps" and "unit_code" not in child
                    and not any(p.field == "unit_code" for p in problems)):
                # A step without a department is the competent agency's own.
                child["unit_code"] = values.get("unit_code")
            leftovers.append(rest)
            children.append(SourceRow(line, child, problems, index, names))
        if any(leftovers):
            key = DOSSIER_NAMES[name]
            raw[key] = leftovers
        values[name] = children
        return children

    def _index(self, index: dict[str, tuple[str, Any]], values: dict[str, Any],
               problems: list[Problem], names: dict[str, str]) -> dict[str, str]:
        """The index's fields from their portal keys (methodology-qd766 §4). Booleans are
        read as the canonical columns are (true/false, 1/0, có/không); an empty value is
        unknown. Returns the field names as messages should show them."""
        names = dict(names)
        for folded, field in INDEX_FLAGS.items():
            if folded in index:
                key, value = index[folded]
                names[field] = key
                values[field] = _blank(value)  # the canonical parser checks it
        digitised = [index[k] for k in DIGITISED_KEYS if k in index]
        if digitised:
            # Two names for one fact (vendors use either): digitised if either says so.
            names["components_digitised"] = "/".join(key for key, _ in digitised)
            read = []
            for key, value in digitised:
                try:
                    read.append(_flag(value))
                except Invalid as error:
                    names["components_digitised"] = key
                    problems.append(Problem(error.code, "components_digitised", error.vi,
                                            error.en))
                    break
            else:
                values["components_digitised"] = (True if True in read
                                                   else False if False in read else None)
        if any(k in index for k in RESULT_KEYS):
            # An electronic result: the result's file is given. A result code without a
            # file is a result without an electronic copy; neither given is unknown.
            code = _blank(index.get(RESULT_KEYS[0], ("", None))[1])
            path = _blank(index.get(RESULT_KEYS[1], ("", None))[1])
            names["result_electronic"] = "MaKetQua/DuongDanTepTinKetQua"
            values["result_electronic"] = (True if path is not None
                                           else False if code is not None else None)
        if PAYMENT_KEY in index:
            key, value = index[PAYMENT_KEY]
            names["paid_online"] = key
            value = _blank(value)
            mapped = None if value is None else PAYMENT_CODES.get(code_key(value))
            if value is not None and mapped is None:
                problems.append(Problem(
                    "invalid_choice", "paid_online",
                    f"mã {key} \"{shown(value)}\" không hợp lệ, phải là 0 (không), 1 (trên"
                    " Cổng DVC quốc gia) hoặc 2 (qua cổng thanh toán của tỉnh)",
                    f"the {key} code \"{shown(value)}\" is unknown, expected 0 (not paid"
                    " online), 1 (on the national portal) or 2 (through the province's"
                    " payment gateway)"))
            else:
                values["paid_online"] = mapped
        return names

    def _date(self, value: Any, name: str, values: dict[str, Any],
              problems: list[Problem]) -> None:
        try:
            values[name] = portal_instant(value)
        except Invalid as error:
            problems.append(Problem(error.code, name, error.vi, error.en))

    def _code(self, table: str, value: Any, values: dict[str, Any],
              problems: list[Problem]) -> None:
        if value in (None, ""):
            values[table] = None
            return
        key = code_key(value)
        mapped = getattr(self.codes, table).get(key)
        if mapped is not None:
            values[table] = mapped
            return
        portal_key, _ = TABLES[table]
        known = ", ".join(getattr(self.codes, table))
        problems.append(Problem(
            f"unknown_{table}_code", table,
            f"mã {portal_key} \"{shown(key)}\" không có trong bảng mã ({self.codes.source};"
            f" có: {known}); cần bổ sung bảng mã bằng --codes",
            f"the {portal_key} code \"{shown(key)}\" is not in the code table"
            f" ({self.codes.source}; known: {known}); extend the table with --codes"))

    def _unit(self, value: Any, name: str, values: dict[str, Any],
              problems: list[Problem]) -> None:
        if value in (None, ""):
            return
        text = normalise_text(str(value))
        code = self.units.resolve(text)
        if code is not None:
            values[name] = code
            return
        sharing = self.units.sharing(text)
        if sharing:
            listed = ", ".join(sharing)
            vi = f"tên đơn vị \"{shown(text)}\" khớp nhiều đơn vị ({listed}); ghi rõ trong --map"
            en = (f"the unit name \"{shown(text)}\" fits several units ({listed});"
                  " say which in --map")
        else:
            vi = (f"đơn vị \"{shown(text)}\" không khớp mã hay tên đơn vị nào, và không có"
                  " trong tệp ánh xạ (--map)")
            en = (f"the unit \"{shown(text)}\" matches no unit code or name and is not in the"
                  " map file (--map)")
        problems.append(Problem("unknown_unit", name, vi, en))


class PortalReader(Reader):
    """A JSON array of portal records, or one record per line (JSON Lines)."""

    extension = "json"

    def __init__(self, path: Path, kind: str = "", *, mapper: PortalMapper) -> None:
        super().__init__(path, kind)
        self.mapper = mapper
        with path.open("rb") as handle:
            start = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if not start:
            raise FileProblem("file_empty", f"tệp {path.name} trống",
                              f"the file {path.name} is empty")
        if start not in (b"[", b"{"):
            raise FileProblem(
                "file_not_json",
                f"tệp {path.name} không phải JSON (mảng) hay JSON Lines của Cổng",
                f"the file {path.name} is neither a JSON array nor JSON Lines of portal"
                " records", line=1)
        self.array = start == b"["

    def estimate(self) -> int | None:
        return None if self.array else count_records(self.path)

    def rows(self) -> Iterator[SourceRow]:
        if self.array:
            for element in json_array_records(self.path):
                if element.problem and element.value is None:
                    yield SourceRow(element.line, {}, [element.problem], element.index)
                    continue
                row = self.mapper.record(element.line, element.index, element.value)
                if element.problem:  # e.g. a key repeated: mapped, to name the dossier
                    row.problems.append(element.problem)
                yield row
            return
        with JsonLinesReader(self.path) as lines:
            for source in lines.rows():
                if not source.values:
                    yield source  # a line that is no record at all
                    continue
                row = self.mapper.record(source.line, None, source.values)
                row.problems.extend(source.problems)
                yield row


def portal_mapper(options: PortalOptions) -> PortalMapper:
    units = list(Unit.objects.values_list("code", "name"))
    return PortalMapper(PortalCodes.load(options.codes), UnitMap(units, options.unit_map))


class PortalLoader(Loader):
    """Loads mapped portal dossiers; with --add-procedures, first adds the unknown
    procedures of each batch to the catalogue, validated as a procedures file would be."""

    def setup(self, options: PortalOptions) -> None:
        self.add_procedures = options.add_procedures
        self.procedures: Loader | None = None
        self.tried: set[str] = set()
        if not self.add_procedures:
            self.hints["procedure_code"] = (
                "; dùng --add-procedures để thêm thủ tục từ TenTTHC, TenLinhVuc",
                "; use --add-procedures to add it from TenTTHC, TenLinhVuc")

    def load(self, sources: Sequence[SourceRow], prefix: str = "") -> None:
        if self.add_procedures:
            self._add_procedures(sources)
        super().load(sources, prefix)

    def _add_procedures(self, sources: Sequence[SourceRow]) -> None:
        known = self.directory.get("procedure")
        new: list[SourceRow] = []
        for source in sources:
            code = source.values.get("procedure_code")
            if code in (None, "") or not isinstance(code, str | int):
                continue
            code = normalise_text(str(code))
            if code in known or code in self.tried:
                continue
            self.tried.add(code)
            extra = source.extra or {}
            new.append(SourceRow(source.line, {"code": code, "name": extra.get("name"),
                                               "field": extra.get("field")},
                                 index=source.index,
                                 names={"code": "MaTTHC", "name": "TenTTHC",
                                        "field": "TenLinhVuc"}))
        if not new:
            return
        if self.procedures is None:
            self.procedures = Loader(
                KINDS["procedures"], run=self.run, source=self.source, actor=self.actor,
                directory=self.directory, counts=self._counts_for,
                is_working_day=self.is_working_day)
        self.procedures.load(new)
        self.issues.extend(self.procedures.issues)
        self.procedures.issues.clear()
