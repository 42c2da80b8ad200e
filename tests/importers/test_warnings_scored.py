"""A row stored with a data-quality warning counts in the scores like any other row,
and `tthc score` lists the warning on standard error (interchange.md §3)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from import_helpers import WriteFile, load

from tthc.importers.report import ImportReport
from tthc.scoring.models import SubjectScore
from tthc.scoring.selectors import current_dossier_points

pytestmark = pytest.mark.django_db

DOSSIERS = "code,procedure_code,unit_code,received_by,received_at,due_at,finished_at,status"


def score_q1(capsys: pytest.CaptureFixture[str]) -> str:
    call_command("score", "--period", "2020-Q1", stdout=StringIO())
    return capsys.readouterr().err


def test_a_supplement_requested_after_the_finish_still_counts_in_i3(
        world: ImportReport, write: WriteFile, capsys: pytest.CaptureFixture[str]) -> None:
    # HS001 finished 12/03/2020; its only earlier request was the applicant's fault (I3 = 2).
    path = write("supplements.csv", "dossier_code,seq,requested_at,applicant_fault\n"
                                    "HS001,2,2020-03-13T08:00:00,không\n")
    report = load("supplements", path)
    # Requested after the finish, and never completed: two warnings, one stored row.
    assert report.ok and report.warnings == 2
    err = score_q1(capsys)
    assert current_dossier_points(dossier_code="HS001", period="2020-Q1")["3"] == 1
    assert "HS001:" in err and "13/03/2020" in err


def test_a_dossier_due_on_a_day_off_is_scored(
        world: ImportReport, write: WriteFile, capsys: pytest.CaptureFixture[str]) -> None:
    # 15/03/2020 is a Sunday.
    path = write("dossiers.csv", f"{DOSSIERS}\nHS010,1.001234,STP,CB01,2020-03-09T08:00,"
                                 "2020-03-15,2020-03-13T10:00,finished\n")
    report = load("dossiers", path)
    assert report.ok and report.warnings == 1
    err = score_q1(capsys)
    assert current_dossier_points(dossier_code="HS010", period="2020-Q1")["1"] == 2
    assert "HS010:" in err


def test_a_paper_rating_without_clerk_counts_in_satisfaction(
        world: ImportReport, write: WriteFile, capsys: pytest.CaptureFixture[str]) -> None:
    before_path = write("dossiers.csv", f"{DOSSIERS}\nHS010,1.001234,STP,CB01,2020-03-09T08:00,"
                                        "2020-03-16,2020-03-13T10:00,finished\n")
    assert load("dossiers", before_path).ok
    path = write("ratings.csv", "dossier_code,channel,satisfaction\nHS010,paper,dissatisfied\n")
    report = load("ratings", path)
    assert report.ok and report.warnings == 1
    err = score_q1(capsys)
    stp = SubjectScore.objects.get(run__is_current=True, subject_type="agency", unit__code="STP")
    assert stp.responses == 2  # HS001's rating and this one
    assert "HS010:" in err
