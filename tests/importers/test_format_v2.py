"""Canonical format version 2: the national index's fields (methodology-qd766 §4) in
CSV, JSON Lines and XLSX, all optional; version 1 files read as before."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from import_helpers import BASE, SAMPLES, WriteFile, codes, load, workbook_bytes

from tthc.audit.models import AuditEntry
from tthc.catalogue.models import Procedure
from tthc.dossiers.models import Dossier
from tthc.importers.report import ImportReport
from tthc.importers.services import import_folder
from tthc.petitions.models import Petition

pytestmark = pytest.mark.django_db

PROCEDURE_FIELDS = ("paper_result_required", "has_fee", "full_online_eligible",
                    "citizen_applicants")
DOSSIER_FIELDS = ("synced_at", "result_electronic", "components_digitised", "reused_data",
                  "personal_storage", "vneid_verified", "fee_due", "paid_online")
PETITION_FIELDS = ("channel", "refused", "citizen_rating", "follow_up_of")

Rows = list[dict[str, Any]]


def as_csv(rows: Rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    return out.getvalue()


def as_jsonl(rows: Rows) -> str:
    # JSON Lines leaves an unknown value out, or writes null: both are unknown.
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def writer(fmt: str, write: WriteFile) -> Callable[[str, Rows], Path]:
    def make(kind: str, rows: Rows) -> Path:
        if fmt == "csv":
            return write(f"{kind}.csv", as_csv(rows))
        if fmt == "jsonl":
            return write(f"{kind}.jsonl", as_jsonl(rows))
        header = list(rows[0])
        return write(f"{kind}.xlsx", workbook_bytes(
            {kind: [header, *[[row[k] for k in header] for row in rows]]}))
    return make


FORMATS = ["csv", "jsonl", "xlsx"]

PROCEDURE = {"code": "1.001234", "name": "Cấp Phiếu lý lịch tư pháp",
             "paper_result_required": "có", "has_fee": "true", "full_online_eligible": "1",
             "citizen_applicants": "không"}
DOSSIER = {"code": "HS900", "procedure_code": "1.001234", "unit_code": "STP",
           "received_at": "2026-09-01T08:00:00", "due_at": "2026-09-15T17:00:00",
           "status": "processing", "synced_at": "2026-09-01T08:05:00",
           "result_electronic": "true", "components_digitised": "có", "reused_data": "0",
           "personal_storage": "1", "vneid_verified": "TRUE", "fee_due": "không",
           "paid_online": "portal"}
PETITIONS = [
    {"code": "PA900", "unit_code": "STP", "received_at": "2026-09-02T09:00:00",
     "channel": "hotline", "refused": "false", "citizen_rating": "negative",
     "follow_up_of": "PA001"},
    # An earlier row of the same file is a petition this one can follow up.
    {"code": "PA901", "unit_code": "STP", "received_at": "2026-09-20T09:00:00",
     "channel": "portal", "refused": "có", "citizen_rating": "positive",
     "follow_up_of": "PA900"},
]


def stored(model: Any, code: str, names: tuple[str, ...]) -> dict[str, Any]:
    lookups = [f"{n}__code" if n == "follow_up_of" else n for n in names]
    values = model.objects.filter(code=code).values(*lookups).get()
    return {n: values[lookup] for n, lookup in zip(names, lookups, strict=True)}


def load_all(make: Callable[[str, Rows], Path]) -> dict[str, ImportReport]:
    return {"procedures": load("procedures", make("procedures", [PROCEDURE])),
            "dossiers": load("dossiers", make("dossiers", [DOSSIER])),
            "petitions": load("petitions", make("petitions", PETITIONS))}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_new_field_is_stored(world: ImportReport, write: WriteFile, fmt: str) -> None:
    reports = load_all(writer(fmt, write))
    assert all(r.ok and r.warnings == 0 for r in reports.values()), [
        i.describe() for r in reports.values() for i in r.issues]
    assert stored(Procedure, "1.001234", PROCEDURE_FIELDS) == {
        "paper_result_required": True, "has_fee": True, "full_online_eligible": True,
        "citizen_applicants": False}
    dossier = stored(Dossier, "HS900", DOSSIER_FIELDS)
    assert dossier.pop("synced_at") == datetime.fromisoformat("2026-09-01T01:05:00+00:00")
    assert dossier == {"result_electronic": True, "components_digitised": True,
                       "reused_data": False, "personal_storage": True,
                       "vneid_verified": True, "fee_due": False, "paid_online": "portal"}
    assert stored(Petition, "PA900", PETITION_FIELDS) == {
        "channel": "hotline", "refused": False, "citizen_rating": "negative",
        "follow_up_of": "PA001"}
    assert stored(Petition, "PA901", PETITION_FIELDS) == {
        "channel": "portal", "refused": True, "citizen_rating": "positive",
        "follow_up_of": "PA900"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_re_import_changes_nothing_and_a_changed_value_is_counted(
        world: ImportReport, write: WriteFile, fmt: str) -> None:
    make = writer(fmt, write)
    first = load_all(make)
    assert first["procedures"].updated == 1  # the base world's procedure gains the fields
    audited = AuditEntry.objects.count()
    again = load_all(make)
    assert [(r.created, r.updated, r.rejected) for r in again.values()] == [(0, 0, 0)] * 3
    assert [r.unchanged for r in again.values()] == [1, 1, 2]
    assert AuditEntry.objects.count() == audited

    changed = load("dossiers", make("dossiers", [DOSSIER | {"paid_online": "local",
                                                            "reused_data": None}]))
    assert (changed.updated, changed.unchanged) == (1, 0)
    assert stored(Dossier, "HS900", ("paid_online", "reused_data")) == {
        "paid_online": "local", "reused_data": None}
    (entry,) = AuditEntry.objects.filter(action="import_update", object_type="dossier")
    assert entry.object_key == "HS900"
    # Pointed at another earlier petition: an update, counted and audited.
    moved = load("petitions", make("petitions", [PETITIONS[1] | {"follow_up_of": "PA001"}]))
    assert (moved.updated, moved.unchanged) == (1, 0)
    assert stored(Petition, "PA901", ("follow_up_of",)) == {"follow_up_of": "PA001"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_values_are_unknown_never_false(world: ImportReport, write: WriteFile,
                                              fmt: str) -> None:
    make = writer(fmt, write)
    blank = {name: None for name in DOSSIER_FIELDS}
    report = load("dossiers", make("dossiers", [DOSSIER | blank]))
    assert report.ok
    assert stored(Dossier, "HS900", DOSSIER_FIELDS) == blank
    report = load("procedures", make("procedures", [
        PROCEDURE | dict.fromkeys(PROCEDURE_FIELDS)]))
    assert report.ok
    assert stored(Procedure, "1.001234", PROCEDURE_FIELDS) == dict.fromkeys(PROCEDURE_FIELDS)


def test_a_version_1_file_leaves_the_new_fields_unknown_and_untouched(
        world: ImportReport, write: WriteFile) -> None:
    # The base world is all version 1 files: nothing of the index is known.
    assert stored(Dossier, "HS001", DOSSIER_FIELDS) == dict.fromkeys(DOSSIER_FIELDS)
    assert stored(Procedure, "1.001234", PROCEDURE_FIELDS) == dict.fromkeys(PROCEDURE_FIELDS)
    assert stored(Petition, "PA001", PETITION_FIELDS) == dict.fromkeys(PETITION_FIELDS)
    make = writer("csv", write)
    load_all(make)
    # A version 1 file of the same records: its columns are read, the new ones kept.
    for kind in ("procedures", "dossiers", "petitions"):
        again = load(kind, BASE / f"{kind}.csv")
        assert again.ok and (again.created, again.updated) == (0, 0), kind
    v1 = {k: v for k, v in DOSSIER.items() if k not in DOSSIER_FIELDS}
    assert load("dossiers", make("dossiers", [v1])).unchanged == 1
    assert stored(Dossier, "HS900", ("paid_online", "vneid_verified")) == {
        "paid_online": "portal", "vneid_verified": True}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("kind", "row", "field", "code", "words"), [
    ("dossiers", DOSSIER | {"result_electronic": "yes"}, "result_electronic",
     "invalid_boolean", "yes"),
    ("dossiers", DOSSIER | {"paid_online": "1"}, "paid_online", "invalid_choice",
     "portal, local, none"),
    ("dossiers", DOSSIER | {"synced_at": "01/09/2026"}, "synced_at", "invalid_date",
     "01/09/2026"),
    ("procedures", PROCEDURE | {"has_fee": "maybe"}, "has_fee", "invalid_boolean", "maybe"),
    ("petitions", PETITIONS[0] | {"citizen_rating": "satisfied"}, "citizen_rating",
     "invalid_choice", "positive, negative"),
    ("petitions", PETITIONS[0] | {"refused": "2"}, "refused", "invalid_boolean", "2"),
    ("petitions", PETITIONS[0] | {"follow_up_of": "PA404"}, "follow_up_of",
     "unknown_petition", "PA404"),
    ("petitions", PETITIONS[0] | {"follow_up_of": "PA900"}, "follow_up_of",
     "follow_up_of_itself", "PA900"),
], ids=["flag", "payment", "synced-at", "procedure-flag", "rating", "refused",
        "unknown-petition", "itself"])
def test_a_bad_value_rejects_its_row_naming_file_row_and_field(
        world: ImportReport, write: WriteFile, fmt: str, kind: str, row: dict[str, Any],
        field: str, code: str, words: str) -> None:
    path = writer(fmt, write)(kind, [row])
    report = load(kind, path)
    assert not report.ok and report.rejected == 1 and report.created == 0
    line = 1 if fmt == "jsonl" else 2  # JSON Lines has no header
    assert codes(report) == [(line, field, code)]
    (error,) = report.errors
    assert Path(error.source).name == path.name
    assert words in error.reason_vi and words in error.reason_en
    # The row and the field, in Vietnamese and in English ("dòng 2" / "line 2", "row 2").
    assert f"òng {line}, trường \"{field}\"" in error.message_vi
    assert f" {line}, field \"{field}\"" in error.message_en
    assert error.reason_vi != error.reason_en
    model = {"dossiers": Dossier, "procedures": Procedure, "petitions": Petition}[kind]
    if kind != "procedures":  # the procedure exists: it stays as it was
        assert not model.objects.filter(code=row["code"]).exists()
    else:
        assert stored(Procedure, "1.001234", PROCEDURE_FIELDS) == dict.fromkeys(
            PROCEDURE_FIELDS)


def test_a_follow_up_of_a_later_row_is_unknown(world: ImportReport, write: WriteFile) -> None:
    report = load("petitions", writer("csv", write)("petitions", PETITIONS[::-1]))
    assert codes(report) == [(2, "follow_up_of", "unknown_petition")]
    assert stored(Petition, "PA900", ("follow_up_of",)) == {"follow_up_of": "PA001"}


def test_the_version_2_samples_load_after_the_version_1_ones(db: None) -> None:
    assert import_folder(path=SAMPLES / "canonical", actor="test").ok
    report = import_folder(path=SAMPLES / "canonical-v2", actor="test")
    assert report.ok and report.warnings == 0, [i.describe() for i in report.issues]
    assert {k: (c.created, c.updated) for k, c in report.by_kind.items()} == {
        "procedures": (0, 2), "dossiers": (2, 0), "petitions": (2, 0)}
    assert stored(Dossier, "MH-SYT-2026-0001", DOSSIER_FIELDS) == dict.fromkeys(
        DOSSIER_FIELDS) | {"components_digitised": False, "fee_due": True}
    assert stored(Petition, "MH-PAKN-2026-0002", ("channel", "follow_up_of")) == {
        "channel": "hotline", "follow_up_of": "MH-PAKN-2026-0001"}
    assert import_folder(path=SAMPLES / "canonical-v2", actor="test").unchanged == 6
