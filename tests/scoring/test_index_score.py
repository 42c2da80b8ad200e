"""`tthc score --method qd766` against the database (SQLite and PostgreSQL): the
format_version 2 JSON of interchange.md §6, the stored run read by the existing pages
through its layout, and the bulk and per-dossier paths agreeing on a synthetic month."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.dateparse import parse_datetime
from scoring_world import at

from tthc.catalogue.models import Procedure, UnitProcedure
from tthc.dossiers.models import Dossier, Supplement
from tthc.organisation.models import Unit
from tthc.petitions.models import Petition
from tthc.ratings.models import Rating
from tthc.scoring.models import ScoringRun, SubjectScore
from tthc.scoring.selectors import dossier_points
from tthc.scoring.services import compute_period

pytestmark = pytest.mark.django_db
PERIOD = "2026-09"


def province_2026() -> dict:
    """Điện Biên on the two-level organisation: two agencies and a commune, no district."""
    db = Unit.objects.create(code="DB", name="Tỉnh Điện Biên", kind="province")
    units = {
        "SXD": Unit.objects.create(code="SXD", name="Sở Xây dựng", kind="province_agency", parent=db,
                                   portal_code="H11.05"),
        "STP": Unit.objects.create(code="STP", name="Sở Tư pháp", kind="province_agency", parent=db),
        "XMT": Unit.objects.create(code="XMT", name="UBND xã Mường Thanh", kind="commune", parent=db,
                                   valid_from=date(2025, 7, 1)),
    }
    Unit.objects.create(code="HDB", name="Huyện Điện Biên", kind="district", parent=db, valid_to=date(2025, 6, 30))
    p1 = Procedure.objects.create(code="1.000001", name="Cấp giấy phép xây dựng", time_limit=10,
                                  paper_result_required=True, has_fee=True, citizen_applicants=True)
    p2 = Procedure.objects.create(code="1.000002", name="Chứng thực bản sao", time_limit=1,
                                  paper_result_required=False, has_fee=False, citizen_applicants=True)
    for unit in units.values():
        for procedure in (p1, p2):
            UnitProcedure.objects.create(unit=unit, procedure=procedure)
    return {**units, "p1": p1, "p2": p2}


def _dossier(world: dict, code: str, unit: str, **fields) -> Dossier:  # type: ignore[no-untyped-def]
    defaults = {"procedure": world["p1"], "channel": "online", "status": "finished"}
    return Dossier.objects.create(code=code, unit=world[unit], desk=world[unit], **{**defaults, **fields})


def small_month() -> dict:
    world = province_2026()
    # SXD: one on time and synced, paid online, with an electronic result; one late.
    _dossier(world, "SXD-1", "SXD", received_at=at("2026-09-01 08:00"), due_at=at("2026-09-15 17:00"),
             finished_at=at("2026-09-14 09:00"), synced_at=at("2026-09-01 09:00"), result_electronic=True,
             components_digitised=True, fee_due=True, paid_online="portal", vneid_verified=True,
             reused_data=False, personal_storage=False)
    late = _dossier(world, "SXD-2", "SXD", received_at=at("2026-09-01 08:00"), due_at=at("2026-09-15 17:00"),
                    finished_at=at("2026-09-17 09:00"), result_electronic=False, fee_due=True, paid_online="none")
    Rating.objects.create(dossier=late, channel="online", satisfaction="dissatisfied")
    # XMT: open at the end, past its due date.
    _dossier(world, "XMT-1", "XMT", procedure=world["p2"], status="processing",
             received_at=at("2026-09-21 08:00"), due_at=at("2026-09-22 17:00"))
    Petition.objects.create(code="PA-1", unit=world["SXD"], received_at=at("2026-09-07 09:00"),
                            answered_at=at("2026-09-10 09:00"), citizen_rating="positive")
    return world


def score_json(*args: str) -> dict:
    out = StringIO()
    call_command("score", "--period", PERIOD, "--json", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_score_json_of_the_index_follows_format_version_2() -> None:
    small_month()
    data = score_json("--method", "qd766")
    assert (data["format_version"], data["period"], data["method"], data["profile"]) == (
        2, PERIOD, "qd766", "national")
    units = {u["unit"]: u for u in data["units"]}
    # Province agencies then communes; no district (none valid), no province.
    assert [u["unit"] for u in data["units"]] == ["STP", "SXD", "XMT"]
    sxd = units["SXD"]
    assert (sxd["level"], sxd["dossiers"]) == ("province_agency", 2)
    assert set(sxd["groups"]) == {"CKMB", "TDGQ", "CLGQ", "TTTT", "MDSH", "MDHL"}
    on_time = sxd["groups"]["TDGQ"]["metrics"]["ON_TIME"]
    assert on_time == {"numerator": 1, "denominator": 2, "ratio": 50.0, "points": 10.0, "max": 20.0,
                       "source": "records"}
    assert sxd["groups"]["TDGQ"] == {"points": 10.0, "max": 20.0, "unknown_points": 0.0,
                                     "metrics": {"ON_TIME": on_time}}
    # Not computable from the records: unknown points, never 0.
    clgq = sxd["groups"]["CLGQ"]
    assert clgq["points"] is None and clgq["unknown_points"] == 12.0
    assert clgq["metrics"]["ONLINE_SERVICES"] == {"numerator": None, "denominator": None, "ratio": None,
                                                  "points": None, "max": 12.0, "source": "none"}
    assert sxd["groups"]["CKMB"]["unknown_points"] == 12.0  # 1.1–1.3
    assert sxd["groups"]["CKMB"]["metrics"]["DOSSIER_SYNC"]["numerator"] == 1
    payment = sxd["groups"]["TTTT"]["metrics"]["ONLINE_PAYMENT"]
    assert (payment["numerator"], payment["denominator"], payment["parts"]["B"]["denominator"]) == (1, 2, 1)
    assert sxd["unknown_points"] == 26.0
    assert sxd["class"] is None and sxd["rank"] is None
    metrics = [m for g in sxd["groups"].values() for m in g["metrics"].values()]
    assert sxd["total"] == float(sum(Decimal(str(m["points"])) for m in metrics if m["points"] is not None))
    xmt = units["XMT"]
    assert xmt["level"] == "commune"
    assert xmt["groups"]["TDGQ"]["metrics"]["ON_TIME"]["numerator"] == 0


def test_a_month_of_today_gets_the_index_by_default_and_2020_keeps_nd61() -> None:
    small_month()
    assert score_json()["method"] == "qd766"
    out = StringIO()
    call_command("score", "--period", "2020-Q1", "--json", stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue())["format_version"] == 1


def test_the_stored_run_keeps_the_figures_and_the_table_shows_the_groups() -> None:
    small_month()
    out = StringIO()
    call_command("score", "--period", PERIOD, stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "qd766/national@2022.2" in text and "UBND CẤP XÃ" in text.upper()
    assert "TDGQ" in text and "Chưa biết" in text and "Chưa xếp loại" in text
    run = ScoringRun.objects.get(period__code=PERIOD, is_current=True)
    assert run.layout["figures"] is True and [g["code"] for g in run.layout["groups"]][:2] == ["CKMB", "TDGQ"]
    sxd = SubjectScore.objects.get(run=run, unit__code="SXD")
    assert sxd.figures["ON_TIME"] == {"n": 1, "d": 2, "source": "records"}
    assert sxd.figures["ONLINE_SERVICES"]["source"] == "none" and sxd.values["ONLINE_SERVICES"] is None
    assert sxd.unknown_points == Decimal("26.00") and sxd.class_code == "chua_xep_loai" and sxd.rank is None
    points = {p["ON_TIME"] for p in dossier_points(run_id=run.pk, unit_code="SXD").values()}
    assert points == {20, 0}  # the dossier that counts, the one that costs


def test_the_existing_pages_read_a_run_of_the_index(personas) -> None:  # type: ignore[no-untyped-def]
    small_month()
    call_command("score", "--period", PERIOD, stdout=StringIO(), stderr=StringIO())
    client = personas.client("appraiser")
    for page in (f"/tong-quan/{PERIOD}/", f"/tong-quan/{PERIOD}/don-vi/SXD/",
                 f"/tong-quan/{PERIOD}/don-vi/SXD/chi-so/ON_TIME/", f"/ky/{PERIOD}/"):
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
    overview = client.get(f"/tong-quan/{PERIOD}/").content.decode()
    for text in ("Tiến độ giải quyết", "Tháng 9 năm 2026", "SXD"):  # the groups as columns
        assert text in overview, text
    lost = client.get(f"/tong-quan/{PERIOD}/don-vi/SXD/chi-so/ON_TIME/").content.decode()
    assert "SXD-2" in lost and "SXD-1" not in lost  # the late dossier is the one behind the loss


def test_explain_gives_a_dossiers_part_in_each_metric_and_why_it_is_late() -> None:
    small_month()
    out = StringIO()
    call_command("explain", "SXD-2", "--method", "qd766", "--period", PERIOD, stdout=out)
    text = out.getvalue()
    assert "qd766/national@2022.2 (kỳ 2026-09)" in text
    assert "Chỉ số ON_TIME — Tỷ lệ hồ sơ giải quyết đúng hạn: 0 điểm" in text
    assert "So với hạn 15/09/2026: kết thúc 17/09/2026 → trễ hạn." in text
    assert "Chỉ số DOSSIER_SYNC — Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia: 0 điểm" in text
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("explain", "SXD-2", "--method", "qd766", "--period", "2026-13", stdout=StringIO())


def _synthetic_month(seed: int) -> None:
    """A few hundred dossiers with every index field drawn at random (None included)."""
    world = province_2026()
    rnd = random.Random(seed)
    units = ["SXD", "STP", "XMT"]

    def maybe() -> bool | None:
        return rnd.choice([None, True, False])

    for i in range(300):
        received = at("2026-08-10 08:00") + timedelta(hours=rnd.randrange(0, 60 * 24))
        finished = rnd.choice([None, received + timedelta(hours=rnd.randrange(1, 30 * 24))])
        status = rnd.choice(["finished", "finished", "refused", "withdrawn", "processing"])
        if status == "processing":
            finished = None
        dossier = _dossier(
            world, f"HS-{i}", rnd.choice(units), procedure=rnd.choice([world["p1"], world["p2"]]),
            status=status, received_at=received, finished_at=finished,
            due_at=rnd.choice([None, received + timedelta(days=rnd.randrange(1, 20))]),
            synced_at=rnd.choice([None, received + timedelta(hours=2)]), result_electronic=maybe(),
            components_digitised=maybe(), reused_data=maybe(), personal_storage=maybe(),
            vneid_verified=maybe(), fee_due=maybe(), paid_online=rnd.choice([None, "portal", "local", "none"]))
        for seq in range(rnd.choice([0, 0, 1, 2])):
            asked = received + timedelta(days=seq + 1)
            Supplement.objects.create(dossier=dossier, seq=seq + 1, requested_at=asked,
                                      completed_at=rnd.choice([None, asked + timedelta(days=rnd.randrange(0, 5))]),
                                      new_due_at=rnd.choice([None, asked + timedelta(days=9)]))
        if rnd.random() < 0.3:
            Rating.objects.create(dossier=dossier, channel="online",
                                  satisfaction=rnd.choice(["very_satisfied", "satisfied", "dissatisfied"]))
        if rnd.random() < 0.05:
            Petition.objects.create(code=f"PA-{i}", unit=dossier.unit, dossier=dossier,
                                    received_at=received + timedelta(days=3),
                                    answered_at=rnd.choice([None, received + timedelta(days=25)]),
                                    refused=maybe(), citizen_rating=rnd.choice([None, "positive", "negative"]))


@pytest.mark.parametrize("period", ["2026-09", "2026-Q3"])
def test_the_paths_agree_on_a_synthetic_month(period: str) -> None:
    from test_paths_agree import assert_same

    _synthetic_month(seed=11)
    as_of = parse_datetime("2026-12-01T12:00:00+07:00")
    bulk = compute_period(period_code=period, method="qd766", profile="national", as_of=as_of, path="bulk")
    per_dossier = compute_period(period_code=period, method="qd766", profile="national", as_of=as_of,
                                 path="per_dossier")
    assert len(bulk.scored) > 100
    assert_same(bulk, per_dossier)
    assert [a.figures for a in bulk.agencies] == [a.figures for a in per_dossier.agencies]
    known = [f for a in bulk.agencies for f in a.figures.values() if f.known and f.denominator]
    assert len(known) > 20  # the records carry the fields: most metrics have figures
