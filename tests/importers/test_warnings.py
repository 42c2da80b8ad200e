"""Data-quality warnings of interchange.md §3: the row is stored AND listed."""

from __future__ import annotations

import pytest
from import_helpers import WriteFile, codes, load

from tthc.dossiers.models import Dossier, Step, Supplement
from tthc.importers.models import ImportIssue, IssueSeverity
from tthc.importers.report import ImportReport
from tthc.importers.selectors import dossier_warnings, record_issues
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db

STEPS = "dossier_code,seq,unit_code,started_at,due_at,finished_at"
SUPPLEMENTS = "dossier_code,seq,requested_at,completed_at,new_due_at"
RATINGS = "dossier_code,channel,satisfaction,entered_by,batch"
DOSSIERS = "code,procedure_code,unit_code,received_at,due_at,status"


def warned(report: ImportReport) -> list[tuple[int | None, str, str]]:
    assert report.ok, [i.describe() for i in report.errors]
    return codes(report, "warning")


def test_a_step_ending_after_its_dossier_is_stored_and_warned(world: ImportReport,
                                                              write: WriteFile) -> None:
    # HS001 ended processing on 12/03/2020.
    path = write("steps.csv", f"{STEPS}\nHS001,3,STP,2020-03-12,2020-03-13,2020-03-13\n")
    report = load("steps", path)
    assert warned(report) == [(2, "finished_at", "step_after_dossier_end")]
    assert "12/03/2020" in report.issues[0].reason_vi
    assert Step.objects.filter(dossier__code="HS001", seq=3).exists()


def test_a_step_ending_the_day_its_dossier_ended_is_not_warned(world: ImportReport,
                                                               write: WriteFile) -> None:
    path = write("steps.csv", f"{STEPS}\nHS001,3,STP,2020-03-12,2020-03-13,2020-03-12T17:00\n")
    assert warned(load("steps", path)) == []


def test_a_step_without_some_dates_is_stored_and_warned(world: ImportReport,
                                                        write: WriteFile) -> None:
    path = write("steps.csv", f"{STEPS}\nHS003,1,STP,2020-03-04,,\n")
    report = load("steps", path)
    assert warned(report) == [(2, "due_at", "missing_dates")]
    assert "due_at, finished_at" in report.issues[0].reason_vi
    assert Step.objects.get(dossier__code="HS003", seq=1).due_at is None


def test_a_supplement_without_some_dates_is_stored_and_warned(world: ImportReport,
                                                              write: WriteFile) -> None:
    path = write("supplements.csv", f"{SUPPLEMENTS}\nHS003,1,2020-03-05,,\n")
    assert warned(load("supplements", path)) == [(2, "completed_at", "missing_dates")]
    assert Supplement.objects.filter(dossier__code="HS003", seq=1).exists()


def test_a_supplement_requested_after_the_dossier_finished_is_warned(
        world: ImportReport, write: WriteFile) -> None:
    path = write("supplements.csv", f"{SUPPLEMENTS}\nHS001,2,2020-03-13,2020-03-14,\n")
    assert warned(load("supplements", path)) == [(2, "requested_at", "supplement_after_finish")]
    assert Supplement.objects.filter(dossier__code="HS001", seq=2).exists()


def test_a_rating_of_a_refused_dossier_is_stored_and_warned(world: ImportReport,
                                                            write: WriteFile) -> None:
    path = write("ratings.csv", f"{RATINGS}\nHS002,online,dissatisfied,,\n")
    report = load("ratings", path)
    assert warned(report) == [(2, "dossier_code", "rating_of_closed_dossier")]
    assert "bị từ chối" in report.issues[0].reason_vi
    assert Rating.objects.filter(dossier__code="HS002").exists()


def test_a_rating_without_satisfaction_is_stored_and_warned(world: ImportReport,
                                                            write: WriteFile) -> None:
    path = write("ratings.csv", f"{RATINGS}\nHS003,kiosk,,,\n")
    assert warned(load("ratings", path)) == [(2, "satisfaction", "rating_without_satisfaction")]
    assert Rating.objects.get(dossier__code="HS003").satisfaction is None


