"""The base data set loads completely, with the values the format describes."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tthc.catalogue.models import Procedure, UnitProcedure
from tthc.dossiers.models import Dossier, Step, Supplement
from tthc.importers.models import ImportRun
from tthc.importers.report import ImportReport
from tthc.organisation.models import Official, Unit
from tthc.petitions.models import Petition
from tthc.ratings.models import Rating

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_all_kinds_load_in_dependency_order(world: ImportReport) -> None:
    assert list(world.by_kind) == ["units", "officials", "procedures", "unit_procedures",
                                   "dossiers", "steps", "supplements", "ratings", "petitions"]
    assert world.created == 4 + 2 + 2 + 2 + 3 + 2 + 1 + 1 + 1
    assert (world.updated, world.unchanged, world.rejected) == (0, 0, 0)
    assert ImportRun.objects.count() == 9


def test_values_are_parsed_as_the_format_says(world: ImportReport) -> None:
    stp = Unit.objects.get(code="STP")
    assert stp.parent is not None and stp.parent.code == "DB"
    assert Unit.objects.get(code="TPDBP").valid_to == date(2025, 6, 30)
    assert Official.objects.get(code="CB01").unit == stp

    sheet = Procedure.objects.get(code="1.001234")
    assert (sheet.time_limit, sheet.time_unit, sheet.online_level, sheet.desk_exempt) == (
        10, "working_days", "full", False)
    # An empty boolean cell is unknown (null), not false.
    assert Procedure.objects.get(code="1.002345").desk_exempt is None
    link = UnitProcedure.objects.get(unit__code="STP", procedure__code="1.001234")
    assert (link.posted_on_site, link.at_desk, link.decided_at_desk) == (True, True, False)

    hs1 = Dossier.objects.get(code="HS001")
    # No offset means Asia/Ho_Chi_Minh; a bare date is local midnight.
    assert hs1.received_at == datetime(2020, 3, 2, 9, 15, tzinfo=HCM)
    assert hs1.due_at == datetime(2020, 3, 16, tzinfo=HCM)
    assert hs1.desk == stp  # desk_code empty → the competent unit
    assert (hs1.status, hs1.agencies_contacted) == ("returned", 1)
    assert Dossier.objects.get(code="HS002").agencies_contacted is None

    assert list(Step.objects.filter(dossier=hs1).values_list("seq", "unit__code")) == [
        (1, "STP"), (2, "SYT")]
    assert Supplement.objects.get(dossier=hs1).applicant_fault is True
    rating = Rating.objects.get(dossier=hs1)
    # A quoted newline inside a comment is kept: comments may span lines.
    assert rating.comment == "Cán bộ hướng dẫn tận tình.\nSẽ giới thiệu người quen."
    assert (rating.entered_by, rating.batch) == ("Đào Thu Hà", "PG-2020-03")
    petition = Petition.objects.get(code="PA001")
    assert (petition.about_official.code, petition.upheld, petition.prolonged) == (
        "CB01", False, False)
