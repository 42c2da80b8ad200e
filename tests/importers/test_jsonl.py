"""JSON Lines: the same keys as the CSV columns; a dossier may nest steps and supplements."""

from __future__ import annotations

import json

import pytest
from import_helpers import WriteFile, codes, load

from tthc.dossiers.models import Dossier, Step, Supplement
from tthc.importers.report import ImportReport
from tthc.organisation.models import Unit

pytestmark = pytest.mark.django_db


def jsonl(*records: object) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def test_json_values_and_strings_are_both_accepted(db: None, write: WriteFile) -> None:
    path = write("units.jsonl", jsonl(
        {"code": "DB", "name": "Tỉnh Điện Biên", "kind": "province", "valid_from": "2004-01-01"},
        {"code": "STP", "name": "Sở Tư pháp", "kind": "province_agency", "parent_code": "DB",
         "valid_to": None},
    ))
    assert load("units", path).created == 2
    assert Unit.objects.get(code="STP").parent.code == "DB"


def test_a_dossier_carries_its_steps_and_supplements(world: ImportReport,
                                                     write: WriteFile) -> None:
    dossier = {
        "code": "HS400", "procedure_code": "1.001234", "unit_code": "STP", "status": "finished",
        "received_at": "2020-03-02T08:00:00", "due_at": "2020-03-16",
        "finished_at": "2020-03-10T15:00:00", "agencies_contacted": 1,
        "steps": [
            {"seq": 1, "unit_code": "STP", "started_at": "2020-03-02T08:00:00",
             "due_at": "2020-03-04", "finished_at": "2020-03-03"},
            {"seq": 2, "unit_code": "SYT", "started_at": "2020-03-03",
             "due_at": "2020-03-09", "finished_at": "2020-03-12"},
        ],
        "supplements": [{"seq": 1, "requested_at": "2020-03-04", "completed_at": "2020-03-05",
                         "applicant_fault": True}],
    }
    report = load("dossiers", write("dossiers.jsonl", jsonl(dossier)))
    assert report.ok
    assert {kind: c.created for kind, c in report.by_kind.items()} == {
        "dossiers": 1, "steps": 2, "supplements": 1}
    # The second step ended after the dossier: a warning named by its place in the line.
    assert codes(report, "warning") == [(1, "steps[1].finished_at", "step_after_dossier_end")]
    assert report.issues[0].record_key == "HS400/2"
    stored = Dossier.objects.get(code="HS400")
    assert stored.agencies_contacted == 1
    assert list(Step.objects.filter(dossier=stored).values_list("seq", "unit__code")) == [
        (1, "STP"), (2, "SYT")]
    assert Supplement.objects.get(dossier=stored).applicant_fault is True

    again = load("dossiers", write("again.jsonl", jsonl(dossier)))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_nested_records_are_validated_like_their_own_files(world: ImportReport,
                                                           write: WriteFile) -> None:
    dossier = {
        "code": "HS401", "procedure_code": "1.001234", "unit_code": "STP", "status": "processing",
        "received_at": "2020-03-02",
        "steps": [{"seq": 1, "unit_code": "SXX"}, {"seq": 1, "unit_code": "STP"}, "step"],
    }
    report = load("dossiers", write("dossiers.jsonl", jsonl(dossier)))
    assert codes(report) == [
        (1, "steps[0].unit_code", "unknown_unit"),
        (1, "steps[1].dossier_code,seq", "duplicate_key"),
        (1, "steps[2]", "invalid_nested"),
    ]
    assert Dossier.objects.filter(code="HS401").exists()
    assert not Step.objects.filter(dossier__code="HS401").exists()


def test_a_bad_line_after_the_first_rejects_that_line_only(db: None, write: WriteFile) -> None:
    path = write("units.jsonl", jsonl({"code": "STP", "name": "Sở Tư pháp",
                                       "kind": "province_agency"})
                 + "{not json\n"
                 + jsonl(["a list"], {"code": "SYT", "name": "Sở Y tế", "kind": 3}))
    report = load("units", path)
    assert codes(report) == [(2, "", "invalid_json"), (3, "", "invalid_json"),
                             (4, "kind", "invalid_choice")]
    assert list(Unit.objects.values_list("code", flat=True)) == ["STP"]


def test_invalid_utf8_in_a_json_line_is_reported_with_its_line(db: None,
                                                               write: WriteFile) -> None:
    path = write("units.jsonl", jsonl({"code": "STP", "name": "Sở Tư pháp",
                                       "kind": "province_agency"}).encode()
                 + b'{"code": "SYT", "name": "S\xe1 Y t\xe1", "kind": "province_agency"}\n')
    assert codes(load("units", path)) == [(2, "name", "invalid_utf8")]


def test_unknown_keys_are_listed_once_where_first_seen(db: None, write: WriteFile) -> None:
    path = write("units.jsonl", jsonl(
        {"code": "STP", "name": "Sở Tư pháp", "kind": "province_agency"},
        {"code": "SYT", "name": "Sở Y tế", "kind": "province_agency", "ten": "x"},
        {"code": "SNV", "name": "Sở Nội vụ", "kind": "province_agency", "ten": "y"},
    ))
    report = load("units", path)
    assert report.created == 3
    assert codes(report, "warning") == [(2, "", "unknown_column")]


def test_required_keys_missing_from_a_record_reject_it(db: None, write: WriteFile) -> None:
    path = write("units.jsonl", jsonl({"code": "STP", "kind": "province_agency"}))
    assert codes(load("units", path)) == [(1, "name", "required")]
