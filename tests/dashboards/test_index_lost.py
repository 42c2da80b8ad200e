"""Every point the national index loses, from a unit's page down to the dossier, the
petition or the procedure behind it (issue 11, item 2): the drill-down names the rule
that cost each dossier the point, the metrics counted over petitions or procedures list
those that did not count, and every list holds exactly the metric's denominator −
numerator. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from index_world import PERIOD, IndexWorld, index_world_create
from scoring_world import at
from test_index_score import _synthetic_month

from tthc.dashboards import items as behind
from tthc.dashboards import selectors
from tthc.dossiers.models import Dossier
from tthc.evaluation.selectors import period_results
from tthc.evaluation.services import Key
from tthc.organisation.models import Official, Unit
from tthc.petitions.models import Petition

pytestmark = pytest.mark.django_db


def _score() -> None:
    call_command("score", "--period", PERIOD, "--method", "qd766", "--profile", "national", stdout=StringIO(),
                 stderr=StringIO())


@pytest.fixture
def index(personas: Any) -> IndexWorld:
    """The index world's month with petitions of Sở Xây dựng: one answered late, one
    still open past its 15 working days, one rated negatively about an on-time dossier;
    and a desk official of the agency."""
    world = index_world_create(personas)
    sxd = world.units["SXD"]
    Petition.objects.create(code="PA-TRE", unit=sxd, received_at=at("2026-09-01 09:00"),
                            answered_at=at("2026-09-29 09:00"))
    Petition.objects.create(code="PA-MO", unit=sxd, received_at=at("2026-09-03 09:00"))
    Petition.objects.create(code="PA-CHE", unit=sxd, received_at=at("2026-09-21 09:00"),
                            answered_at=at("2026-09-22 09:00"), citizen_rating="negative",
                            dossier=Dossier.objects.get(code="SXD-1"))
    desk = get_user_model().objects.create_user("motcua-sxd", None, None)
    Official.objects.create(code="CB-SXD", full_name="Lò Thị Mai", unit=sxd, user=desk)
    world.users["desk_official"] = desk
    _score()
    return world


def _page(index: IndexWorld, code: str, unit: str = "SXD", who: str = "leader", **query: Any) -> str:
    response = index.client(who).get(f"/tong-quan/{PERIOD}/don-vi/{unit}/chi-so/{code}/", query)
    assert response.status_code == 200, (code, response.status_code)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_late_dossier_says_which_rule_made_it_late(index: IndexWorld) -> None:
    text = _page(index, "ON_TIME")
    assert "SXD-2" in text and "hẹn trả 15/09/2026" in text
    assert "Lý do: Kết thúc xử lý ngày 17/09/2026, sau hạn giải quyết 15/09/2026." in text
    # Still open at the period's end, past its due date: late for that reason.
    commune = _page(index, "ON_TIME", unit="XMT", who="appraiser")
    assert "Lý do: Chưa giải quyết xong đến cuối kỳ (30/09/2026), đã quá hạn giải quyết 22/09/2026." in commune


def test_satisfaction_lists_the_late_and_the_petitioned_dossiers_each_once(index: IndexWorld) -> None:
    text = _page(index, "DOSSIER_RECEIVING_SATISFACTION")
    assert "Lý do: Có phản ánh, kiến nghị về hồ sơ: PA-CHE." in text
    # SXD-2 is late and rated negatively: it costs the metric once, as late.
    assert "Lý do: Trễ hạn (chỉ số 2.1): Kết thúc xử lý ngày 17/09/2026" in text
    assert "Lý do: Người dân đánh giá" not in text
    assert "2 hồ sơ; trang 1/1" in text


def test_the_late_petitions_are_listed_with_dates_working_days_and_state(index: IndexWorld) -> None:
    text = _page(index, "PETITION_PROCESSING_ON_TIME")
    assert "Phản ánh, kiến nghị xử lý trễ hạn" in text
    assert "2 trên 4 không được tính vào tử số (tử số 2, mẫu số 4)" in text
    # September 2026: 02/09 is National Day. Received 01/09, the 15th working day after is
    # 23/09; answered 29/09, the 19th. Received 03/09: due 24/09, 19 working days to 30/09.
    row = text.split("PA-TRE", 1)[1][:200]
    assert row.startswith(" 01/09/2026 23/09/2026 29/09/2026 19 đã trả lời — Trả lời ngày 29/09/2026, sau hạn")
    assert "PA-MO 03/09/2026 24/09/2026 — 19 chưa trả lời — Chưa trả lời đến cuối kỳ (30/09/2026)" in text
    assert "PA-CHE" not in text and "PA-1" not in text  # answered on time


def test_petition_satisfaction_lists_why_each_petition_is_not_counted(index: IndexWorld) -> None:
    text = _page(index, "PETITION_HANDLING_SATISFACTION")
    assert "3 trên 4 không được tính vào tử số" in text
    assert "PA-CHE 21/09/2026 12/10/2026 22/09/2026 1 đã trả lời SXD-1 Người dân đánh giá không hài lòng" in text
    assert "Xử lý trễ hạn (chỉ số 5.2): trả lời ngày 29/09/2026" in text


def test_procedures_behind_payment_and_population_data(index: IndexWorld) -> None:
    payment = _page(index, "ONLINE_PAYMENT")
    # A: the dossier with a fee not paid online; B and C: the procedures with fees.
    assert "Lý do: Có nghĩa vụ tài chính nhưng không thanh toán trực tuyến." in payment
    assert "B: thủ tục có phí, lệ phí chưa có hồ sơ thanh toán trực tuyến trong kỳ" in payment
    assert "0 trên 1 không được tính vào tử số" in payment
    formality = _page(index, "CITIZEN_DATA_CONNECTED_FORMALITY")
    assert ("1.000002 Chứng thực bản sao 0 Không hồ sơ nào của thủ tục được xác thực VNeID, "
            "dùng dữ liệu dân cư.") in formality


def test_the_units_page_links_every_list_with_its_count(index: IndexWorld) -> None:
    html = index.client("leader").get(f"/tong-quan/{PERIOD}/don-vi/SXD/").content.decode()
    for code in ("ON_TIME", "PETITION_PROCESSING_ON_TIME", "PETITION_HANDLING_SATISFACTION",
                 "CITIZEN_DATA_CONNECTED_FORMALITY"):
        assert f'href="/tong-quan/{PERIOD}/don-vi/SXD/chi-so/{code}/"' in html, code
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "2 phản ánh, kiến nghị không được tính ở 5.2" in text
    assert "1 thủ tục không được tính ở 4.5b" in text
    # Portal-only and tracked metrics have nothing to list.
    assert "/chi-so/PUBLISH_ON_TIME/" not in html and "/chi-so/PETITION_CLASSIFICATION_TTHC/" not in html
    assert "được tính cho cả cơ quan, đơn vị" in _page(index, "PUBLISH_ON_TIME")


def test_a_list_is_paginated_and_keeps_the_rule_set(index: IndexWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(behind, "PER_PAGE", 1)
    first = _page(index, "PETITION_PROCESSING_ON_TIME", method="qd766", profile="national")
    assert "Trang 1/2" in first and "PA-MO" in first and "PA-TRE" not in first
    html = index.client("leader").get(f"/tong-quan/{PERIOD}/don-vi/SXD/chi-so/PETITION_PROCESSING_ON_TIME/",
                                      {"method": "qd766", "profile": "national"}).content.decode()
    assert 'href="?trang=2" rel="next"' in html  # the period's own rule set needs no naming
    second = _page(index, "PETITION_PROCESSING_ON_TIME", trang=2)
    assert "Trang 2/2" in second and "PA-TRE" in second and "PA-MO" not in second
    # Beside a dossier list (which keeps `trang`), each part has its own parameter.
    payment = index.client("leader").get(f"/tong-quan/{PERIOD}/don-vi/SXD/chi-so/ONLINE_PAYMENT/",
                                         {"trang-b": "9"})
    assert payment.status_code == 200


def test_a_list_says_when_the_records_changed_after_the_run(index: IndexWorld) -> None:
    Petition.objects.filter(code="PA-MO").update(answered_at=at("2026-09-10 09:00"))
    text = _page(index, "PETITION_PROCESSING_ON_TIME")
    assert "1 trên 4 không được tính vào tử số" in text
    assert "Dữ liệu đã thay đổi sau lần tính điểm: số liệu đã lưu là tử số 2, mẫu số 4" in text


# Who may open the lists: the unit's page's rule (the leader sees only their unit, the
# outsider is refused, the anonymous visitor is sent to log in).
ROLES = {"anonymous": "login", "outsider": 403, "desk_official": 403, "other_leader": 403, "leader": 200,
         "appraiser": 200, "admin": 200}
LISTS = ("ON_TIME", "DOSSIER_RECEIVING_SATISFACTION", "PETITION_PROCESSING_ON_TIME",
         "PETITION_HANDLING_SATISFACTION", "ONLINE_PAYMENT", "CITIZEN_DATA_CONNECTED_FORMALITY")


def test_every_role_on_every_list(index: IndexWorld) -> None:
    wrong = []
    for role, expected in ROLES.items():
        client = index.client(role)
        for code in LISTS:
            response = client.get(f"/tong-quan/{PERIOD}/don-vi/SXD/chi-so/{code}/")
            got = "login" if response.status_code == 302 and "/dang-nhap/" in response["Location"] \
                else response.status_code
            if got != expected:
                wrong.append(f"{role} {code}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def _counts(key: Key, unit: Unit, results: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    """(metric, part, listed, denominator − numerator of the stored figure) of every list
    of the unit's drill-downs."""
    layout = results["layout"]
    row = next(r for lv in results["levels"] for r in lv["agencies"] if r["code"] == unit.code)
    found = []
    for spec in layout.agency.indicators:
        figure = row["figures"].get(spec.code) or {}
        if figure.get("source") != "records":
            continue
        if spec.code in layout.dossier_columns:
            lost = selectors.losing_on_indicator(key, unit, spec.code)
            assert lost is not None
            found.append((spec.code, "", len(lost.losing), figure["d"] - figure["n"]))
        for page in behind.items_behind(key, unit, spec.code, results, {},
                                        with_dossiers=spec.code in layout.dossier_columns) or ():
            n, d = (figure["n"], figure["d"]) if not page.part else next(
                (p[1], p[2]) for p in figure["parts"] if p[0] == page.part)
            found.append((spec.code, page.part, page.page.paginator.count, d - n))
    return found


