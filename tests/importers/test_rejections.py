"""Every rejection rule of interchange.md §3: the row is not stored, the report says why."""

from __future__ import annotations

import unicodedata

import pytest
from import_helpers import WriteFile, codes, load

from tthc.dossiers.models import Dossier, Step, Supplement
from tthc.importers.models import ImportIssue, IssueSeverity
from tthc.importers.report import ImportReport
from tthc.organisation.models import Official, Unit
from tthc.petitions.models import Petition
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db

DOSSIER_HEADER = "code,procedure_code,unit_code,received_by,received_at,due_at,finished_at,status"


def test_unknown_codes_are_rejected_with_the_field_named(world: ImportReport,
                                                         write: WriteFile) -> None:
    path = write("dossiers.csv", f"""
        {DOSSIER_HEADER}
        HS100,9.999999,STP,CB01,2020-03-02,2020-03-16,,processing
        HS101,1.001234,SXX,CB01,2020-03-02,2020-03-16,,processing
        HS102,1.001234,STP,CB99,2020-03-02,2020-03-16,,processing
        HS103,1.001234,STP,CB01,2020-03-02,2020-03-16,,processing
        """)
    report = load("dossiers", path)
    assert codes(report) == [
        (2, "procedure_code", "unknown_procedure"),
        (3, "unit_code", "unknown_unit"),
        (4, "received_by", "unknown_official"),
    ]
    assert report.created == 1 and report.rejected == 3 and not report.ok
    assert list(Dossier.objects.filter(code__startswith="HS10").values_list("code", flat=True)
                ) == ["HS103"]
    message = report.errors[1].message_vi
    assert message.startswith('Dòng 3, trường "unit_code": mã cơ quan có thẩm quyền (SXX)')


def test_unknown_dossier_codes_are_rejected_for_every_dependent_kind(
        world: ImportReport, write: WriteFile) -> None:
    steps = write("steps.csv", """
        dossier_code,seq,unit_code,started_at,due_at,finished_at
        HSXX,1,STP,2020-03-02,2020-03-03,2020-03-03
        """)
    ratings = write("ratings.csv", "dossier_code,channel,satisfaction\nHSXX,kiosk,satisfied\n")
    petitions = write("petitions.csv", """
        code,unit_code,dossier_code,received_at
        PA100,STP,HSXX,2020-03-02
        """)
    assert codes(load("steps", steps)) == [(2, "dossier_code", "unknown_dossier")]
    assert codes(load("ratings", ratings)) == [(2, "dossier_code", "unknown_dossier")]
    assert codes(load("petitions", petitions)) == [(2, "dossier_code", "unknown_dossier")]
    assert not Step.objects.filter(dossier__code="HSXX").exists()
    assert not Petition.objects.filter(code="PA100").exists()


def test_codes_created_earlier_in_the_same_import_are_known(db: None, write: WriteFile) -> None:
    # A parent must be known when its child is read: from the database or an earlier row.
    units = write("units.csv", """
        code,name,kind,parent_code
        DB,Tỉnh Điện Biên,province,
        STP,Sở Tư pháp,province_agency,DB
        PX,Phòng X,province_agency,LATER
        LATER,Đơn vị khai báo sau,province_agency,DB
        """)
    officials = write("officials.csv", "code,full_name,unit_code\nCB01,Nguyễn Thị Lan,STP\n")
    report = load("units", units)
    assert codes(report) == [(4, "parent_code", "unknown_unit")]
    assert Unit.objects.get(code="STP").parent == Unit.objects.get(code="DB")
    assert load("officials", officials).ok
    assert Official.objects.get(code="CB01").unit.code == "STP"


def test_unparseable_values_are_rejected_and_every_problem_of_a_row_is_listed(
        world: ImportReport, write: WriteFile) -> None:
    path = write("dossiers.csv", """
        code,procedure_code,unit_code,received_at,due_at,finished_at,status,agencies_contacted,channel
        HS110,1.001234,STP,02/03/2020,2020-13-01,2020-03-05,done,-1,fax
        """)
    report = load("dossiers", path)
    assert codes(report) == [
        (2, "received_at", "invalid_date"),
        (2, "due_at", "invalid_date"),
        (2, "status", "invalid_choice"),
        (2, "agencies_contacted", "invalid_integer"),
        (2, "channel", "invalid_choice"),
    ]
    # One row, five problems: counted once as rejected.
    assert report.rejected == 1
    assert not Dossier.objects.filter(code="HS110").exists()
    status = report.errors[2]
    assert "processing, finished, returned, refused, withdrawn" in status.reason_vi


