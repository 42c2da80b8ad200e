"""Scoring on today's structure (issue 11, item 5): the Provincial Public Administrative
Service Centre receives dossiers as their desk and is never a subject, under either
methodology; a commune formed on 2025-07-01 shows its predecessors' results before then,
and says so on its page."""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from scoring_world import at

from tthc.catalogue.models import Procedure, UnitProcedure
from tthc.dashboards.selectors import unit_trend
from tthc.dossiers.models import Dossier
from tthc.evaluation.services import Key
from tthc.organisation.models import Unit
from tthc.scoring.models import SubjectScore

pytestmark = pytest.mark.django_db


PROFILES = {"qd766": "national", "nd61-tt01": "dien-bien-1187"}


def _score(period: str, method: str) -> dict:
    out = StringIO()
    call_command("score", "--period", period, "--method", method, "--profile", PROFILES[method],
                 "--json", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def _world() -> dict:
    db = Unit.objects.create(code="DB", name="Tỉnh Điện Biên", kind="province")
    units = {
        "SXD": Unit.objects.create(code="SXD", name="Sở Xây dựng", kind="province_agency",
                                   parent=db),
        "TTPVHCC": Unit.objects.create(code="TTPVHCC", name="Trung tâm Phục vụ hành chính công tỉnh",
                                       kind="service_centre", parent=db),
        "XMN": Unit.objects.create(code="XMN", name="Xã Mường Nhé", kind="commune", parent=db,
                                   valid_from=date(2025, 7, 1)),
    }
    for code, name in (("OLD-A", "Xã Chung Chải"), ("OLD-B", "Xã Nậm Vì")):
        units[code] = Unit.objects.create(code=code, name=name, kind="commune", parent=db,
                                          valid_to=date(2025, 6, 30), successor=units["XMN"])
    procedure = Procedure.objects.create(code="1.000001", name="Cấp giấy phép xây dựng",
                                         time_limit=10)
    for unit in units.values():
        if unit.kind != "service_centre":
            UnitProcedure.objects.create(unit=unit, procedure=procedure, at_desk=True)
    return {**units, "procedure": procedure}


def _dossier(world: dict, code: str, unit: str, desk: str, month: str, *, late: bool) -> None:
    Dossier.objects.create(
        code=code, procedure=world["procedure"], unit=world[unit], desk=world[desk],
        channel="online", status="finished", received_at=at(f"{month}-02 08:00"),
        due_at=at(f"{month}-16 17:00"),
        finished_at=at(f"{month}-{'20' if late else '10'} 09:00"))


def test_the_service_centre_receives_dossiers_and_is_never_scored() -> None:
    world = _world()
    for n in range(3):
        _dossier(world, f"SXD-{n}", "SXD", "TTPVHCC", "2026-09", late=n == 0)
    for n in range(2):
        _dossier(world, f"Q2-{n}", "SXD", "TTPVHCC", "2025-05", late=False)
    index = _score("2026-09", "qd766")
    assert [u["unit"] for u in index["units"]] == ["SXD", "XMN"]
    (sxd,) = [u for u in index["units"] if u["unit"] == "SXD"]
    assert sxd["dossiers"] == 3  # the centre's dossiers count for their competent agency
    assert sxd["groups"]["TDGQ"]["metrics"]["ON_TIME"]["numerator"] == 2
    nine = _score("2025-Q2", "nd61-tt01")
    listed = [a["unit"] for a in nine["agencies"]]
    assert "TTPVHCC" not in listed and "SXD" in listed
    assert [a["dossiers"] for a in nine["agencies"] if a["unit"] == "SXD"] == [2]
    assert not SubjectScore.objects.filter(unit=world["TTPVHCC"]).exists()


def test_a_merged_commune_trend_shows_its_predecessors_before_2025_07_01(personas) -> None:  # type: ignore[no-untyped-def]
    world = _world()
    # June 2025: Chung Chải all on time, Nậm Vì half late; from July the new commune.
    _dossier(world, "A-1", "OLD-A", "OLD-A", "2025-06", late=False)
    _dossier(world, "B-1", "OLD-B", "OLD-B", "2025-06", late=False)
    _dossier(world, "B-2", "OLD-B", "OLD-B", "2025-06", late=True)
    _dossier(world, "N-1", "XMN", "XMN", "2025-07", late=False)
    june, july = _score("2025-06", "qd766"), _score("2025-07", "qd766")
    totals = {u["unit"]: u["total"] for u in june["units"]}
    assert set(totals) >= {"OLD-A", "OLD-B"} and "XMN" not in totals
    (own,) = [u["total"] for u in july["units"] if u["unit"] == "XMN"]

    trend = unit_trend(Key("2025-07", "qd766", "national"), world["XMN"])
    assert [p["code"] for p in trend["points"]] == ["2025-06", "2025-07"]
    before, after = trend["points"]
    assert before["from"] == ["Xã Chung Chải", "Xã Nậm Vì"]
    # The mean of their totals, half-up to two decimals like the overview's means.
    mean = ((Decimal(str(totals["OLD-A"])) + Decimal(str(totals["OLD-B"]))) / 2).quantize(
        Decimal("0.01"), ROUND_HALF_UP)
    assert totals["OLD-A"] != totals["OLD-B"] and before["total"] == mean
    assert (after["from"], float(after["total"])) == ([], own)
    assert trend["note"] == "gồm kết quả của Xã Chung Chải, Xã Nậm Vì trước 01/07/2025"
    # An old commune's own trend is its own: it has no predecessors.
    old = unit_trend(Key("2025-06", "qd766", "national"), world["OLD-A"])
    assert (old["note"], [p["from"] for p in old["points"]]) == ("", [[]])

    page = personas.client("admin").get("/tong-quan/2025-07/don-vi/XMN/?method=qd766&profile=national")
    assert page.status_code == 200
    text = page.content.decode()
    # The index's page shows its months (dashboards.trends), naming the predecessors.
    assert "Trước 01/07/2025: tổng hợp từ Xã Chung Chải, Xã Nậm Vì" in text