def test_a_paper_rating_without_clerk_or_batch_is_stored_and_warned(world: ImportReport,
                                                                    write: WriteFile) -> None:
    path = write("ratings.csv", f"{RATINGS}\nHS003,paper,satisfied,Đào Thu Hà,\n")
    report = load("ratings", path)
    assert warned(report) == [(2, "batch", "paper_rating_unidentified")]
    assert Rating.objects.get(dossier__code="HS003").entered_by == "Đào Thu Hà"


@pytest.mark.parametrize("due", ["2020-03-14", "2020-04-30", "2020-01-24T17:00:00"],
                         ids=["saturday", "reunification-day", "tet-2020"])
def test_a_due_date_on_a_day_off_is_stored_and_warned(world: ImportReport, write: WriteFile,
                                                      due: str) -> None:
    path = write("dossiers.csv", f"{DOSSIERS}\nHS300,1.001234,STP,2020-01-02,{due},processing\n")
    assert warned(load("dossiers", path)) == [(2, "due_at", "due_on_day_off")]
    assert Dossier.objects.filter(code="HS300").exists()


def test_a_new_due_date_on_a_day_off_is_warned(world: ImportReport, write: WriteFile) -> None:
    path = write("supplements.csv", f"{SUPPLEMENTS}\nHS003,1,2020-03-05,2020-03-06,2020-03-15\n")
    assert warned(load("supplements", path)) == [(2, "new_due_at", "due_on_day_off")]


def test_a_make_up_working_saturday_is_a_working_day(world: ImportReport,
                                                     write: WriteFile) -> None:
    # 04/05/2019 was worked in exchange for 29/04/2019 (the calendar's "làm bù").
    path = write("dossiers.csv", f"{DOSSIERS}\nHS301,1.001234,STP,2019-04-22,2019-05-04,"
                                 "processing\n")
    assert warned(load("dossiers", path)) == []


def test_a_dossier_of_a_unit_outside_its_validity_is_stored_and_warned(
        world: ImportReport, write: WriteFile) -> None:
    # The district level ended on 30/06/2025.
    path = write("dossiers.csv", f"{DOSSIERS}\nHS302,1.001234,TPDBP,2025-07-02,2025-07-09,"
                                 "processing\n")
    report = load("dossiers", path)
    assert warned(report) == [(2, "unit_code", "unit_not_valid")]
    assert Dossier.objects.get(code="HS302").unit.code == "TPDBP"


def test_warnings_are_stored_for_the_dashboards_of_a_dossier(world: ImportReport,
                                                             write: WriteFile) -> None:
    load("steps", write("steps.csv", f"{STEPS}\nHS003,1,STP,2020-03-04,,\n"))
    load("ratings", write("ratings.csv", f"{RATINGS}\nHS003,kiosk,,,\n"))
    issue = ImportIssue.objects.get(code="missing_dates")
    assert (issue.severity, issue.record_kind, issue.record_key, issue.dossier_code) == (
        IssueSeverity.WARNING, "steps", "HS003/1", "HS003")
    assert issue.message_vi == 'Dòng 2, trường "due_at": thiếu ngày: due_at, finished_at.'
    found = dossier_warnings(codes=["HS003", "HS001"])
    assert list(found) == ["HS003"]
    assert [w["code"] for w in found["HS003"]] == ["rating_without_satisfaction",
                                                  "missing_dates"]


def test_importing_a_record_again_supersedes_its_old_warnings(world: ImportReport,
                                                              write: WriteFile) -> None:
    load("steps", write("steps.csv", f"{STEPS}\nHS003,1,STP,2020-03-04,,\n"))
    fixed = write("fixed.csv", f"{STEPS}\nHS003,1,STP,2020-03-04,2020-03-05,2020-03-05\n")
    assert warned(load("steps", fixed)) == []
    assert record_issues(record_kind="steps", record_key="HS003/1") == []
    history = record_issues(record_kind="steps", record_key="HS003/1", current_only=False)
    assert [h["code"] for h in history] == ["missing_dates"]
    assert dossier_warnings(codes=["HS003"]) == {}


def test_a_due_date_at_the_end_of_the_calendar_is_stored(world: ImportReport,
                                                         write: WriteFile) -> None:
    path = write("dossiers.csv", f"{DOSSIERS}\nHS303,1.001234,STP,2020-03-02,9999-12-31,"
                                 "processing\n")
    assert warned(load("dossiers", path)) == []