def test_missing_required_values_are_rejected(world: ImportReport, write: WriteFile) -> None:
    path = write("dossiers.csv", f"""
        {DOSSIER_HEADER}
        ,1.001234,STP,CB01,2020-03-02,,,processing
        HS111,1.001234,STP,CB01,,,,processing
        """)
    assert codes(load("dossiers", path)) == [(2, "code", "required"), (3, "received_at", "required")]


def test_booleans_accept_the_documented_spellings_only(world: ImportReport,
                                                       write: WriteFile) -> None:
    path = write("supplements.csv", """
        dossier_code,seq,requested_at,completed_at,applicant_fault
        HS003,1,2020-03-05,2020-03-06,CÓ
        HS003,2,2020-03-07,2020-03-09,Không
        HS003,3,2020-03-10,2020-03-11,FALSE
        HS003,4,2020-03-12,2020-03-13,yes
        """)
    report = load("supplements", path)
    assert codes(report) == [(5, "applicant_fault", "invalid_boolean")]
    faults = dict(Supplement.objects.filter(dossier__code="HS003").values_list(
        "seq", "applicant_fault"))
    assert faults == {1: True, 2: False, 3: False}


@pytest.mark.parametrize(("kind", "text", "field"), [
    ("dossiers", f"{DOSSIER_HEADER}\nHS120,1.001234,STP,CB01,2020-03-05,2020-03-16,"
                 "2020-03-04,finished\n", "finished_at"),
    ("dossiers", f"{DOSSIER_HEADER}\nHS121,1.001234,STP,CB01,2020-03-05T10:00:00,2020-03-04,"
                 ",processing\n", "due_at"),
    ("steps", "dossier_code,seq,unit_code,started_at,finished_at\n"
              "HS003,5,STP,2020-03-05T10:00:00,2020-03-05T09:00:00\n", "finished_at"),
    ("supplements", "dossier_code,seq,requested_at,completed_at\n"
                    "HS003,5,2020-03-06,2020-03-05\n", "completed_at"),
    ("petitions", "code,unit_code,received_at,answered_at\n"
                  "PA120,STP,2020-03-06,2020-03-05\n", "answered_at"),
    ("units", "code,name,kind,valid_from,valid_to\nU9,Đơn vị,commune,2020-01-01,2019-12-31\n",
     "valid_to"),
])
def test_impossible_dates_inside_a_row_are_rejected(world: ImportReport, write: WriteFile,
                                                    kind: str, text: str, field: str) -> None:
    report = load(kind, write(f"{kind}.csv", text))
    assert codes(report) == [(2, field, "date_order")]
    assert report.created == 0


def test_the_date_order_message_quotes_both_values(world: ImportReport,
                                                   write: WriteFile) -> None:
    path = write("dossiers.csv", f"""
        {DOSSIER_HEADER}
        HS122,1.001234,STP,CB01,2020-01-05,2020-01-01,,processing
        """)
    (issue,) = load("dossiers", path).errors
    assert issue.message_vi == (
        'Dòng 2, trường "due_at": ngày hẹn trả (2020-01-01) trước ngày tiếp nhận (2020-01-05).')
    assert issue.message_en == (
        'Line 2, field "due_at": due date (2020-01-01) is before date received (2020-01-05).')
    stored = ImportIssue.objects.get(code="date_order")
    assert (stored.severity, stored.line, stored.record_key) == (IssueSeverity.ERROR, 2, "HS122")
    assert stored.message_vi == issue.message_vi


def test_a_due_date_on_the_day_of_receipt_is_not_before_it(world: ImportReport,
                                                           write: WriteFile) -> None:
    # A bare date compares as a calendar date: due "2020-03-05" is the day received.
    path = write("dossiers.csv", f"""
        {DOSSIER_HEADER}
        HS123,1.001234,STP,CB01,2020-03-05T10:00:00,2020-03-05,2020-03-05,finished
        """)
    assert load("dossiers", path).ok


def test_a_duplicate_key_keeps_the_first_row(world: ImportReport, write: WriteFile) -> None:
    path = write("dossiers.csv", f"""
        {DOSSIER_HEADER}
        HS130,1.001234,STP,CB01,2020-03-02,2020-03-16,,processing
        HS130,1.002345,SYT,CB02,2020-03-03,2020-03-17,,processing
        """)
    report = load("dossiers", path)
    assert codes(report) == [(3, "code", "duplicate_key")]
    assert "dòng 2" in report.errors[0].reason_vi
    assert Dossier.objects.get(code="HS130").unit.code == "STP"


