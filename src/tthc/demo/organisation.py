"""The cast of the demonstration: units with a performance tier, desk officials, and each
unit's list of procedures with its disclosure and desk flags.

The tiers make the scores believable: the seed article reports, for Q1/2020, 12
excellent and 5 good provincial agencies and 4 excellent and 6 good districts. Each
level gets tiers in about those proportions (plus a weaker "fair" one or two), drawn
by the seed, so every seed tells the same kind of story with different agencies.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from tthc.demo.catalogue import COMMUNE, DAYS, DISTRICT, WH, CatalogueEntry
from tthc.demo.people import DESK_POSITION, full_name

# Not "data/": the repository ignores every folder of that name (the database lives there).
UNITS_CSV = Path(__file__).parent / "reference" / "dien-bien-units-2020.csv"

PROVINCE_AGENCY = "province_agency"
SCORED_KINDS = (PROVINCE_AGENCY, DISTRICT, COMMUNE)
UNIT_PROCEDURES_FROM = "2019-01-01"


@dataclass(frozen=True, slots=True)
class Tier:
    name: str
    early: float  # share of dossiers finished before the due date
    on_time: float  # share finished on the due date
    online: tuple[float, float]  # range of the unit's share of online dossiers
    online_late: float  # multiplies the late chance of its online dossiers (I9)
    desk_decides: float  # chance its desk decides enough procedures itself (I5 = 2)
    disclosure: float  # chance each procedure is posted, and published, as it should be
    supplement: float  # share of its dossiers with a supplement request
    petitioned: float  # relative chance to receive a petition
    slip: float  # chance a liên thông step it performs overruns its share of the time


TIERS: dict[str, Tier] = {
    "excellent": Tier("excellent", 0.91, 0.075, (0.30, 0.45), 0.0, 0.95, 0.99, 0.06, 0.4, 0.03),
    "good": Tier("good", 0.79, 0.14, (0.14, 0.30), 1.0, 0.6, 0.93, 0.09, 1.5, 0.10),
    "fair": Tier("fair", 0.63, 0.21, (0.05, 0.14), 1.0, 0.2, 0.82, 0.12, 3.0, 0.20),
}
# Excellent, good, fair units per level, as proportions of the level's units.
_TIER_MIX = {PROVINCE_AGENCY: (12, 4, 1), DISTRICT: (4, 5, 1), COMMUNE: (5, 6, 2)}
# Share of all dossiers per level, and the relative size of the districts and wards.
LEVEL_SHARE = {PROVINCE_AGENCY: 0.45, DISTRICT: 0.32, COMMUNE: 0.23}
_SIZE = {
    "TPDBP": 1.6, "HDB": 1.4, "HTG": 1.2, "HMA": 1.0, "HDBD": 0.9, "HMC": 0.8, "HTC": 0.8,
    "HNP": 0.7, "HMN": 0.7, "TXML": 0.5, "GSO-03127": 1.3, "GSO-03136": 1.4,  # Phường Him Lam, Phường Mường Thanh
}
# I5 thresholds: the share of its procedures a desk must decide itself (methodology §2).
_DECIDE_SHARE = {PROVINCE_AGENCY: 0.2, DISTRICT: 0.5, COMMUNE: 1.0}
_OFFICIALS_PER_UNIT = {PROVINCE_AGENCY: (2, 4), DISTRICT: (2, 4), COMMUNE: (1, 2)}


@dataclass(slots=True)
class UnitPlan:
    code: str
    name: str
    kind: str
    parent: str
    valid_from: str
    valid_to: str
    tier: Tier = TIERS["good"]
    online_share: float = 0.0
    officials: list[str] = field(default_factory=list)
    official_cum: list[float] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    desk: str = ""  # the unit whose desk receives its dossiers, when not its own
    remote: bool = False  # a mountain commune: slower, later to go digital (2026 data set)
    size: float = 0.0  # relative volume within its level; 0: the 2020 table (_SIZE)
    successor: str = ""  # the unit it went into when it ended (2026 data set)


@dataclass(frozen=True, slots=True)
class OfficialPlan:
    code: str
    full_name: str
    unit_code: str
    # Multiplies the chance that a dossier this official received ends late.
    late_factor: float


@dataclass(frozen=True, slots=True)
class Assignment:
    """A procedure on a unit's list, with its flags as CSV text (empty = unknown)."""

    unit_code: str
    entry: CatalogueEntry
    posted_on_site: str
    published_online: str
    at_desk: str
    decided_at_desk: str


