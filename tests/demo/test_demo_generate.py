"""The generated files: determinism, volumes and shape, internal consistency."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
from demo_helpers import DemoSet

from tthc.demo.generate import DEFAULT_DOSSIERS, FILES, write_demo
from tthc.demo.organisation import UNITS_CSV
from tthc.demo.petitions import petition_count
from tthc.engine.calendar import WorkingCalendar

# The shared reference folder sits beside the checkout (../shared); a clone may lack it.
REFERENCE_UNITS = Path(__file__).resolve().parents[3] / "shared/data/dien-bien-units-2020.csv"
PREDECESSORS = REFERENCE_UNITS.with_name("dien-bien-communes-2025-predecessors.csv")
HEADERS = {
    "units": "code,name,kind,parent_code,valid_from,valid_to",
    "officials": "code,full_name,unit_code,position",
    "procedures": "code,name,field,time_limit,time_unit,online_level,desk_exempt",
    "unit_procedures": "unit_code,procedure_code,posted_on_site,published_online,at_desk,"
                       "decided_at_desk,valid_from,valid_to",
    "dossiers": "code,procedure_code,unit_code,desk_code,received_by,channel,return_channel,"
                "received_at,due_at,finished_at,returned_at,status,agencies_contacted",
    "steps": "dossier_code,seq,unit_code,official_code,started_at,due_at,finished_at",
    "supplements": "dossier_code,seq,requested_at,completed_at,applicant_fault,new_due_at",
    "ratings": "dossier_code,channel,submitted_at,satisfaction,agencies_contacted,"
               "disclosure_seen,comment,entered_by,batch",
    "petitions": "code,unit_code,dossier_code,about_official,kind,received_at,answer_due_at,"
                 "answered_at,prolonged,upheld",
}


def _t(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / f"{name}.csv").read_bytes() for name in FILES}


# -- determinism ---------------------------------------------------------------------------

def test_same_seed_writes_identical_files(tmp_path: Path) -> None:
    first = write_demo(tmp_path / "a", seed=7, dossiers=1500)
    second = write_demo(tmp_path / "b", seed=7, dossiers=1500)
    assert first == second
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_another_seed_writes_other_data(tmp_path: Path) -> None:
    write_demo(tmp_path / "a", seed=7, dossiers=1500)
    write_demo(tmp_path / "b", seed=8, dossiers=1500)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    for name in ("officials", "dossiers", "steps", "ratings", "petitions"):
        assert a[name] != b[name], name
    # The organisation and the catalogue are reference data, the same for every seed.
    assert a["units"] == b["units"]
    assert a["procedures"] == b["procedures"]


def test_no_dossiers_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="dossiers"):
        write_demo(tmp_path, dossiers=0)


# -- format --------------------------------------------------------------------------------

def test_every_file_has_the_canonical_header(demo_set: DemoSet) -> None:
    for name in FILES:
        with (demo_set.folder / f"{name}.csv").open(encoding="utf-8") as handle:
            assert handle.readline().rstrip("\n") == HEADERS[name], name


def test_counts_match_the_files(demo_set: DemoSet) -> None:
    for name in FILES:
        assert len(demo_set.rows(name)) == demo_set.counts[name], name


def test_text_is_nfc_without_control_characters(demo_set: DemoSet) -> None:
    for name in FILES:
        text = (demo_set.folder / f"{name}.csv").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), name
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", text), name


def test_values_use_the_canonical_vocabulary(demo_set: DemoSet) -> None:
    booleans = {"true", "false", ""}
    for row in demo_set.rows("unit_procedures"):
        for flag in ("posted_on_site", "published_online", "at_desk", "decided_at_desk"):
            assert row[flag] in booleans
    dossiers = demo_set.rows("dossiers")
    assert {d["channel"] for d in dossiers} == {"direct", "online", "postal"}
    assert {d["return_channel"] for d in dossiers} == {"direct", "online", "postal"}
    assert {d["status"] for d in dossiers} == {"processing", "finished", "returned", "refused",
                                              "withdrawn"}
    assert {d["agencies_contacted"] for d in dossiers} <= {"", "0", "1", "2"}
    for row in demo_set.rows("supplements"):
        assert row["applicant_fault"] in booleans
    for row in demo_set.rows("petitions"):
        assert row["prolonged"] in booleans and row["upheld"] in booleans
    for name in ("dossiers", "steps", "supplements", "ratings", "petitions"):
        for row in demo_set.rows(name):
            for column, value in row.items():
                if column.endswith("_at") and value:
                    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00", value), (name, value)


# -- reference data ------------------------------------------------------------------------

def test_units_are_the_packaged_reference_list(demo_set: DemoSet) -> None:
    with UNITS_CSV.open(encoding="utf-8", newline="") as handle:
        packaged = list(csv.DictReader(handle))
    assert demo_set.rows("units") == packaged
    kinds = Counter(u["kind"] for u in packaged)
    assert kinds == {"province": 1, "province_agency": 17, "district": 10, "commune": 13}
    # A parent comes before the units that name it.
    seen: set[str] = set()
    for unit in packaged:
        assert not unit["parent_code"] or unit["parent_code"] in seen
        seen.add(unit["code"])


@pytest.mark.skipif(not REFERENCE_UNITS.exists(), reason="shared reference data not present")
def test_packaged_units_equal_the_shared_reference() -> None:
    """The packaged list is the shared one, but for the codes of the old communes: the
    2026 reference gives the communes formed on 2025-07-01 codes that the 2020 one used
    for old communes of the same name, so the demonstration keys every old commune by its
    statistics code (``GSO-03160``) from the predecessors file, which names it."""
    def read(path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    packaged, shared = read(UNITS_CSV), read(REFERENCE_UNITS)
    old_codes = PREDECESSORS.read_text(encoding="utf-8")
    assert len(packaged) == len(shared)
    for ours, theirs in zip(packaged, shared, strict=True):
        if theirs["kind"] == "commune":
            assert re.fullmatch(r"GSO-\d{5}", ours["code"]), ours
            assert f"{ours['code'][4:]} " in old_codes, ours
            ours, theirs = dict(ours, code=""), dict(theirs, code="")
        assert ours == theirs


def test_procedure_catalogue(demo_set: DemoSet) -> None:
    procedures = demo_set.rows("procedures")
    assert len(procedures) >= 60
    assert len({p["code"] for p in procedures}) == len(procedures)
    assert all(re.fullmatch(r"1\.00\d{4}", p["code"]) for p in procedures)
    assert len({p["field"] for p in procedures}) >= 20
    units = Counter(p["time_unit"] for p in procedures)
    assert units["working_days"] > units["days"] > 0 and units["working_hours"] > 0
    assert {p["online_level"] for p in procedures} == {"none", "partial", "full"}
    assert any(p["desk_exempt"] == "true" for p in procedures)
    assert any(p["name"].startswith("Chứng thực") and p["time_unit"] == "working_hours"
               for p in procedures)


def test_officials_per_unit(demo_set: DemoSet) -> None:
    units = {u["code"]: u["kind"] for u in demo_set.rows("units")}
    officials = demo_set.rows("officials")
    per_unit = Counter(o["unit_code"] for o in officials)
    for code, kind in units.items():
        low, high = {"province": (0, 0), "commune": (1, 2)}.get(kind, (2, 4))
        assert low <= per_unit[code] <= high, code
    for official in officials:
        assert re.fullmatch(r"CB\d{4}", official["code"])
        assert official["position"] == "Công chức Bộ phận Một cửa"
        assert len(official["full_name"].split()) >= 3


def test_every_scored_unit_has_a_procedure_list(demo_set: DemoSet) -> None:
    units = {u["code"]: u["kind"] for u in demo_set.rows("units")}
    listed = Counter(up["unit_code"] for up in demo_set.rows("unit_procedures"))
    for code, kind in units.items():
        assert (listed[code] > 0) == (kind != "province"), code
    assert {up["valid_from"] for up in demo_set.rows("unit_procedures")} == {"2019-01-01"}


# -- volumes and shape ---------------------------------------------------------------------

def test_volume_of_2020(demo_set: DemoSet) -> None:
    dossiers = demo_set.rows("dossiers")
    # Issue 3: the full demonstration set has at least 200,000 dossiers over 2020.
    assert len(dossiers) == DEFAULT_DOSSIERS >= 200_000
    assert sum(d["finished_at"].startswith("2020") for d in dossiers) >= 0.9 * len(dossiers)
    assert all("2019-12-01" <= d["received_at"] < "2021" for d in dossiers)
    processing = [d for d in dossiers if d["status"] == "processing"]
    assert 0 < len(processing) < 0.05 * len(dossiers)
    closed = sum(d["status"] in ("refused", "withdrawn") for d in dossiers)
    assert 0 < closed < 0.05 * len(dossiers)


def test_every_unit_kind_handles_dossiers(demo_set: DemoSet) -> None:
    kinds = {u["code"]: u["kind"] for u in demo_set.rows("units")}
    handled = {kinds[d["unit_code"]] for d in demo_set.rows("dossiers")}
    assert handled == {"province_agency", "district", "commune"}


def test_online_share_varies_by_unit(demo_set: DemoSet) -> None:
    total: Counter[str] = Counter()
    online: Counter[str] = Counter()
    for d in demo_set.rows("dossiers"):
        total[d["unit_code"]] += 1
        online[d["unit_code"]] += d["channel"] == "online"
    shares = [online[u] / n for u, n in total.items() if n >= 100]
    assert all(0.03 <= s <= 0.5 for s in shares)
    assert max(shares) - min(shares) > 0.25


def test_liaison_steps_in_other_units(demo_set: DemoSet) -> None:
    unit_of = {d["code"]: d["unit_code"] for d in demo_set.rows("dossiers")}
    steps = demo_set.rows("steps")
    elsewhere = {s["unit_code"] for s in steps if s["unit_code"] != unit_of[s["dossier_code"]]}
    assert {"STNMT", "STC"} <= elsewhere
    per_dossier = Counter(s["dossier_code"] for s in steps)
    assert set(per_dossier.values()) == {1, 2, 3, 4}
    late = sum(s["finished_at"][:10] > s["due_at"][:10] for s in steps)
    assert 0.01 < late / len(steps) < 0.15


def test_some_dossiers_are_received_at_a_commune_for_the_district(demo_set: DemoSet) -> None:
    units = {u["code"]: u for u in demo_set.rows("units")}
    moved = [d for d in demo_set.rows("dossiers") if d["desk_code"] != d["unit_code"]]
    assert moved
    for d in moved:
        assert units[d["desk_code"]]["parent_code"] == d["unit_code"]


def test_supplements(demo_set: DemoSet) -> None:
    supplements = demo_set.rows("supplements")
    dossiers = len(demo_set.rows("dossiers"))
    supplemented = {s["dossier_code"] for s in supplements}
    assert 0.05 < len(supplemented) / dossiers < 0.11
    assert {s["applicant_fault"] for s in supplements} == {"true", "false", ""}
    assert Counter(s["seq"] for s in supplements)["2"] > 0


def test_ratings(demo_set: DemoSet) -> None:
    ratings = demo_set.rows("ratings")
    finished = [d for d in demo_set.rows("dossiers") if d["status"] in ("finished", "returned")]
    assert 0.3 < len(ratings) / len(finished) < 0.4
    assert {r["channel"] for r in ratings} == {"paper", "kiosk", "online", "qr"}
    satisfaction = Counter(r["satisfaction"] for r in ratings)
    assert satisfaction["very_satisfied"] + satisfaction["satisfied"] > 0.8 * len(ratings)
    assert satisfaction["neutral"] and satisfaction["dissatisfied"]
    assert {r["disclosure_seen"] for r in ratings} == {"both", "one", "none", ""}
    assert {r["agencies_contacted"] for r in ratings} >= {"0", "1", ""}
    comments = [r["comment"] for r in ratings if r["comment"]]
    assert comments and all(c.endswith("(ý kiến minh họa)") for c in comments)


def test_petitions(demo_set: DemoSet) -> None:
    petitions = demo_set.rows("petitions")
    # A few per thousand dossiers, never fewer than two dozen.
    assert 24 <= 0.9 * petition_count(DEFAULT_DOSSIERS) <= len(petitions) <= petition_count(DEFAULT_DOSSIERS)
    assert {p["kind"] for p in petitions} == {"rules", "conduct"}
    assert any(p["dossier_code"] and p["about_official"] for p in petitions)
    assert any(p["upheld"] == "true" for p in petitions)
    late = [p for p in petitions if p["answered_at"] and p["answered_at"] > p["answer_due_at"]]
    assert late and len(late) < 0.3 * len(petitions)


def test_tet_slows_handling_down(demo_set: DemoSet) -> None:
    late: Counter[bool] = Counter()
    total: Counter[bool] = Counter()
    for d in demo_set.rows("dossiers"):
        if d["finished_at"]:
            around_tet = "2020-01-13" <= d["due_at"][:10] <= "2020-02-21"
            total[around_tet] += 1
            late[around_tet] += d["finished_at"][:10] > d["due_at"][:10]
    assert late[True] / total[True] > 1.5 * late[False] / total[False]


def test_most_dossiers_end_early(demo_set: DemoSet) -> None:
    timing: Counter[str] = Counter()
    for d in demo_set.rows("dossiers"):
        if d["finished_at"] and d["status"] != "refused":
            end, due = d["finished_at"][:10], d["due_at"][:10]
            timing["early" if end < due else "on_time" if end == due else "late"] += 1
    total = sum(timing.values())
    assert timing["early"] / total > 0.7
    assert 0.02 < timing["late"] / total < 0.12


# -- internal consistency ------------------------------------------------------------------

def test_dossier_dates_and_references(demo_set: DemoSet) -> None:
    units = {u["code"] for u in demo_set.rows("units")}
    procedures = {p["code"] for p in demo_set.rows("procedures")}
    official_unit = {o["code"]: o["unit_code"] for o in demo_set.rows("officials")}
    assigned = {(a["unit_code"], a["procedure_code"]) for a in demo_set.rows("unit_procedures")}
    dossiers = demo_set.rows("dossiers")
    assert len({d["code"] for d in dossiers}) == len(dossiers)
    for d in dossiers:
        assert re.fullmatch(rf"DEMO-{re.escape(d['unit_code'])}-20(19|20)-\d{{6}}", d["code"])
        assert d["unit_code"] in units and d["desk_code"] in units
        assert d["procedure_code"] in procedures
        assert (d["unit_code"], d["procedure_code"]) in assigned
        assert official_unit[d["received_by"]] == d["desk_code"]
        received = _t(d["received_at"])
        assert _t(d["due_at"]) >= received
        if d["finished_at"]:
            assert _t(d["finished_at"]) >= received
        if d["returned_at"]:
            assert d["finished_at"] and _t(d["returned_at"]) >= _t(d["finished_at"])
        finished_statuses = ("finished", "returned", "refused")
        assert bool(d["finished_at"]) == (d["status"] in finished_statuses)
        assert (d["status"] == "returned") <= bool(d["returned_at"])


def test_steps_are_consistent(demo_set: DemoSet) -> None:
    dossiers = {d["code"]: d for d in demo_set.rows("dossiers")}
    units = {u["code"] for u in demo_set.rows("units")}
    officials = {o["code"] for o in demo_set.rows("officials")}
    by_dossier: defaultdict[str, list[dict[str, str]]] = defaultdict(list)
    for step in demo_set.rows("steps"):
        by_dossier[step["dossier_code"]].append(step)
    for code, steps in by_dossier.items():
        dossier = dossiers[code]
        assert [int(s["seq"]) for s in steps] == list(range(1, len(steps) + 1))
        assert steps[0]["unit_code"] == dossier["desk_code"]
        assert steps[0]["official_code"] == dossier["received_by"]
        assert steps[0]["started_at"] == dossier["received_at"]
        previous_end = dossier["received_at"]
        for step in steps:
            assert step["unit_code"] in units
            assert not step["official_code"] or step["official_code"] in officials
            assert step["started_at"] == previous_end
            assert step["started_at"] <= step["finished_at"] and step["due_at"]
            previous_end = step["finished_at"]
        if dossier["finished_at"]:
            assert steps[-1]["finished_at"] == dossier["finished_at"]
            assert steps[-1]["due_at"] == dossier["due_at"]


def test_supplements_are_consistent(demo_set: DemoSet) -> None:
    dossiers = {d["code"]: d for d in demo_set.rows("dossiers")}
    last_new_due: dict[str, str] = {}
    for s in demo_set.rows("supplements"):
        dossier = dossiers[s["dossier_code"]]
        assert dossier["received_at"] <= s["requested_at"] < s["completed_at"]
        if dossier["finished_at"]:
            assert s["completed_at"] <= dossier["finished_at"]
        last_new_due[s["dossier_code"]] = s["new_due_at"]
    # The dossier's due date is its final appointment, moved by its last request.
    for code, new_due in last_new_due.items():
        assert dossiers[code]["due_at"] == new_due


def test_ratings_are_consistent(demo_set: DemoSet) -> None:
    dossiers = {d["code"]: d for d in demo_set.rows("dossiers")}
    officials = {o["code"]: o["unit_code"] for o in demo_set.rows("officials")}
    ratings = demo_set.rows("ratings")
    assert len({r["dossier_code"] for r in ratings}) == len(ratings)
    for r in ratings:
        dossier = dossiers[r["dossier_code"]]
        assert dossier["status"] in ("finished", "returned")
        assert r["submitted_at"] >= dossier["finished_at"]
        assert r["submitted_at"] < "2021"
        if r["channel"] == "paper":
            assert officials[r["entered_by"]] == dossier["desk_code"]
            assert r["batch"] == f"LO-{dossier['desk_code']}-{r['submitted_at'][:7]}"
        else:
            assert not r["entered_by"] and not r["batch"]


def test_petitions_are_consistent(demo_set: DemoSet) -> None:
    calendar = WorkingCalendar.from_library([2020, 2021])
    dossiers = {d["code"]: d for d in demo_set.rows("dossiers")}
    officials = {o["code"] for o in demo_set.rows("officials")}
    for p in demo_set.rows("petitions"):
        received = _t(p["received_at"])
        assert _t(p["answer_due_at"]).date() == calendar.add_working_days(received.date(), 15)
        assert not p["answered_at"] or p["answered_at"] >= p["received_at"]
        if p["dossier_code"]:
            dossier = dossiers[p["dossier_code"]]
            assert dossier["unit_code"] == p["unit_code"]
            assert p["received_at"] > dossier["received_at"]
        assert not p["about_official"] or p["about_official"] in officials
        assert p["about_official"] == "" or p["kind"] == "conduct"


def test_due_dates_fall_on_working_days(demo_set: DemoSet) -> None:
    calendar = WorkingCalendar.from_library([2019, 2020, 2021])
    days = {d["due_at"][:10] for d in demo_set.rows("dossiers")}
    days |= {s["new_due_at"][:10] for s in demo_set.rows("supplements")}
    days |= {s["due_at"][:10] for s in demo_set.rows("steps")}
    assert all(calendar.is_working_day(date.fromisoformat(day)) for day in days)