def test_a_duplicate_composite_key_is_rejected(world: ImportReport, write: WriteFile) -> None:
    path = write("steps.csv", """
        dossier_code,seq,unit_code,started_at,due_at,finished_at
        HS003,1,STP,2020-03-04,2020-03-05,2020-03-05
        HS003,1,SYT,2020-03-04,2020-03-05,2020-03-05
        HS003,2,SYT,2020-03-05,2020-03-06,2020-03-06
        """)
    report = load("steps", path)
    assert codes(report) == [(3, "dossier_code,seq", "duplicate_key")]
    assert report.created == 2


def test_a_different_second_rating_is_rejected_and_never_overwrites(
        world: ImportReport, write: WriteFile) -> None:
    same = write("ratings.csv", """
        dossier_code,channel,submitted_at,satisfaction,agencies_contacted,disclosure_seen,entered_by,batch
        HS001,paper,2020-03-13T09:00:00,very_satisfied,1,both,Đào Thu Hà,PG-2020-03
        """)
    # The base rating also has a comment; a file without that column compares the rest.
    report = load("ratings", same)
    assert report.ok and report.unchanged == 1
    other = write("ratings2.csv", """
        dossier_code,channel,satisfaction
        HS001,kiosk,dissatisfied
        """)
    report = load("ratings", other)
    assert codes(report) == [(2, "channel", "rating_conflict")]
    assert "channel, satisfaction" in report.errors[0].reason_vi
    rating = Rating.objects.get(dossier__code="HS001")
    assert (rating.channel, rating.satisfaction) == ("paper", "very_satisfied")


def test_nfc_normalisation_stores_composed_text(db: None, write: WriteFile) -> None:
    decomposed = unicodedata.normalize("NFD", "Sở Tư pháp")
    assert decomposed != "Sở Tư pháp"
    path = write("units.csv", f"code,name,kind\nSTP,{decomposed},province_agency\n")
    assert load("units", path).ok
    assert Unit.objects.get(code="STP").name == "Sở Tư pháp"


@pytest.mark.parametrize(("cell", "char"), [("Sở\x00Tư pháp", "U+0000"),
                                            ("Sở\x01Tư pháp", "U+0001"),
                                            ("Sở\x1bTư pháp", "U+001B"),
                                            ("Sở\tTư pháp", "U+0009")])
def test_control_characters_are_rejected(db: None, write: WriteFile, cell: str,
                                         char: str) -> None:
    path = write("units.csv", f"code,name,kind\nOK,Sở Y tế,province_agency\nSTP,{cell},"
                              "province_agency\n")
    report = load("units", path)
    assert codes(report) == [(3, "name", "control_character")]
    assert char in report.errors[0].reason_vi
    assert list(Unit.objects.values_list("code", flat=True)) == ["OK"]


def test_tabs_and_newlines_are_allowed_in_a_comment(world: ImportReport,
                                                    write: WriteFile) -> None:
    path = write("ratings.csv", 'dossier_code,channel,satisfaction,comment\n'
                                'HS003,kiosk,satisfied,"Tốt\tlắm\r\nCảm ơn"\n')
    assert load("ratings", path).ok
    assert Rating.objects.get(dossier__code="HS003").comment == "Tốt\tlắm\r\nCảm ơn"


def test_invalid_utf8_bytes_reject_their_row_with_its_line(db: None, write: WriteFile) -> None:
    path = write("units.csv", "code,name,kind\nSYT,Sở Y tế,province_agency\n".encode()
                 + b"STP,S\xe1 T\xff ph\xe1p,province_agency\n"
                 + "SNV,Sở Nội vụ,province_agency\n".encode())
    report = load("units", path)
    assert codes(report) == [(3, "name", "invalid_utf8")]
    assert report.errors[0].message_vi.startswith('Dòng 3, trường "name": chứa byte không hợp lệ')
    assert sorted(Unit.objects.values_list("code", flat=True)) == ["SNV", "SYT"]


def test_a_row_with_more_cells_than_the_header_is_rejected(db: None, write: WriteFile) -> None:
    path = write("units.csv", "code,name,kind\nSTP,Sở Tư pháp,province_agency,extra\n")
    assert codes(load("units", path)) == [(2, "", "row_width")]


def test_text_longer_than_its_column_is_rejected(db: None, write: WriteFile) -> None:
    path = write("units.csv", f"code,name,kind\n{'X' * 65},Đơn vị,commune\n")
    assert codes(load("units", path)) == [(2, "code", "too_long")]
