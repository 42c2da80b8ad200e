"""Điểm còn giữ được (/tong-quan/<period>/don-vi/<unit>/diem-con-giu-duoc/): in an open
month, a unit's open dossiers and petitions that will turn late if not finished by their
due date, soonest first, with the points each group would lose; the unit page's link;
a closed or published period says so; the same role checks as the unit's page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from index_world import PERIOD, IndexWorld, index_world_create
from scoring_world import at

from tthc.dashboards import stake
from tthc.dossiers.models import Dossier
from tthc.petitions.models import Petition

pytestmark = pytest.mark.django_db
# Monday 21/09/2026, 10:00 in Hà Nội: September 2026 is still running.
MOMENT = timezone.make_aware(datetime(2026, 9, 21, 10, 0))
PAGE = f"/tong-quan/{PERIOD}/don-vi/SXD/diem-con-giu-duoc/"


def _open(world: IndexWorld, code: str, received: str, due: str, unit: str = "SXD") -> Dossier:
    units = world.units
    return Dossier.objects.create(code=code, unit=units[unit], desk=units[unit], procedure=units["p1"],
                                  channel="online", status="processing", received_at=at(received),
                                  due_at=at(due))


@pytest.fixture
def index(personas: Any, monkeypatch: pytest.MonkeyPatch) -> IndexWorld:
    world = index_world_create(personas)
    # Beside SXD-1 (on time) and SXD-2 (late, rated dissatisfied): one due today, one in two
    # working days, one due after the month's end (it cannot turn late in September).
    _open(world, "SXD-3", "2026-09-15 08:00", "2026-09-21 17:00")
    _open(world, "SXD-4", "2026-09-16 08:00", "2026-09-23 17:00")
    _open(world, "SXD-5", "2026-09-18 08:00", "2026-10-05 17:00")
    Petition.objects.create(code="PA-2", unit=world.units["SXD"], received_at=at("2026-09-03 09:00"))
    monkeypatch.setattr(stake, "clock", lambda: MOMENT)
    return world


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _table(html: str, section: str) -> list[str]:
    part = html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    body = part.split("<tbody>", 1)[1] if "<tbody>" in part else ""
    return [_text(row).strip() for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_leader_sees_what_each_open_dossier_would_cost_soonest_first(index: IndexWorld) -> None:
    response = index.client("leader").get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    rows = _table(html, "dossiers")
    assert [row.split()[1] for row in rows] == ["SXD-3", "SXD-4"]  # SXD-5 is due after the month
    # As it stands 4 of 5 on time (2.1: 16,00; 5.4: 80% → 5,33). SXD-3 late: 3/5 → 12,00 and
    # 60% → 4,00: TDGQ loses 4,00, MDHL 1,33. Both late: 2/5 → 8,00 and 40% → 2,67.
    assert "21/09/2026 hạn hôm nay 4,00 1,33 5,33 5,33" in rows[0]
    assert "23/09/2026 2 ngày làm việc 4,00 1,33 5,33 10,66" in rows[1]
    assert "Cấp giấy phép xây dựng" in rows[0]
    # Each dossier's code leads to its page; a petition's code is no dossier's.
    assert 'href="/ho-so/SXD-3/"' in html and 'href="/ho-so/PA-2/"' not in html
    now = _table(html, "now")
    assert any(row.startswith("2.1.") and "4 5 16,00 20,00" in row for row in now)
    horizons = _table(html, "horizons")
    assert horizons[0].startswith("hôm nay 1 ") and horizons[0].endswith("5,33")
    assert horizons[-1].startswith("đến cuối kỳ 2 ") and horizons[-1].endswith("10,66")
    # PA-2 (received 03/09, unanswered) reaches its 15th working day on 24/09: answered late it
    # costs 5.2 (2/2 → 1/2) and 5.3 (2/2 → 1/2) three points each.
    petitions = _table(html, "petitions")
    assert len(petitions) == 1 and "PA-2 24/09/2026 3 ngày làm việc" in petitions[0]
    assert petitions[0].endswith("6,00 6,00")
    assert "15 ngày làm việc" in _text(html)


def test_the_unit_page_links_to_it_while_the_period_is_open(index: IndexWorld,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    client = index.client("leader")
    unit_page = f"/tong-quan/{PERIOD}/don-vi/SXD/"
    assert f'href="{PAGE}"' in client.get(unit_page).content.decode()
    monkeypatch.setattr(stake, "clock", lambda: MOMENT + timedelta(days=10))  # 01/10: ended
    assert PAGE not in client.get(unit_page).content.decode()
    text = _text(client.get(PAGE).content.decode())
    assert "Kỳ đã kết thúc ngày 30/09/2026" in text and "SXD-3" not in text


def test_a_published_period_has_nothing_left_to_save(index: IndexWorld) -> None:
    index.publish()
    response = index.client("appraiser").get(PAGE)
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "đã được phê duyệt, công bố" in text and "SXD-3" not in text
    assert PAGE not in index.client("appraiser").get(f"/tong-quan/{PERIOD}/don-vi/SXD/").content.decode()


def test_a_methodology_without_the_computation_says_so(index: IndexWorld) -> None:
    response = index.client("admin").get(PAGE + "?method=nd61-tt01&profile=dien-bien-1187")
    assert response.status_code == 200
    assert "không tính điểm còn giữ được" in _text(response.content.decode())


def test_only_the_units_own_leader_and_the_province_see_it(index: IndexWorld) -> None:
    assert index.client("other_leader").get(PAGE).status_code == 403
    assert index.client("outsider").get(PAGE).status_code == 403
    assert index.client("appraiser").get(PAGE).status_code == 200
    anonymous = index.client("anonymous").get(PAGE)
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]
    assert index.client("appraiser").get(f"/tong-quan/{PERIOD}/don-vi/KHONG-CO/diem-con-giu-duoc/").status_code == 404
    assert index.client("appraiser").get("/tong-quan/2031-01/don-vi/SXD/diem-con-giu-duoc/").status_code == 404


def test_a_long_list_is_paged_with_the_soonest_first(index: IndexWorld) -> None:
    for n in range(stake.PER_PAGE):
        _open(index, f"SXD-N{n:03d}", "2026-09-18 08:00", "2026-09-29 17:00")
    client = index.client("leader")
    first = _table(client.get(PAGE).content.decode(), "dossiers")
    assert len(first) == stake.PER_PAGE and first[0].split()[1] == "SXD-3"
    html = client.get(PAGE + "?trang=2").content.decode()
    second = _table(html, "dossiers")
    assert [row.split()[0] for row in second] == [str(stake.PER_PAGE + 1), str(stake.PER_PAGE + 2)]
    assert 'rel="prev"' in html and "Trang 2/2" in html


def test_the_command_line_gives_the_same_list(index: IndexWorld) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("at_stake", "--period", PERIOD, "--unit", "SXD", "--as-of", MOMENT.isoformat(), "--json",
                 stdout=out)
    data = json.loads(out.getvalue())
    assert (data["unit"], data["method"]) == ("SXD", "qd766")
    assert [d["code"] for d in data["dossiers"]] == ["SXD-3", "SXD-4"]
    assert data["dossiers"][0]["working_days_left"] == 0 and data["dossiers"][1]["cumulative"]["total"] == 10.66
    assert [p["code"] for p in data["petitions"]] == ["PA-2"]
    out = StringIO()
    call_command("at_stake", "--period", PERIOD, "--unit", "SXD", "--as-of", MOMENT.isoformat(), stdout=out)
    assert "SXD-3  hạn 21/09/2026  hạn hôm nay  mất TDGQ 4,00; MDHL 1,33 = 5,33" in out.getvalue()
    with pytest.raises(CommandError, match="Kỳ đã kết thúc"):
        call_command("at_stake", "--period", PERIOD, "--unit", "SXD", "--as-of", "2026-10-02T09:00")


def test_the_queries_do_not_grow_with_the_dossiers(index: IndexWorld) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = index.client("leader")
    client.get(PAGE)  # the rule set and calendar read once, as on any page
    with CaptureQueriesContext(connection) as few:
        assert client.get(PAGE).status_code == 200
    for n in range(20):
        _open(index, f"SXD-M{n:02d}", "2026-09-18 08:00", "2026-09-28 17:00")
    with CaptureQueriesContext(connection) as many:
        html = client.get(PAGE).content.decode()
    assert "SXD-M19" in html
    assert len(many) == len(few)


def test_what_is_still_to_save_is_the_gap_to_the_runs_provisional_points(index: IndexWorld) -> None:
    """The run of the open month counts a dossier (petition) still open as open at the
    month's end, late when due within it: its points are those left if everything at stake
    turned late — as it stands, less the cumulative loss of the whole list."""
    import json
    from decimal import Decimal
    from io import StringIO

    from django.core.management import call_command

    from tthc.engine.contract import score_json
    from tthc.scoring.services import compute_period

    run = score_json(compute_period(period_code=PERIOD, method="qd766", profile="national", as_of=MOMENT))
    sxd = next(u for u in run["units"] if u["unit"] == "SXD")
    out = StringIO()
    call_command("at_stake", "--period", PERIOD, "--unit", "SXD", "--as-of", MOMENT.isoformat(), "--json",
                 stdout=out)
    stake_now = json.loads(out.getvalue())
    # Dossiers and petitions touch different metrics: each list's whole loss, together.
    every = {**stake_now["dossiers"][-1]["cumulative"]["metrics"],
             **stake_now["petitions"][-1]["cumulative"]["metrics"]}
    for group in sxd["groups"].values():
        for code, metric in group["metrics"].items():
            if code in every:
                now = Decimal(str(stake_now["metrics"][code]["points"]))
                assert now - Decimal(str(every[code])) == Decimal(str(metric["points"])), code
    assert len(every) == 4  # 2.1 and 5.4 by the dossiers, 5.2 and 5.3 by the petition


def test_page_two_keeps_the_rule_set_and_numbers_the_pages(index: IndexWorld) -> None:
    for n in range(stake.PER_PAGE):
        _open(index, f"SXD-N{n:03d}", "2026-09-18 08:00", "2026-09-29 17:00")
    chosen = "?cap=department"  # a filter the unit's links keep
    html = index.client("leader").get(PAGE + chosen + "&trang=2").content.decode()
    assert 'aria-current="page">2<' in html
    html = html.replace("&amp;", "&")
    assert f'href="{chosen}&trang=1"' in html, [line for line in html.splitlines() if "trang=1" in line]
