"""Rule sets as data: methodology → profile → dated parameter values.

A methodology file declares what is scored — its indicators (code, names, maximum,
decimals, per dossier or per unit), its subjects (who is scored on which indicators,
which parameter holds their classes, the levels they are ranked in), its dates in force
and legal basis. A profile file gives a province's dated parameter values. A
parameter's value for a period is the latest dated value whose `from` is on or before
the period's last day (OpenFisca's "as of a date"). The resolved values, with the
profile version, are what a stored score records (``RuleSet.version`` and
``RuleSet.snapshot``).

Only the parameters every methodology shares are read here (classes, satisfaction,
working hours); a methodology reads its own through its module's ``read_parameters``
(``tthc.engine.method``), whose result is ``RuleSet.params``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from .numbers import fmt_decimal


class RuleError(ValueError):
    """A rule file is missing, malformed or inconsistent."""


@dataclass(frozen=True, slots=True)
class Rung:
    """One rung of a count → points ladder: counts up to `up_to` (None: any) score `points`."""

    up_to: int | None
    points: int


@dataclass(frozen=True, slots=True)
class Band:
    """A class band on the total: lower/upper bounds, each inclusive or exclusive."""

    code: str
    label_vi: str
    label_en: str
    lower: Decimal | None
    lower_inclusive: bool
    upper: Decimal | None
    upper_inclusive: bool

    def contains(self, total: Decimal) -> bool:
        if self.lower is not None and (
            total < self.lower or (total == self.lower and not self.lower_inclusive)
        ):
            return False
        return self.upper is None or total < self.upper or (
            total == self.upper and self.upper_inclusive
        )

    def describe(self) -> str:
        parts = []
        if self.lower is not None:
            parts.append(f"{'≥' if self.lower_inclusive else '>'} {fmt_decimal(self.lower)}")
        if self.upper is not None:
            parts.append(f"{'≤' if self.upper_inclusive else '<'} {fmt_decimal(self.upper)}")
        return f"{self.label_vi}: " + " và ".join(parts)


# A subject with no scored dossier gets this class instead of a band (methodology §3).
NOT_ENOUGH_DATA = "khong_du_du_lieu"
NOT_ENOUGH_DATA_VI = "Không đủ dữ liệu"
NOT_ENOUGH_DATA_EN = "Not enough data"
# A subject some of whose points are unknown (an indicator without figures) is not
# classed, unless the profile says to class it on its known points (aggregate).
UNCLASSED = "chua_xep_loai"
UNCLASSED_VI = "Chưa xếp loại (còn điểm chưa có số liệu)"
UNCLASSED_EN = "Not classed (some points unknown)"

# The optional parameter saying whether subjects with unknown points are classed and
# ranked on their known points (RuleSet.rank_known_part).
RANK_KNOWN_PART = "ranking.known_part"

# What an indicator is computed over: each dossier, each processing step, the unit as a
# whole for the period, or the unit's petitions or procedures — a figure whose items
# that did not count the methodology lists (``engine.items``, ``explain_items``).
PER_DOSSIER = frozenset({"dossier", "step"})
PER_ITEM = frozenset({"petition", "procedure"})
PER_VALUES = frozenset({"dossier", "step", "unit"}) | PER_ITEM


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator (or metric) as the methodology file declares it."""

    code: str
    short: str  # the column heading, e.g. "CS1"
    name_vi: str
    name_en: str
    per: str  # dossier, step, unit, petition, procedure
    group: str | None
    max_points: Decimal
    decimals: int

    @property
    def per_dossier(self) -> bool:
        return self.per in PER_DOSSIER

    @property
    def per_item(self) -> bool:
        """Counted over the unit's petitions or procedures (not per dossier)."""
        return self.per in PER_ITEM

    def as_json(self) -> dict[str, Any]:
        """The definition as a scoring run stores it (old runs keep their own)."""
        return {"code": self.code, "short": self.short, "name_vi": self.name_vi,
                "name_en": self.name_en, "per": self.per, "group": self.group,
                "max": str(self.max_points), "decimals": self.decimals}


@dataclass(frozen=True, slots=True)
class Group:
    """A group of indicators whose points add up (the national index's six groups)."""

    code: str
    name_vi: str
    name_en: str
    max_points: Decimal

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "name_vi": self.name_vi, "name_en": self.name_en,
                "max": str(self.max_points)}


@dataclass(frozen=True, slots=True)
class Subject:
    """Who is scored (an agency or an official) on which indicators, classed how."""

    name: str  # agency, official
    label_vi: str
    label_en: str
    indicators: tuple[str, ...]
    max_total: Decimal
    classes: str  # the profile parameter holding this subject's bands
    levels: tuple[str, ...]  # unit kinds ranked separately, in report order; () = not ranked


