"""The 2026 data set (issue 11, item 6): today's organisation, every field the national
index reads, believable rates that move month by month, and a database that holds it
beside the 2020 data set without either changing the other."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

from demo_helpers import DemoSet

from tthc.demo.digital import DOSSIER_COLUMNS_V2
from tthc.demo.generate import write_demo
from tthc.demo.generate_2026 import FIRST_DAY, SNAPSHOT_DAY, write_demo_2026
from tthc.demo.reform import ILLUSTRATIVE, REMOTE_DISTRICTS, UNITS_2026_CSV

FIELDS_V2 = set(DOSSIER_COLUMNS_V2)


def _month(iso: str) -> str:
    return iso[:7]


def _share(rows: list[dict[str, str]], test) -> float:  # type: ignore[no-untyped-def]
    return sum(1 for r in rows if test(r)) / len(rows)


def _by_month(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    months: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        months[_month(row["received_at"])].append(row)
    return months


def test_same_seed_writes_identical_files(tmp_path: Path) -> None:
    write_demo_2026(tmp_path / "a", dossiers=2000)
    write_demo_2026(tmp_path / "b", dossiers=2000)
    for name in ("units", "dossiers", "steps", "ratings", "petitions"):
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == \
            (tmp_path / "b" / f"{name}.csv").read_bytes()


def test_the_organisation_is_the_2026_reference(demo_set_2026: DemoSet) -> None:
    units = {u["code"]: u for u in demo_set_2026.rows("units")}
    with UNITS_2026_CSV.open(encoding="utf-8", newline="") as handle:
        reference = list(csv.DictReader(handle))
    communes = [r for r in reference if r["kind"] == "commune"]
    assert len(communes) == 45
    for row in communes:
        assert units[row["code"]]["name"] == row["name"]
        assert units[row["code"]]["valid_from"] == "2025-07-01"
    names = {u["name"] for u in units.values() if u["kind"] == "province_agency"
             and not u["valid_to"]}
    agencies = {r["name"] for r in reference if r["kind"] == "province_agency"}
    assert agencies <= names and len(names - agencies) == len(ILLUSTRATIVE)
    # Every old commune and every merged department ends with a successor in force.
    for unit in units.values():
        if unit["kind"] in ("commune", "province_agency") and unit["valid_to"]:
            successor = units[unit["successor_code"]]
            assert not successor["valid_to"] and successor["kind"] == unit["kind"], unit
    # The old communes of the 2020 sample, each leading to the commune formed from it.
    assert sum(1 for u in units.values() if u["kind"] == "commune" and u["valid_to"]) == 13


def test_dossiers_fall_in_the_two_level_months(demo_set_2026: DemoSet) -> None:
    units = {u["code"]: u for u in demo_set_2026.rows("units")}
    dossiers = demo_set_2026.rows("dossiers")
    assert len(dossiers) == 40_000
    assert set(dossiers[0]) >= FIELDS_V2
    assert min(d["received_at"] for d in dossiers) >= FIRST_DAY.isoformat()
    assert max(d["received_at"] for d in dossiers) < SNAPSHOT_DAY.replace(day=30).isoformat() + "T24"
    kinds = Counter(units[d["unit_code"]]["kind"] for d in dossiers)
    assert set(kinds) == {"province_agency", "commune"} and kinds["commune"] > kinds["province_agency"]
    centre = next(u["code"] for u in units.values() if u["kind"] == "service_centre")
    for dossier in dossiers:
        unit = units[dossier["unit_code"]]
        assert not unit["valid_to"]
        # The provincial service centre receives every provincial agency's dossiers.
        assert (dossier["desk_code"] == centre) == (unit["kind"] == "province_agency")
    assert len(_by_month(dossiers)) == 17


def test_most_are_synced_and_digitisation_and_payment_rise(demo_set_2026: DemoSet) -> None:
    dossiers = demo_set_2026.rows("dossiers")
    assert _share(dossiers, lambda d: d["synced_at"] != "") > 0.9
    months = _by_month(dossiers)
    first = [d for m in ("2025-07", "2025-08", "2025-09") for d in months[m]]
    last = [d for m in ("2026-09", "2026-10", "2026-11") for d in months[m]]
    for field in ("components_digitised", "reused_data", "personal_storage"):
        assert _share(last, lambda d, f=field: d[f] == "true") > \
            _share(first, lambda d, f=field: d[f] == "true") + 0.1, field
    assert _share(last, lambda d: d["channel"] == "online") > \
        _share(first, lambda d: d["channel"] == "online") + 0.05

    def paid(rows: list[dict[str, str]]) -> float:
        due = [d for d in rows if d["fee_due"] == "true"]
        return _share(due, lambda d: d["paid_online"] in ("portal", "local"))

    assert paid(last) > paid(first) + 0.1
    assert {d["paid_online"] for d in dossiers} == {"", "none", "portal", "local"}


def _late(rows: list[dict[str, str]]) -> float:
    ended = [d for d in rows if d["finished_at"] and d["status"] in ("finished", "returned")]
    return _share(ended, lambda d: d["finished_at"][:10] > d["due_at"][:10])


def test_tet_2026_slows_handling_down(demo_set_2026: DemoSet) -> None:
    dossiers = demo_set_2026.rows("dossiers")
    around_tet = [d for d in dossiers if "2026-02-05" <= d["due_at"][:10] <= "2026-03-10"]
    other = [d for d in dossiers if not "2026-01-25" <= d["due_at"][:10] <= "2026-03-20"]
    assert _late(around_tet) > 1.5 * _late(other)


def test_mountain_communes_are_weaker(demo_set_2026: DemoSet) -> None:
    remote = set()
    with UNITS_2026_CSV.with_name("dien-bien-communes-2025-predecessors.csv").open(
            encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["main_old_district"] in REMOTE_DISTRICTS:
                remote.add(row["code"])
    communes = [d for d in demo_set_2026.rows("dossiers") if d["unit_code"].startswith(("X-", "P-"))]
    mountains = [d for d in communes if d["unit_code"] in remote]
    lowlands = [d for d in communes if d["unit_code"] not in remote]
    assert mountains and lowlands
    assert _late(mountains) > _late(lowlands)
    digitised = lambda d: d["components_digitised"] == "true"  # noqa: E731
    assert _share(mountains, digitised) < _share(lowlands, digitised)


def test_ratings_and_petitions_carry_the_index_fields(demo_set_2026: DemoSet) -> None:
    ratings = demo_set_2026.rows("ratings")
    assert len(ratings) > 0.2 * 40_000
    assert any(r["satisfaction"] in ("dissatisfied", "very_dissatisfied") for r in ratings)
    petitions = demo_set_2026.rows("petitions")
    assert len(petitions) >= 60
    codes = [p["code"] for p in petitions]
    assert {p["citizen_rating"] for p in petitions} >= {"positive", "negative"}
    assert any(p["refused"] == "true" for p in petitions)
    follow_ups = [p for p in petitions if p["follow_up_of"]]
    assert follow_ups
    for petition in follow_ups:
        # Always an earlier row: the file imports in one pass.
        assert codes.index(petition["follow_up_of"]) < codes.index(petition["code"])


def test_rows_shared_with_the_2020_data_set_are_written_alike(tmp_path: Path,
                                                               demo_set_2026: DemoSet) -> None:
    """Loading one data set never rewrites the other's records."""
    write_demo(tmp_path / "2020", dossiers=1000)

    def rows(folder: Path, name: str) -> dict[tuple[str, str], dict[str, str]]:
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return {(r.get("unit_code") or r["code"], r.get("procedure_code", "")): r
                    for r in csv.DictReader(handle)}

    for name in ("units", "procedures", "unit_procedures"):
        old, new = rows(tmp_path / "2020", name), rows(demo_set_2026.folder, name)
        shared = old.keys() & new.keys()
        assert shared, name
        for key in shared:
            assert {k: new[key][k] for k in old[key]} == old[key], (name, key)
