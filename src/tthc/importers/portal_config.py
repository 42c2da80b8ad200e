"""Configuration of the portal reader: its code tables and the unit name/code map.

Both are data a province confirms or writes, not code: the code tables ship as a YAML
file with provisional defaults (portal_codes.yaml), the unit map is the province's own
(`--map FILE`), completed by the codes and names of the units already in the database.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tthc.dossiers.models import Channel, DossierStatus

DEFAULT_CODES = Path(__file__).resolve().parent / "portal_codes.yaml"
BY_CHANNEL = "by_channel"

# The tables, the portal key each reads, and the values each may map to.
TABLES = {
    "status": ("TrangThaiHoSo", {s.value for s in DossierStatus}),
    "channel": ("KenhThucHien", {c.value for c in Channel}),
    "return_channel": ("HinhThuc", {c.value for c in Channel} | {BY_CHANNEL}),
}


class ConfigProblem(Exception):
    """A configuration file that cannot be used: the call is wrong, nothing is read."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en


def fold(text: str) -> str:
    """Names compare after NFC, case folding and collapsing whitespace:
    "SỞ  TƯ PHÁP" meets "Sở Tư pháp"."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return " ".join(folded.split())


def _load_yaml(path: Path, what_vi: str, what_en: str) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigProblem(f"không tìm thấy {what_vi}: {path}",
                            f"{what_en} not found: {path}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigProblem(f"không đọc được {what_vi} {path}: {error}",
                            f"cannot read the {what_en} {path}: {error}") from None


def code_key(value: Any) -> str:
    """A code as the tables hold it: a JSON number 4 is the code "4"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass(frozen=True)
class PortalCodes:
    status: dict[str, str]
    channel: dict[str, str]
    return_channel: dict[str, str]
    source: str

    @classmethod
    def load(cls, path: Path | None = None) -> PortalCodes:
        """The shipped tables, each replaced by the table of the same name in `path`."""
        tables = cls._read(DEFAULT_CODES)
        source = str(DEFAULT_CODES.name)
        if path is not None:
            tables.update(cls._read(Path(path)))
            source = f"{source} + {path}"
        missing = [name for name in TABLES if name not in tables]
        if missing:
            listed = ", ".join(missing)
            raise ConfigProblem(f"bảng mã thiếu: {listed}", f"code tables missing: {listed}")
        return cls(tables["status"], tables["channel"], tables["return_channel"], source)

    @staticmethod
    def _read(path: Path) -> dict[str, dict[str, str]]:
        data = _load_yaml(path, "tệp bảng mã", "code table file")
        if not isinstance(data, dict):
            raise ConfigProblem(f"tệp bảng mã {path} phải là một từ điển các bảng",
                                f"the code table file {path} must be a mapping of tables")
        tables = {}
        for name, table in data.items():
            if name not in TABLES:
                known = ", ".join(TABLES)
                raise ConfigProblem(f"bảng mã không rõ trong {path}: {name} (có: {known})",
                                    f"unknown code table in {path}: {name} (known: {known})")
            _, allowed = TABLES[name]
            if not isinstance(table, dict) or not table:
                raise ConfigProblem(f"bảng mã {name} trong {path} phải ánh xạ mã → giá trị",
                                    f"the table {name} in {path} must map codes to values")
            wrong = sorted(str(v) for v in table.values() if v not in allowed)
            if wrong:
                listed, expected = ", ".join(wrong), ", ".join(sorted(allowed))
                raise ConfigProblem(
                    f"bảng mã {name} trong {path} có giá trị không hợp lệ: {listed}"
                    f" (dùng: {expected})",
                    f"the table {name} in {path} has invalid values: {listed}"
                    f" (use: {expected})")
            tables[name] = {code_key(code): str(value) for code, value in table.items()}
        return tables


class UnitMap:
    """Resolves the portal's unit names and codes to our unit codes.

    In order: the province's map (`--map`: our code → the names and portal codes it
    goes by, e.g. an agency's departments), then our unit codes, then our unit names.
    A name two units share resolves to neither.
    """

    def __init__(self, units: list[tuple[str, str]], path: Path | None = None) -> None:
        self.aliases: dict[str, str] = {}
        self.source = str(path) if path else ""
        if path is not None:
            self._read(Path(path))
        self.codes = {fold(code): code for code, _ in units}
        self.names: dict[str, str | None] = {}
        self.shared: dict[str, list[str]] = {}
        for code, name in units:
            key = fold(name)
            if key in self.names:
                self.shared.setdefault(key, [str(self.names[key])]).append(code)
                self.names[key] = None
            else:
                self.names[key] = code

    def _read(self, path: Path) -> None:
        data = _load_yaml(path, "tệp ánh xạ đơn vị", "unit map file")
        units = data.get("units") if isinstance(data, dict) else None
        if not isinstance(units, dict):
            raise ConfigProblem(
                f"tệp ánh xạ {path} phải có mục units: mã đơn vị → danh sách tên/mã trên Cổng",
                f"the map file {path} must have units: unit code → list of portal names/codes")
        for code, aliases in units.items():
            for alias in [aliases] if isinstance(aliases, str) else aliases or []:
                if not isinstance(alias, str | int):
                    raise ConfigProblem(f"tên không hợp lệ cho đơn vị {code} trong {path}",
                                        f"invalid name for unit {code} in {path}")
                key = fold(str(alias))
                if self.aliases.get(key, str(code)) != str(code):
                    raise ConfigProblem(
                        f"tên \"{alias}\" được gán cho hai đơn vị trong {path}:"
                        f" {self.aliases[key]}, {code}",
                        f"the name \"{alias}\" is given to two units in {path}:"
                        f" {self.aliases[key]}, {code}")
                self.aliases[key] = str(code)

    def resolve(self, name: str) -> str | None:
        key = fold(name)
        return self.aliases.get(key) or self.codes.get(key) or self.names.get(key)

    def sharing(self, name: str) -> list[str]:
        """The units a name would fit if it were not shared (for the message)."""
        return self.shared.get(fold(name), [])