@dataclass(frozen=True, slots=True)
class Methodology:
    id: str
    title_vi: str
    title_en: str
    in_force_from: date | None
    in_force_to: date | None
    legal_basis: tuple[str, ...]
    module: str | None  # dotted path of the computing module; None: method.py beside the file
    default_profile: str | None
    folder: Path
    indicators: dict[str, Indicator]  # in the file's order
    subjects: dict[str, Subject]
    total_decimals: int
    # Optional record fields the bulk path must read for this methodology
    # (``columns.RECORD_FIELDS``); none by default.
    record_fields: frozenset[str] = frozenset()
    # Whether the bulk form reads the steps' columns (``Columns.steps``): a methodology
    # that does not (``reads_steps: false``) gets them empty, unread.
    reads_steps: bool = True
    # Groups of indicators, in the file's order (each indicator's `group` names one).
    groups: dict[str, Group] = field(default_factory=dict)
    # The first day a period ending on it gets this methodology by default; before it,
    # while another methodology in force is the default, this one is a what-if
    # (``registry.Installed.in_force``). None: from the day it comes into force.
    default_from: date | None = None
    # Whether every indicator is a ratio reported with its figures (numerator,
    # denominator, where they came from): one without figures has unknown points, which
    # totals report apart (aggregate.Figure, contract format_version 2).
    figures: bool = False

    def in_force_on(self, day: date) -> bool:
        return (self.in_force_from is None or self.in_force_from <= day) and (
            self.in_force_to is None or day <= self.in_force_to)

    @property
    def default_since(self) -> date:
        """From when it is the default of the periods it is in force for."""
        return self.default_from or self.in_force_from or date.min

    @property
    def dossier_indicators(self) -> tuple[str, ...]:
        """Indicators with a value per dossier, in file order: the columns of stored
        per-dossier points."""
        return tuple(code for code, spec in self.indicators.items() if spec.per_dossier)


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    status: str
    reference: str
    values: tuple[tuple[date, Any], ...]  # sorted by date

    def as_of(self, day: date) -> Any:
        current: Any = None
        found = False
        for start, value in self.values:
            if start <= day:
                current, found = value, True
        if not found:
            raise RuleError(f"tham số {self.name} chưa có giá trị vào ngày {day.isoformat()}")
        return current


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    methodology: str
    title_vi: str
    version: str
    parameters: dict[str, Parameter]
    path: Path


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything a methodology needs for one period, resolved as of one date."""

    methodology: Methodology
    profile: Profile
    as_of: date
    bands: dict[str, tuple[Band, ...]]  # per subject
    positive_satisfaction: frozenset[str]
    wilson_z: float
    small_sample: int
    working_hours: dict[str, tuple[str, str]]
    snapshot: dict[str, Any]  # every resolved parameter value, JSON-ready
    params: Any  # the methodology's own typed view of its parameters
    # Whether a subject some of whose points are unknown (no figures for an indicator) is
    # still classed and ranked, on the points that are known (parameter
    # `ranking.known_part`, false when the profile has none): see aggregate.subject_score.
    rank_known_part: bool = False

    @property
    def version(self) -> str:
        """The rule version stored with every score, e.g. ``nd61-tt01/dien-bien-1187@2019.1``."""
        return f"{self.methodology.id}/{self.profile.id}@{self.profile.version}"

    @property
    def digest(self) -> str:
        """A short hash of the resolved values: equal digests, equal rules."""
        text = json.dumps(self.snapshot, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def agency_bands(self) -> tuple[Band, ...]:
        return self.bands["agency"]

    @property
    def official_bands(self) -> tuple[Band, ...]:
        return self.bands.get("official", ())

    @property
    def in_force(self) -> bool:
        """Whether the methodology was in force on the period's last day: a run under
        rules out of force is a what-if."""
        return self.methodology.in_force_on(self.as_of)

def read_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise RuleError(f"không tìm thấy tệp quy tắc {path}")
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (yaml.YAMLError, ValueError) as error:  # ValueError: a date such as 2019-13-06
        raise RuleError(f"tệp quy tắc {path} không đọc được: {error}") from error
    if not isinstance(data, dict):
        raise RuleError(f"tệp quy tắc {path} không đúng định dạng")
    return data


def _day(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise RuleError(f"{where}: '{value}' không phải ngày (YYYY-MM-DD)") from error


def parse_methodology(path: Path) -> Methodology:
    """A methodology file, checked: every subject's indicators exist and its maximum is
    the sum of theirs."""
    data = read_yaml(path)
    where = str(path)
    try:
        defaults = data.get("indicator_defaults", {})
        indicators = {}
        for code, spec in data["indicators"].items():
            code = str(code)
            indicators[code] = Indicator(
                code=code, short=str(spec.get("short", code)), name_vi=spec["name_vi"],
                name_en=spec.get("name_en", spec["name_vi"]), per=spec["per"],
                group=None if spec.get("group") is None else str(spec["group"]),
                max_points=Decimal(str(spec.get("max", defaults.get("max")))),
                decimals=int(spec.get("decimals", defaults.get("decimals", 1))))
        subjects = {}
        for name, spec in data["subjects"].items():
            subjects[name] = Subject(
                name=name, label_vi=spec.get("label_vi", name), label_en=spec.get("label_en", name),
                indicators=tuple(str(i) for i in spec["indicators"]),
                max_total=Decimal(str(spec["max_total"])), classes=spec["classes"],
                levels=tuple(spec.get("levels", ())))
        groups = {
            str(code): Group(str(code), spec["name_vi"], spec.get("name_en", spec["name_vi"]),
                             Decimal(str(spec["max"])))
            for code, spec in (data.get("groups") or {}).items()}
        in_force = data.get("in_force", {})
        methodology = Methodology(
            id=data["id"], title_vi=data["title_vi"], title_en=data.get("title_en", data["title_vi"]),
            in_force_from=_day(in_force.get("from"), where), in_force_to=_day(in_force.get("to"), where),
            legal_basis=tuple(data.get("legal_basis", ())), module=data.get("module"),
            default_profile=data.get("default_profile"), folder=path.parent,
            indicators=indicators, subjects=subjects,
            total_decimals=int(data.get("total_decimals", 1)),
            record_fields=frozenset(str(name) for name in data.get("record_fields", ())),
            reads_steps=bool(data.get("reads_steps", True)),
            groups=groups, figures=bool(data.get("figures", False)),
            default_from=_day(data.get("default_from"), where))
    except (KeyError, TypeError, AttributeError, ArithmeticError, ValueError) as error:
        if isinstance(error, RuleError):
            raise
        raise RuleError(f"tệp phương pháp {path} thiếu hoặc sai mục {error}") from error
    from .columns import RECORD_FIELDS  # columns imports this module

    unknown_fields = sorted(methodology.record_fields - RECORD_FIELDS)
    if unknown_fields:
        raise RuleError(f"{where}: record_fields không biết: {', '.join(unknown_fields)} "
                        f"(dùng {', '.join(sorted(RECORD_FIELDS))})")
    for spec in indicators.values():
        if spec.per not in PER_VALUES:
            raise RuleError(f"{where}: chỉ số {spec.code} có 'per: {spec.per}' không hợp lệ "
                            f"(dùng {', '.join(sorted(PER_VALUES))})")
    for group in groups.values():
        members = [spec for spec in indicators.values() if spec.group == group.code]
        declared = sum((spec.max_points for spec in members), Decimal(0))
        if declared != group.max_points:
            raise RuleError(f"{where}: nhóm {group.code} tối đa {fmt_decimal(group.max_points)} điểm nhưng các "
                            f"chỉ số của nhóm cộng lại {fmt_decimal(declared)}")
    if groups:
        stray = [spec.code for spec in indicators.values() if spec.group not in groups]
        if stray:
            raise RuleError(f"{where}: chỉ số không thuộc nhóm nào đã khai báo: {', '.join(stray)}")
    if "agency" not in subjects:
        raise RuleError(f"{where}: phương pháp phải chấm đối tượng 'agency' (cơ quan, đơn vị)")
    for subject in subjects.values():
        unknown = [code for code in subject.indicators if code not in indicators]
        if unknown:
            raise RuleError(f"{where}: đối tượng {subject.name} dùng chỉ số không khai báo: "
                            f"{', '.join(unknown)}")
        declared = sum((indicators[code].max_points for code in subject.indicators), Decimal(0))
        if declared != subject.max_total:
            raise RuleError(f"{where}: tổng điểm tối đa của {subject.name} là {fmt_decimal(subject.max_total)} "
                            f"nhưng các chỉ số cộng lại {fmt_decimal(declared)}")
    return methodology


def parse_profile(path: Path, method_id: str) -> Profile:
    data = read_yaml(path)
    if data.get("methodology") != method_id:
        raise RuleError(f"bộ quy tắc {path.stem} không thuộc phương pháp {method_id}")
    parameters = {}
    try:
        for name, spec in data["parameters"].items():
            dated = [(_day(entry["from"], str(path)) or date.min, entry["value"])
                     for entry in spec["values"]]
            values = tuple(sorted(dated, key=lambda item: item[0]))
            parameters[name] = Parameter(
                name, spec["description"], spec["status"], spec["reference"], values)
        return Profile(data["id"], method_id, data["title_vi"], str(data["version"]), parameters, path)
    except (KeyError, TypeError, AttributeError) as error:
        raise RuleError(f"tệp bộ quy tắc {path} thiếu hoặc sai mục {error}") from error


def ladder(raw: list[dict[str, Any]], name: str) -> tuple[Rung, ...]:
    rungs = tuple(Rung(r.get("up_to"), int(r["points"])) for r in raw)
    if not rungs or rungs[-1].up_to is not None:
        raise RuleError(f"thang điểm {name} phải kết thúc bằng một bậc không giới hạn")
    return rungs


def _bound(value: Any) -> Decimal:
    return Decimal(str(value))


def bands(raw: list[dict[str, Any]], name: str) -> tuple[Band, ...]:
    """Parse bands written with above / at_least (lower) and below / up_to (upper).

    Bands must be listed from the highest down and tile the line with no gap or overlap:
    each band's lower bound is the next band's upper bound, inclusive on exactly one side
    — so that, for instance, a total of exactly 15 falls in one band and one only.
    """
    found = []
    for spec in raw:
        lower = upper = None
        lower_inc = upper_inc = False
        if "above" in spec:
            lower, lower_inc = _bound(spec["above"]), False
        if "at_least" in spec:
            lower, lower_inc = _bound(spec["at_least"]), True
        if "below" in spec:
            upper, upper_inc = _bound(spec["below"]), False
        if "up_to" in spec:
            upper, upper_inc = _bound(spec["up_to"]), True
        found.append(Band(spec["code"], spec["label_vi"], spec.get("label_en", spec["code"]),
                          lower, lower_inc, upper, upper_inc))
    if not found or found[0].upper is not None or found[-1].lower is not None:
        raise RuleError(f"xếp loại {name}: dải cao nhất và thấp nhất phải không giới hạn")
    for high, low in itertools.pairwise(found):
        if high.lower != low.upper or high.lower_inclusive == low.upper_inclusive:
            raise RuleError(
                f"xếp loại {name}: '{high.code}' và '{low.code}' phải nối liền nhau, "
                "đúng một bên lấy cả giá trị biên"
            )
    return tuple(found)


def share(value: Any) -> Fraction:
    return Fraction(str(value))


def resolve(methodology: Methodology, profile: Profile, as_of: date,
            read_parameters: Callable[[Mapping[str, Any]], Any]) -> RuleSet:
    """Resolve every parameter of a profile as of a date; `read_parameters` is the
    methodology's own reading of them (it raises RuleError on a malformed value)."""
    snapshot = {name: _jsonable(profile.parameters[name].as_of(as_of))
                for name in sorted(profile.parameters)}

    def value(name: str) -> Any:
        try:
            return snapshot[name]
        except KeyError as missing:
            raise RuleError(f"bộ quy tắc {profile.id} thiếu tham số {name}") from missing

    satisfaction = value("satisfaction")
    hours = value("working_hours")
    try:
        return RuleSet(
            methodology=methodology, profile=profile, as_of=as_of,
            bands={name: bands(value(subject.classes), subject.classes)
                   for name, subject in methodology.subjects.items()},
            positive_satisfaction=frozenset(satisfaction["positive"]),
            wilson_z=float(satisfaction["z"]),
            small_sample=int(satisfaction["small_sample"]),
            working_hours={k: (v[0], v[1]) for k, v in hours.items()},
            snapshot=snapshot,
            params=read_parameters(snapshot),
            rank_known_part=bool(snapshot.get(RANK_KNOWN_PART, False)),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        if isinstance(error, RuleError):
            raise
        raise RuleError(f"bộ quy tắc {profile.id}: giá trị tham số không hợp lệ ({error})") from error


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def ladder_points(rungs: tuple[Rung, ...], count: int) -> int:
    for rung in rungs:
        if rung.up_to is None or count <= rung.up_to:
            return rung.points
    raise RuleError("thang điểm không có bậc phù hợp")  # unreachable: last rung is open


def classify(found: tuple[Band, ...], total: Decimal) -> Band:
    for band in found:
        if band.contains(total):
            return band
    raise RuleError(f"không có dải xếp loại cho tổng điểm {fmt_decimal(total)}")  # tiling is validated


def load_rules(method_id: str, profile_id: str, as_of: date,
               rules_dir: Path | None = None) -> RuleSet:
    """The rule set of a methodology and profile for a period ending on `as_of`, from
    the installed methodologies (``registry``) or only from `rules_dir`."""
    from .registry import installed

    return installed(rules_dir).rules(method_id, profile_id, as_of)


def load_methodology(method_id: str, rules_dir: Path | None = None) -> Methodology:
    from .registry import installed

    return installed(rules_dir).methodology(method_id)
