"""A synthetic province for import tests and speed measurements (not demonstration data).

    python tests/importers/synthetic_province.py OUT_DIR DOSSIERS [SEED]

writes units.csv … petitions.csv named after the kinds, so `tthc import all OUT_DIR`
loads them. Rows are valid: every row should be stored.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from tthc.engine.calendar import WorkingCalendar

COLUMNS = {
    "units": ["code", "name", "kind", "parent_code", "valid_from", "valid_to"],
    "officials": ["code", "full_name", "unit_code", "position"],
    "procedures": ["code", "name", "field", "time_limit", "time_unit", "online_level",
                   "desk_exempt"],
    "unit_procedures": ["unit_code", "procedure_code", "posted_on_site", "published_online",
                        "at_desk", "decided_at_desk", "valid_from", "valid_to"],
    "dossiers": ["code", "procedure_code", "unit_code", "desk_code", "received_by", "channel",
                 "return_channel", "received_at", "due_at", "finished_at", "returned_at",
                 "status", "agencies_contacted"],
    "steps": ["dossier_code", "seq", "unit_code", "official_code", "started_at", "due_at",
              "finished_at"],
    "supplements": ["dossier_code", "seq", "requested_at", "completed_at", "applicant_fault",
                    "new_due_at"],
    "ratings": ["dossier_code", "channel", "submitted_at", "satisfaction", "agencies_contacted",
                "disclosure_seen", "comment", "entered_by", "batch"],
    "petitions": ["code", "unit_code", "dossier_code", "about_official", "kind", "received_at",
                  "answer_due_at", "answered_at", "prolonged", "upheld"],
}

SATISFACTION = ["very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied"]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def generate(n_dossiers: int, seed: int = 1) -> dict[str, list[dict[str, object]]]:
    rnd = random.Random(seed)
    calendar = WorkingCalendar.from_library(range(2019, 2023))
    rows: dict[str, list[dict[str, object]]] = {kind: [] for kind in COLUMNS}
    rows["units"].append({"code": "T", "name": "Tỉnh Thử nghiệm", "kind": "province",
                          "valid_from": "2004-01-01"})
    agencies = [f"S{i:02d}" for i in range(12)]
    for code in agencies:
        rows["units"].append({"code": code, "name": f"Sở thử nghiệm {code}",
                              "kind": "province_agency", "parent_code": "T",
                              "valid_from": "2004-01-01"})
    officials = []
    for unit in agencies:
        for i in range(4):
            code = f"{unit}-CB{i}"
            officials.append((code, unit))
            rows["officials"].append({"code": code, "full_name": f"Nguyễn Văn {code}",
                                      "unit_code": unit, "position": "Chuyên viên"})
    procedures = [f"1.{i:06d}" for i in range(60)]
    for code in procedures:
        rows["procedures"].append({
            "code": code, "name": f"Thủ tục cấp giấy phép {code}", "field": "Thử nghiệm",
            "time_limit": rnd.choice([1, 3, 5, 10, 15]), "time_unit": "working_days",
            "online_level": rnd.choice(["none", "partial", "full", "3", "4"]),
            "desk_exempt": rnd.choice(["", "false", "0"])})
    for i, unit in enumerate(agencies):
        for code in procedures[i * 5:(i + 1) * 5]:
            rows["unit_procedures"].append({
                "unit_code": unit, "procedure_code": code, "posted_on_site": "true",
                "published_online": rnd.choice(["true", "false"]), "at_desk": "có",
                "decided_at_desk": rnd.choice(["có", "không"]), "valid_from": "2019-01-01"})
    start = datetime(2020, 1, 2, 8, 0)
    for n in range(n_dossiers):
        unit = agencies[n % len(agencies)]
        official = officials[(n * 7) % len(officials)]
        received = start + timedelta(days=rnd.randrange(300), minutes=rnd.randrange(480))
        # Due dates on working days only, so no "day off" warning in valid data.
        due = calendar.next_working_day(received.date() + timedelta(days=rnd.randrange(1, 15)))
        finished = received + timedelta(days=rnd.randrange(0, 18), hours=1)
        code = f"HS{n:08d}"
        rows["dossiers"].append({
            "code": code, "procedure_code": procedures[rnd.randrange(len(procedures))],
            "unit_code": unit, "received_by": official[0],
            "channel": rnd.choice(["direct", "online", "postal"]),
            "return_channel": rnd.choice(["direct", "online", "postal"]),
            "received_at": _iso(received), "due_at": due.strftime("%Y-%m-%d"),
            "finished_at": _iso(finished), "returned_at": _iso(finished + timedelta(days=1)),
            "status": "returned", "agencies_contacted": rnd.choice(["", 0, 1, 2])})
        for seq in (1, 2):
            step_start = received + timedelta(hours=seq)
            rows["steps"].append({
                "dossier_code": code, "seq": seq, "unit_code": unit,
                "official_code": official[0], "started_at": _iso(step_start),
                "due_at": _iso(step_start + timedelta(days=2)),
                "finished_at": _iso(max(step_start, min(step_start + timedelta(days=1),
                                                        finished)))})
        if n % 5 == 0:
            rows["supplements"].append({
                "dossier_code": code, "seq": 1, "requested_at": _iso(received),
                "completed_at": _iso(received + timedelta(hours=2)),
                "applicant_fault": rnd.choice(["", "true", "false"]), "new_due_at": ""})
        if n % 2 == 0:
            channel = rnd.choice(["kiosk", "online", "qr", "paper"])
            rows["ratings"].append({
                "dossier_code": code, "channel": channel,
                "submitted_at": _iso(finished + timedelta(days=1)),
                "satisfaction": rnd.choice(SATISFACTION), "agencies_contacted": 1,
                "disclosure_seen": rnd.choice(["both", "one", "none"]),
                "comment": rnd.choice(["", "Cán bộ nhiệt tình, hướng dẫn rõ ràng."]),
                "entered_by": "CB nhập phiếu" if channel == "paper" else "",
                "batch": "L-2020-01" if channel == "paper" else ""})
        if n % 50 == 0:
            rows["petitions"].append({
                "code": f"PA{n:08d}", "unit_code": unit, "dossier_code": code,
                "about_official": official[0], "kind": "conduct",
                "received_at": _iso(finished), "answer_due_at": _iso(finished + timedelta(10)),
                "answered_at": _iso(finished + timedelta(5)), "prolonged": "false",
                "upheld": "false"})
    return rows


def write(rows: dict[str, list[dict[str, object]]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for kind, columns in COLUMNS.items():
        with (folder / f"{kind}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(rows[kind])


if __name__ == "__main__":
    write(generate(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1),
          Path(sys.argv[1]))