def read_units() -> list[UnitPlan]:
    """The packaged units, in file order (a parent before the units that name it)."""
    with UNITS_CSV.open(encoding="utf-8", newline="") as handle:
        units = [
            UnitPlan(row["code"], row["name"], row["kind"], row["parent_code"], row["valid_from"],
                     row["valid_to"])
            for row in csv.DictReader(handle)
        ]
    by_code = {u.code: u for u in units}
    for unit in units:
        if unit.kind == COMMUNE and unit.parent in by_code:
            by_code[unit.parent].children.append(unit.code)
    return units


def assign_tiers(units: list[UnitPlan], rng: random.Random) -> None:
    for kind, mix in _TIER_MIX.items():
        level = [u for u in units if u.kind == kind]
        rng.shuffle(level)
        excellent = round(len(level) * mix[0] / sum(mix))
        fair = max(1, round(len(level) * mix[2] / sum(mix))) if len(level) > 2 else 0
        for i, unit in enumerate(level):
            name = "excellent" if i < excellent else "fair" if i >= len(level) - fair else "good"
            unit.tier = TIERS[name]
            low, high = unit.tier.online
            unit.online_share = low + (high - low) * rng.random()


def hire_officials(units: list[UnitPlan], rng: random.Random, *, prefix: str = "CB"
                   ) -> list[OfficialPlan]:
    officials: list[OfficialPlan] = []
    for unit in units:
        if unit.kind not in SCORED_KINDS:
            continue
        low, high = _OFFICIALS_PER_UNIT[unit.kind]
        weights = []
        for i in range(rng.randint(low, high)):
            code = f"{prefix}{len(officials) + 1:04d}"
            # Most officials are steady; a few are much slower or much quicker.
            factor = math.exp(rng.gauss(0.0, 0.35))
            officials.append(OfficialPlan(code, full_name(rng), unit.code, factor))
            unit.officials.append(code)
            # The first official of a desk is its main receiver; others share the rest.
            weights.append(1.0 if i == 0 else 0.35 + 0.5 * rng.random())
        unit.official_cum = list(accumulate(weights))
    return officials


def _duration_days(entry: CatalogueEntry) -> float:
    spec = entry.spec
    if spec.time_unit == WH:
        return spec.time_limit / 8
    return spec.time_limit * (5 / 7 if spec.time_unit == DAYS else 1)


def _flag(rng: random.Random, chance: float) -> str:
    if rng.random() < chance:
        return "true"
    # A missing flag is unknown, which scores as false (methodology §2.1).
    return "" if rng.random() < 0.4 else "false"


def assign_procedures(units: list[UnitPlan], entries: tuple[CatalogueEntry, ...],
                      rng: random.Random) -> list[Assignment]:
    assignments: list[Assignment] = []
    for unit in units:
        if unit.kind not in SCORED_KINDS:
            continue
        mine = [e for e in entries if unit.code in e.spec.owners or unit.kind in e.spec.owners]
        handled = [e for e in mine if not e.spec.desk_exempt]
        # Procedures with the shortest limits are the ones a desk can decide on the spot.
        by_speed = sorted(handled, key=_duration_days)
        needed = math.ceil(_DECIDE_SHARE[unit.kind] * len(handled))
        decided = needed if rng.random() < unit.tier.desk_decides else max(0, needed - 1)
        decided_codes = {e.code for e in by_speed[:decided]}
        # A weak desk leaves one procedure's reception to the specialist division.
        off_desk = (rng.choice(handled).code
                    if unit.tier.name == "fair" and handled and rng.random() < 0.5 else None)
        for entry in mine:
            exempt = bool(entry.spec.desk_exempt)
            if exempt:
                at_desk, decided_flag = "false", "false"
            else:
                at_desk = "" if entry.code == off_desk else "true"
                decided_flag = ("true" if entry.code in decided_codes
                                else "false" if rng.random() < 0.7 else "")
            assignments.append(Assignment(
                unit.code, entry, _flag(rng, unit.tier.disclosure),
                _flag(rng, unit.tier.disclosure), at_desk, decided_flag,
            ))
    return assignments


def officials_rows(officials: list[OfficialPlan]) -> list[list[str]]:
    return [[o.code, o.full_name, o.unit_code, DESK_POSITION] for o in officials]


def units_rows(units: list[UnitPlan]) -> list[list[str]]:
    return [[u.code, u.name, u.kind, u.parent, u.valid_from, u.valid_to] for u in units]


def assignment_rows(assignments: list[Assignment]) -> list[list[str]]:
    return [
        [a.unit_code, a.entry.code, a.posted_on_site, a.published_online, a.at_desk,
         a.decided_at_desk, UNIT_PROCEDURES_FROM, ""]
        for a in assignments
    ]


def level_size(unit: UnitPlan) -> float:
    return unit.size or _SIZE.get(unit.code, 1.0)