def test_every_list_holds_the_figures_denominator_minus_numerator() -> None:
    _synthetic_month(seed=7)
    _score()
    key = Key(PERIOD, "qd766", "national")
    results = period_results(key)
    assert results is not None
    counts = [c for unit in Unit.objects.filter(code__in=["SXD", "STP", "XMT"]) for c in _counts(key, unit, results)]
    assert {code for code, *_ in counts} >= {"ON_TIME", "DOSSIER_RECEIVING_SATISFACTION", "DOSSIER_SYNC",
                                             "PETITION_PROCESSING_ON_TIME", "PETITION_HANDLING_SATISFACTION",
                                             "ONLINE_PAYMENT", "CITIZEN_DATA_CONNECTED_FORMALITY"}
    assert {("ONLINE_PAYMENT", "B"), ("ONLINE_PAYMENT", "C")} <= {(code, part) for code, part, *_ in counts}
    assert sum(listed for _, _, listed, _ in counts) > 100  # the month loses points in many places
    assert [c for c in counts if c[2] != c[3]] == []


def test_the_lists_queries_do_not_grow_with_petitions_or_dossiers(index: IndexWorld,
                                                                  django_assert_max_num_queries: Any) -> None:
    client = index.client("leader")
    pages = [f"/tong-quan/{PERIOD}/don-vi/SXD/chi-so/{code}/" for code in
             ("PETITION_PROCESSING_ON_TIME", "ONLINE_PAYMENT", "CITIZEN_DATA_CONNECTED_FORMALITY")]

    def counts() -> list[int]:
        found = []
        for url in pages:
            with django_assert_max_num_queries(40) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured.captured_queries))
        return found

    client.get(pages[0])  # the first page of a session remembers its period: a write once
    few = counts()
    sxd, procedure = index.units["SXD"], index.units["p1"]
    for n in range(30):
        Petition.objects.create(code=f"PA-THEM-{n}", unit=sxd, received_at=at("2026-09-02 09:00"))
        Dossier.objects.create(code=f"SXD-THEM-{n}", unit=sxd, desk=sxd, procedure=procedure, channel="online",
                               status="processing", received_at=at("2026-09-02 08:00"),
                               due_at=at("2026-09-04 17:00"), fee_due=True, paid_online="none")
    _score()
    assert counts() == few
