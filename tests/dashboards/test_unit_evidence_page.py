"""An agency's indicators computed for the whole unit explain themselves on the
indicator page: the procedures, petitions and dossiers behind the point and the rule
values used with their legal references — from the methodology, in the run's rules."""

from __future__ import annotations

import re

import pytest
from dashboard_world import World, score
from scoring_world import at

from tthc.catalogue.models import Procedure, UnitProcedure
from tthc.dossiers.models import Dossier
from tthc.engine.registry import installed
from tthc.petitions.models import Petition
from tthc.scoring.selectors import layout_of

pytestmark = pytest.mark.django_db


def _unit_codes(world: World) -> dict[str, str]:
    """The run's unit-level indicators by what each is about, from the methodology's own
    rule data (which parameter each reads), never from a number written here."""
    layout = layout_of(world.run)
    per_unit = [s.code for s in layout.agency.indicators if s.code not in layout.dossier_columns]
    names = {code: installed().methodology("nd61-tt01").indicators[code].name_vi for code in per_unit}
    found = {}
    for code, name in names.items():
        key = "desk" if "Một cửa" in name else "petitions" if "phản ánh" in name.lower() else "online"
        found[key] = code
    assert set(found) == {"desk", "petitions", "online"}
    return found


def _page(world: World, code: str, who: str = "leader", unit: str = "STP") -> str:
    response = world.client(who).get(f"/tong-quan/2020-Q1/don-vi/{unit}/chi-so/{code}/")
    assert response.status_code == 200
    return response.content.decode()


def _rows(html: str, heading: str) -> list[list[str]]:
    """The rows of the table under the section whose heading starts with `heading`."""
    section = re.split(rf'<h2 id="evidence-\d+">{re.escape(heading)}', html, maxsplit=1)[1]
    section = section.split("</section>", 1)[0]
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>", 1)[1], re.S)]


@pytest.fixture
def evidence_world(world: World) -> World:
    stp = world.units["stp"]
    outside = Procedure.objects.create(code="1.000009", name="Thủ tục chưa qua Một cửa", time_limit=5)
    UnitProcedure.objects.create(unit=stp, procedure=outside, at_desk=False, decided_at_desk=False)
    Procedure.objects.filter(code="1.000001").update(online_level="full")
    late = Dossier.objects.get(code="HS-LATE")
    Dossier.objects.filter(pk=late.pk).update(channel="online")
    Petition.objects.create(code="PA-TRE", unit=stp, received_at=at("2020-02-03 09:00"),
                            answer_due_at=at("2020-02-24 17:00"), answered_at=at("2020-02-27 10:00"))
    Petition.objects.create(code="PA-KEO-DAI", unit=stp, received_at=at("2020-01-06 09:00"),
                            answer_due_at=at("2020-01-27 17:00"), prolonged=True)
    return World(world.units, world.users, score("2020-Q1"))


def test_the_desk_indicator_lists_the_procedures_outside_the_desk_first(evidence_world: World) -> None:
    html = _page(evidence_world, _unit_codes(evidence_world)["desk"])
    rows = _rows(html, "Thủ tục trong danh mục")
    assert [r[0] for r in rows] == ["1.000009", "1.000001"]
    assert rows[0][2:] == ["Không", "Không"] and rows[1][2:] == ["Có", "Có"]
    assert "0 điểm" in html  # a procedure outside the desk: no points
    assert "Thông tư 01/2018/TT-VPCP, Điều 13, khoản 5" in html
    assert "20,0%" in html  # the province agencies' share in the profile


def test_the_petitions_indicator_lists_the_late_and_dragged_on_ones_with_dates(evidence_world: World) -> None:
    html = _page(evidence_world, _unit_codes(evidence_world)["petitions"])
    rows = {r[0]: r for r in _rows(html, "Phản ánh, kiến nghị đến hạn")}
    assert set(rows) == {"PA-TRE", "PA-KEO-DAI"}  # PA1 was answered on time
    assert rows["PA-TRE"][3:] == ["24/02/2020 17:00", "27/02/2020 10:00", "Trả lời trễ hạn"]
    assert rows["PA-KEO-DAI"][4:] == ["Chưa trả lời", "Kéo dài"]
    assert "Thông tư 01/2018/TT-VPCP, Điều 13, khoản 8" in html and "90,0%" in html


def test_the_online_indicator_lists_the_online_procedures_and_late_online_dossiers(evidence_world: World) -> None:
    html = _page(evidence_world, _unit_codes(evidence_world)["online"])
    procedures = _rows(html, "Thủ tục được tính là có dịch vụ công trực tuyến")
    assert [r[0] for r in procedures] == ["1.000001"] and "toàn trình" in procedures[0][2]
    late = _rows(html, "Hồ sơ trực tuyến quá hạn")
    assert [r[0] for r in late] == ["HS-LATE"]
    assert late[0][1:3] == ["09/03/2020 17:00", "31/03/2020 23:30"]
    assert "Thủ tục có dịch vụ công trực tuyến mức 3, 4: 1/2 = 50,0%." in html
    assert "Thông tư 01/2018/TT-VPCP, Điều 13, khoản 9" in html and "30,0%" in html


def test_the_evidence_gives_the_points_the_run_stored(evidence_world: World) -> None:
    for code in _unit_codes(evidence_world).values():
        html = _page(evidence_world, code)
        now = re.search(r"Điểm theo dữ liệu hiện tại: <strong>(\d+)", html)
        stored = re.search(r"điểm của kỳ: <strong>(\d+)", html)
        assert now and stored and now.group(1) == stored.group(1)
        assert "Điểm của kỳ khác điểm tính lại" not in html


def test_a_change_after_the_run_is_pointed_out(evidence_world: World) -> None:
    UnitProcedure.objects.filter(procedure__code="1.000009").update(at_desk=True, decided_at_desk=True)
    html = _page(evidence_world, _unit_codes(evidence_world)["desk"])
    assert "Điểm của kỳ khác điểm tính lại" in html


def test_another_agencys_leader_sees_no_evidence(evidence_world: World) -> None:
    code = _unit_codes(evidence_world)["petitions"]
    response = evidence_world.client("other_leader").get(f"/tong-quan/2020-Q1/don-vi/STP/chi-so/{code}/")
    assert response.status_code == 403 and "PA-TRE" not in response.content.decode()


@pytest.mark.parametrize("who", ["appraiser", "admin"])
def test_the_province_sees_every_agencys_evidence(evidence_world: World, who: str) -> None:
    assert "PA-KEO-DAI" in _page(evidence_world, _unit_codes(evidence_world)["petitions"], who)


def test_the_agency_page_leads_to_each_agency_level_indicators_evidence(evidence_world: World) -> None:
    html = _page_at(evidence_world, "/tong-quan/2020-Q1/don-vi/STP/")
    for code in _unit_codes(evidence_world).values():
        assert f'href="/tong-quan/2020-Q1/don-vi/STP/chi-so/{code}/"' in html


def _page_at(world: World, url: str) -> str:
    response = world.client("leader").get(url)
    assert response.status_code == 200
    return response.content.decode()
