"""The cast of the 2026 data set: Điện Biên on the two-level organisation (from 2025-07-01).

Read from the packaged 2026 reference and the list of the communes each new commune was
formed from, and joined to the 2020 organisation, so that both data sets can live in one
database and a trend can follow a unit across the reform:

- An agency of the 2026 list with the name of a 2020 agency still in force (Sở Tư pháp,
  Sở Nội vụ, Thanh tra tỉnh…) is that agency, continuing: its 2020 code and row. The
  reference dates the merged departments from 2025-03-01, but the department that kept
  its name kept its seal, staff and dossiers; the ones it absorbed end with it as their
  successor (by the names in ``predecessors``).
- Sở Công Thương is not in the 2026 reference (no source was found); it continues here
  from 2020, illustrative.
- A unit the 2020 organisation lacks and the reference leaves undated (Văn phòng UBND
  tỉnh, the service centre) starts on 2025-07-01 here, so it does not join the 2020
  rankings with no dossiers.
- The provincial service centre is the desk of every provincial agency (kind
  ``service_centre``: receives, is not scored). Its officials belong to their agencies.
- The old communes of the 2020 sample (13 of the 129, keyed by their statistics code,
  ``GSO-03160``) end on 2025-06-30 with the commune formed from them as successor. The
  other old communes are left out: they hold no records here, and undated they would
  join the 2020 rankings with none. Old districts keep their 2020 rows.
- Communes whose old district lies in the mountains near the borders (Mường Nhé, Nậm Pồ,
  Mường Chà, Tủa Chùa, Điện Biên Đông) are ``remote``: weaker tiers, slower to go digital.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tthc.demo.catalogue import COMMUNE, DISTRICT
from tthc.demo.organisation import PROVINCE_AGENCY, TIERS, UNITS_CSV, UnitPlan

REFERENCE = Path(__file__).parent / "reference"
UNITS_2026_CSV = REFERENCE / "dien-bien-units-2026.csv"
PREDECESSORS_CSV = REFERENCE / "dien-bien-communes-2025-predecessors.csv"

SERVICE_CENTRE = "service_centre"
REFORM_DAY = "2025-07-01"
OLD_UNITS_END = "2025-06-30"
ILLUSTRATIVE = ("SCT",)  # kept from 2020 without a 2026 source (see the module's text)
REMOTE_DISTRICTS = ("Huyện Mường Nhé", "Huyện Nậm Pồ", "Huyện Mường Chà", "Huyện Tủa Chùa",
                    "Huyện Điện Biên Đông")

# Excellent, good, fair per level (of 100); remote communes lean to the weaker tiers.
_TIER_MIX = {PROVINCE_AGENCY: (66, 26, 8), COMMUNE: (42, 45, 13), "remote": (12, 48, 40)}
# The unit's online share by tier (range), lowered in the mountains.
_ONLINE = {"excellent": (0.42, 0.58), "good": (0.28, 0.42), "fair": (0.14, 0.26)}
_REMOTE_ONLINE = 0.7


def _key(name: str) -> str:
    """Names compare after NFC and case folding ("Thị Xã" = "Thị xã")."""
    return unicodedata.normalize("NFC", name).casefold().strip()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(slots=True)
class Organisation:
    """Units in the order the units file needs (a parent and a successor first)."""

    units: list[UnitPlan]  # every row of the units file
    province: UnitPlan
    centre: UnitPlan

    @property
    def working(self) -> list[UnitPlan]:
        """The units that handle dossiers after the reform."""
        return [u for u in self.units
                if u.kind in (PROVINCE_AGENCY, COMMUNE) and not u.valid_to]

    def successors(self) -> dict[str, str]:
        return {u.code: u.successor for u in self.units if u.successor}


def read_organisation() -> Organisation:
    old = [UnitPlan(r["code"], r["name"], r["kind"], r["parent_code"], r["valid_from"],
                    r["valid_to"]) for r in _read(UNITS_CSV)]
    old_open = {_key(u.name): u for u in old if u.kind == PROVINCE_AGENCY and not u.valid_to}
    old_by_code = {u.code: u for u in old}
    olds_of = {r["code"]: r for r in _read(PREDECESSORS_CSV)}

    province: UnitPlan | None = None
    centre: UnitPlan | None = None
    new: list[UnitPlan] = []
    successor_by_name: dict[str, str] = {}
    for row in _read(UNITS_2026_CSV):
        kind = row["kind"]
        continuing = old_open.get(_key(row["name"])) if kind == PROVINCE_AGENCY else None
        unit = (UnitPlan(continuing.code, continuing.name, kind, continuing.parent,
                         continuing.valid_from, continuing.valid_to) if continuing
                # A unit the 2020 data set lacks starts with this one: undated, it
                # would join the 2020 rankings with no dossiers.
                else UnitPlan(row["code"], row["name"], kind, row["parent_code"],
                              row["valid_from"] or ("" if kind == "province" else REFORM_DAY),
                              row["valid_to"]))
        if kind == "province":
            province = unit
        elif kind == SERVICE_CENTRE:
            centre = unit
        for name in filter(None, row["predecessors"].split(";")):
            successor_by_name.setdefault(_key(name), unit.code)
        if kind == COMMUNE:
            origin = olds_of[row["code"]]
            unit.remote = origin["main_old_district"] in REMOTE_DISTRICTS
            olds = origin["predecessors_with_gso_code_and_old_district"].split(";")
            # A ward of the city, or a commune formed from more old ones, is busier.
            unit.size = (0.5 + 0.22 * len(olds)) * (1.8 if row["name"].startswith("Phường") else 1)
        new.append(unit)
    if province is None or centre is None:
        raise ValueError("Danh sách đơn vị 2026 thiếu tỉnh hoặc Trung tâm Phục vụ hành chính công")
    for code in ILLUSTRATIVE:
        kept = next(u for u in old if u.code == code)
        new.append(UnitPlan(kept.code, kept.name, kept.kind, kept.parent, kept.valid_from,
                            kept.valid_to))
    for unit in new:
        if unit.kind == PROVINCE_AGENCY:
            unit.desk = centre.code

    history: list[UnitPlan] = []
    for unit in old:
        if unit.kind == DISTRICT:
            history.append(unit)
        elif unit.kind == PROVINCE_AGENCY and unit.valid_to:
            unit.successor = successor_by_name.get(_key(unit.name), "")
            history.append(unit)
    for code, origin in olds_of.items():
        for entry in origin["predecessors_with_gso_code_and_old_district"].split(";"):
            gso = entry.split(" ", 1)[0]
            kept = old_by_code.get(f"GSO-{gso}")
            if kept is not None:
                kept.successor = code
                history.append(kept)
    ordered = [province, *(u for u in new if u is not province), *history]
    return Organisation(ordered, province, centre)


def assign_tiers_2026(units: list[UnitPlan], rng: random.Random) -> None:
    """Tiers and online shares by level; the mountains weaker (see _TIER_MIX)."""
    groups = {
        PROVINCE_AGENCY: [u for u in units if u.kind == PROVINCE_AGENCY],
        COMMUNE: [u for u in units if u.kind == COMMUNE and not u.remote],
        "remote": [u for u in units if u.kind == COMMUNE and u.remote],
    }
    for group, level in groups.items():
        mix = _TIER_MIX[group]
        rng.shuffle(level)
        excellent = round(len(level) * mix[0] / 100)
        fair = round(len(level) * mix[2] / 100)
        for i, unit in enumerate(level):
            name = "excellent" if i < excellent else "fair" if i >= len(level) - fair else "good"
            unit.tier = TIERS[name]
            low, high = _ONLINE[name]
            unit.online_share = (low + (high - low) * rng.random()) * (
                _REMOTE_ONLINE if unit.remote else 1)


def units_rows_2026(units: list[UnitPlan]) -> list[list[str]]:
    return [[u.code, u.name, u.kind, u.parent, u.valid_from, u.valid_to, u.successor]
            for u in units]
