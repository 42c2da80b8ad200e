"""Rule sets as data: methodology → profile → dated parameter values.

A parameter's value for a period is the latest dated value whose `from` is on or before
the period's last day (OpenFisca's "as of a date"). The resolved values, with the
profile version, are what a stored score records (see ``RuleSet.version`` and
``RuleSet.snapshot``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


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
            parts.append(f"{'≥' if self.lower_inclusive else '>'} {self.lower}")
        if self.upper is not None:
            parts.append(f"{'≤' if self.upper_inclusive else '<'} {self.upper}")
        return f"{self.label_vi}: " + " và ".join(parts)


@dataclass(frozen=True, slots=True)
class Indicator:
    number: str
    name_vi: str
    name_en: str
    per: str


@dataclass(frozen=True, slots=True)
class Methodology:
    id: str
    title_vi: str
    indicators: dict[str, Indicator]
    subject_indicators: dict[str, tuple[str, ...]]


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


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything the engine needs for one period, resolved as of one date."""

    methodology: Methodology
    profile: Profile
    as_of: date
    timing_points: dict[str, int]
    supplements_ladder: tuple[Rung, ...]
    agencies_ladder: tuple[Rung, ...]
    derived_remote_agencies: int
    derived_other_agencies: int
    remote_return_channels: frozenset[str]
    desk_decided_share: dict[str, Fraction]
    disclosure_points: dict[str, int]
    attitude_late_points: int
    attitude_complaint_kinds: frozenset[str | None]
    petitions_two_share: Fraction
    petitions_one_share: Fraction
    online_two_procedures: Fraction
    online_two_dossiers: Fraction
    online_one_procedures_min: int
    online_one_dossiers: Fraction
    agency_bands: tuple[Band, ...]
    official_bands: tuple[Band, ...]
    positive_satisfaction: frozenset[str]
    wilson_z: float
    small_sample: int
    working_hours: dict[str, tuple[str, str]]
    snapshot: dict[str, Any]

    @property
    def version(self) -> str:
        """The rule version stored with every score, e.g. ``nd61-tt01/dien-bien-1187@2019.1``."""
        return f"{self.methodology.id}/{self.profile.id}@{self.profile.version}"

    @property
    def digest(self) -> str:
        """A short hash of the resolved values: equal digests, equal rules."""
        text = json.dumps(self.snapshot, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise RuleError(f"không tìm thấy tệp quy tắc {path}")
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise RuleError(f"tệp quy tắc {path} không đúng định dạng")
    return data


def load_methodology(method_id: str, rules_dir: Path = RULES_DIR) -> Methodology:
    data = _read_yaml(rules_dir / method_id / "methodology.yaml")
    indicators = {
        str(number): Indicator(str(number), spec["name_vi"], spec["name_en"], spec["per"])
        for number, spec in data["indicators"].items()
    }
    subjects = {
        name: tuple(str(i) for i in spec["indicators"]) for name, spec in data["subjects"].items()
    }
    return Methodology(data["id"], data["title_vi"], indicators, subjects)


def load_profile(method_id: str, profile_id: str, rules_dir: Path = RULES_DIR) -> Profile:
    path = rules_dir / method_id / "profiles" / f"{profile_id}.yaml"
    data = _read_yaml(path)
    if data.get("methodology") != method_id:
        raise RuleError(f"bộ quy tắc {profile_id} không thuộc phương pháp {method_id}")
    parameters = {}
    for name, spec in data["parameters"].items():
        values = tuple(sorted((entry["from"], entry["value"]) for entry in spec["values"]))
        parameters[name] = Parameter(
            name, spec["description"], spec["status"], spec["reference"], values
        )
    return Profile(data["id"], method_id, data["title_vi"], str(data["version"]), parameters)


def _ladder(raw: list[dict[str, Any]], name: str) -> tuple[Rung, ...]:
    rungs = tuple(Rung(r.get("up_to"), int(r["points"])) for r in raw)
    if not rungs or rungs[-1].up_to is not None:
        raise RuleError(f"thang điểm {name} phải kết thúc bằng một bậc không giới hạn")
    return rungs


def _bound(value: Any) -> Decimal:
    return Decimal(str(value))


def _bands(raw: list[dict[str, Any]], name: str) -> tuple[Band, ...]:
    """Parse bands written with above / at_least (lower) and below / up_to (upper).

    Bands must be listed from the highest down and tile the line with no gap or overlap:
    each band's lower bound is the next band's upper bound, inclusive on exactly one side
    — so that, for instance, a total of exactly 15 falls in one band and one only.
    """
    bands = []
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
        bands.append(Band(spec["code"], spec["label_vi"], spec.get("label_en", spec["code"]),
                          lower, lower_inc, upper, upper_inc))
    if bands[0].upper is not None or bands[-1].lower is not None:
        raise RuleError(f"xếp loại {name}: dải cao nhất và thấp nhất phải không giới hạn")
    for high, low in itertools.pairwise(bands):
        if high.lower != low.upper or high.lower_inclusive == low.upper_inclusive:
            raise RuleError(
                f"xếp loại {name}: '{high.code}' và '{low.code}' phải nối liền nhau, "
                "đúng một bên lấy cả giá trị biên"
            )
    return tuple(bands)


def _share(value: Any) -> Fraction:
    return Fraction(str(value))


# Resolved rule sets by (methodology, profile, date, folder, the files' versions): pages
# read a period's rules on every request, and parsing the YAML costs 10–30 ms. A file
# edited on disk changes its modification time, so an edit is never served stale.
_RESOLVED: dict[tuple[Any, ...], RuleSet] = {}
_RESOLVED_MAX = 256


def _file_version(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def load_rules(method_id: str, profile_id: str, as_of: date,
               rules_dir: Path = RULES_DIR) -> RuleSet:
    """Load and resolve a rule set for a period ending on `as_of` (cached while the
    rule files are unchanged)."""
    key = (method_id, profile_id, as_of, str(rules_dir),
           _file_version(rules_dir / method_id / "methodology.yaml"),
           _file_version(rules_dir / method_id / "profiles" / f"{profile_id}.yaml"))
    found = _RESOLVED.get(key)
    if found is None:
        found = _resolve_rules(method_id, profile_id, as_of, rules_dir)
        if len(_RESOLVED) >= _RESOLVED_MAX:
            _RESOLVED.clear()
        _RESOLVED[key] = found
    return found


def _resolve_rules(method_id: str, profile_id: str, as_of: date, rules_dir: Path) -> RuleSet:
    methodology = load_methodology(method_id, rules_dir)
    profile = load_profile(method_id, profile_id, rules_dir)

    def value(name: str) -> Any:
        try:
            return profile.parameters[name].as_of(as_of)
        except KeyError as missing:
            raise RuleError(f"bộ quy tắc {profile_id} thiếu tham số {name}") from missing

    snapshot = {name: value(name) for name in sorted(profile.parameters)}
    derived = value("agencies_contacted.derived")
    petitions = value("petitions.shares")
    online = value("online.thresholds")
    satisfaction = value("satisfaction")
    hours = value("working_hours")
    return RuleSet(
        methodology=methodology,
        profile=profile,
        as_of=as_of,
        timing_points={k: int(v) for k, v in value("timing.points").items()},
        supplements_ladder=_ladder(value("supplements.ladder"), "supplements.ladder"),
        agencies_ladder=_ladder(value("agencies_contacted.ladder"), "agencies_contacted.ladder"),
        derived_remote_agencies=int(derived["remote"]),
        derived_other_agencies=int(derived["otherwise"]),
        remote_return_channels=frozenset(derived["remote_return_channels"]),
        desk_decided_share={k: _share(v) for k, v in value("desk.decided_share").items()},
        disclosure_points={k: int(v) for k, v in value("disclosure.points").items()},
        attitude_late_points=int(value("attitude.late_points")),
        attitude_complaint_kinds=frozenset(value("attitude.complaint_kinds")),
        petitions_two_share=_share(petitions["two_points"]),
        petitions_one_share=_share(petitions["one_point"]),
        online_two_procedures=_share(online["two_points"]["procedures_share"]),
        online_two_dossiers=_share(online["two_points"]["dossiers_share"]),
        online_one_procedures_min=int(online["one_point"]["procedures_min"]),
        online_one_dossiers=_share(online["one_point"]["dossiers_share"]),
        agency_bands=_bands(value("classes.agency"), "classes.agency"),
        official_bands=_bands(value("classes.official"), "classes.official"),
        positive_satisfaction=frozenset(satisfaction["positive"]),
        wilson_z=float(satisfaction["z"]),
        small_sample=int(satisfaction["small_sample"]),
        working_hours={k: (v[0], v[1]) for k, v in hours.items()},
        snapshot=_jsonable(snapshot),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def ladder_points(ladder: tuple[Rung, ...], count: int) -> int:
    for rung in ladder:
        if rung.up_to is None or count <= rung.up_to:
            return rung.points
    raise RuleError("thang điểm không có bậc phù hợp")  # unreachable: last rung is open


def classify(bands: tuple[Band, ...], total: Decimal) -> Band:
    for band in bands:
        if band.contains(total):
            return band
    raise RuleError(f"không có dải xếp loại cho tổng điểm {total}")  # tiling is validated
