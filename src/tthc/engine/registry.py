"""The installed methodologies: one table, found by looking in folders.

Like healthchecks' table of integrations, every methodology is one entry; unlike it, an
entry is a folder, so that a province adds one without touching the code:

    <root>/<folder>/methodology.yaml        indicators, subjects, dates, legal basis
    <root>/<folder>/profiles/<profile>.yaml a province's dated parameter values
    <root>/<folder>/method.py               the computation (or `module:` in the file)

The roots are the built-in ``tthc/methods`` and then every folder named in the
environment variable ``TTHC_RULES_DIR`` (separated by ``os.pathsep``). A later root
adds profiles to a methodology of an earlier one (a folder with only ``profiles/``,
named by the methodology's id), replaces a profile of the same id, or installs a new
methodology.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .method import Method
from .rules import Methodology, Profile, RuleError, RuleSet, parse_methodology, parse_profile, resolve

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "methods"
RULES_DIR_ENV = "TTHC_RULES_DIR"

# Kept for callers that copy the built-in rule data (tests do).
RULES_DIR = BUILTIN_DIR


def roots(extra: Path | None = None) -> tuple[Path, ...]:
    """Where methodologies are looked for: only `extra` when given, else the built-in
    folder and those of ``TTHC_RULES_DIR``."""
    if extra is not None:
        return (Path(extra),)
    found = [BUILTIN_DIR]
    for part in os.environ.get(RULES_DIR_ENV, "").split(os.pathsep):
        if part.strip():
            found.append(Path(part.strip()))
    return tuple(found)


def _version(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


@dataclass
class Installed:
    """Methodologies and their profiles found under a list of roots."""

    roots: tuple[Path, ...]
    methodologies: dict[str, Methodology] = field(default_factory=dict)
    profile_paths: dict[str, dict[str, Path]] = field(default_factory=dict)
    # Files looked at, with their versions: the table is rebuilt when one changes.
    files: dict[Path, tuple[int, int] | None] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def scan(self) -> Installed:
        for root in self.roots:
            if not root.is_dir():
                self.problems.append(f"không có thư mục quy tắc {root}")
                continue
            self.files[root] = _version(root)
            for folder in sorted(p for p in root.iterdir() if p.is_dir()):
                self._scan_folder(folder)
        return self

    def _scan_folder(self, folder: Path) -> None:
        self.files[folder] = _version(folder)
        method_file = folder / "methodology.yaml"
        method_id = folder.name
        if method_file.is_file():
            self.files[method_file] = _version(method_file)
            try:
                methodology = parse_methodology(method_file)
            except RuleError as error:
                self.problems.append(str(error))
                return
            method_id = methodology.id
            self.methodologies[method_id] = methodology
        profiles = folder / "profiles"
        if profiles.is_dir():
            self.files[profiles] = _version(profiles)
            for path in sorted(profiles.glob("*.yaml")):
                self.files[path] = _version(path)
                self.profile_paths.setdefault(method_id, {})[path.stem] = path

    def is_fresh(self) -> bool:
        return all(_version(path) == version for path, version in self.files.items())

    def methodology(self, method_id: str) -> Methodology:
        try:
            return self.methodologies[method_id]
        except KeyError:
            known = ", ".join(sorted(self.methodologies)) or "không có"
            problems = "".join(f"; {problem}" for problem in self.problems)
            raise RuleError(f"không tìm thấy phương pháp {method_id} (đã cài: {known}){problems}") from None

    def profile(self, method_id: str, profile_id: str) -> Profile:
        methodology = self.methodology(method_id)
        path = self.profile_paths.get(method_id, {}).get(profile_id)
        if path is None:
            path = methodology.folder / "profiles" / f"{profile_id}.yaml"  # says "không tìm thấy"
        return parse_profile(path, method_id)

    def profiles(self, method_id: str) -> list[Profile]:
        return [self.profile(method_id, pid) for pid in sorted(self.profile_paths.get(method_id, {}))]

    def method(self, method_id: str) -> Method:
        return method_of(self.methodology(method_id))

    def rules(self, method_id: str, profile_id: str, as_of: date) -> RuleSet:
        key = (method_id, profile_id, as_of)
        found = _RESOLVED.get((self.roots, key))
        if found is None:
            methodology = self.methodology(method_id)
            found = resolve(methodology, self.profile(method_id, profile_id), as_of,
                            method_of(methodology).read_parameters)
            if len(_RESOLVED) >= _RESOLVED_MAX:
                _RESOLVED.clear()
            _RESOLVED[(self.roots, key)] = found
        return found

    def default_profile(self, method_id: str) -> str | None:
        """The profile a methodology is scored under when none is asked: the one its
        file names, else the first installed; None when it has none."""
        named = self.methodology(method_id).default_profile
        return named or next(iter(sorted(self.profile_paths.get(method_id, {}))), None)

    def in_force(self, day: date) -> Methodology | None:
        """The methodology a period ending on `day` gets by default: of those in force that
        day, the latest to have become the default (`default_from`, else the day it came
        into force) — so that a methodology coming into force beside another one that
        stays in force (qd766 from 2022-08-01 beside nd61-tt01 until 2025-06-30) takes
        over only from the day its file names; before it, it is a what-if. With no
        methodology in force that day, None."""
        current = [m for m in self.methodologies.values() if m.in_force_on(day)]
        if not current:
            return None
        default = [m for m in current if m.default_since <= day] or current
        return max(default, key=lambda m: (m.default_since, m.id))

    def default_rule_set(self, day: date) -> tuple[str, str]:
        """(method, profile) a period ending on `day` is scored under when none is asked:
        the methodology in force that day, with its default profile."""
        methodology = self.in_force(day)
        if methodology is None:
            known = "; ".join(f"{m.id} ({in_force_label(m)})" for m in self.methodologies.values())
            raise RuleError(f"không có phương pháp nào có hiệu lực ngày {day:%d/%m/%Y} "
                            f"(đã cài: {known or 'không có'}); hãy chọn phương pháp")
        profile = self.default_profile(methodology.id)
        if profile is None:
            raise RuleError(f"phương pháp {methodology.id} chưa có bộ quy tắc nào")
        return methodology.id, profile


def in_force_label(methodology: Methodology) -> str:
    """The dates in force as people write them: ``06/01/2019–30/06/2025``, or ``…–nay``
    with no end (``…`` with no start)."""
    start = methodology.in_force_from.strftime("%d/%m/%Y") if methodology.in_force_from else "…"
    end = methodology.in_force_to.strftime("%d/%m/%Y") if methodology.in_force_to else "nay"
    return f"{start}–{end}"


_INSTALLED: dict[tuple[Path, ...], Installed] = {}
# Resolved rule sets by roots and (method, profile, date): pages read a period's rules on
# every request, and parsing the YAML costs 10–30 ms. Emptied when a rule file changes.
_RESOLVED: dict[tuple[Any, ...], RuleSet] = {}
_RESOLVED_MAX = 256


def installed(extra: Path | None = None) -> Installed:
    """The installed methodologies (cached until a rule file or folder changes)."""
    key = roots(extra)
    found = _INSTALLED.get(key)
    if found is None or not found.is_fresh():
        found = Installed(key).scan()
        _INSTALLED[key] = found
        for cached in [k for k in _RESOLVED if k[0] == key]:
            del _RESOLVED[cached]
    return found


_METHODS: dict[Path, Method] = {}
_SAFE = re.compile(r"[^0-9A-Za-z_]")


def method_of(methodology: Methodology) -> Method:
    """The computing module of a methodology: `module:` in its file (a dotted import
    path), else ``method.py`` beside it. The module's ``METHOD`` is the plug-in."""
    key = methodology.folder
    found = _METHODS.get(key)
    if found is not None:
        return found
    if methodology.module:
        try:
            module = importlib.import_module(methodology.module)
        except ImportError as error:
            raise RuleError(f"phương pháp {methodology.id}: không nạp được mô-đun "
                            f"{methodology.module} ({error})") from error
    else:
        path = methodology.folder / "method.py"
        if not path.is_file():
            raise RuleError(f"phương pháp {methodology.id}: thiếu tệp {path} (hoặc mục module:)")
        name = "tthc_rules_" + _SAFE.sub("_", f"{methodology.id}_{abs(hash(str(path)))}")
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise RuleError(f"phương pháp {methodology.id}: không nạp được {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses in the module look themselves up here
        spec.loader.exec_module(module)
    method = getattr(module, "METHOD", None)
    if method is None:
        raise RuleError(f"phương pháp {methodology.id}: mô-đun không khai báo METHOD")
    _METHODS[key] = method
    return method  # type: ignore[no-any-return]
