"""The ranking pages: Vietnamese labels, N/A as —, comma decimals, few queries; the public
sees published periods only, the appraisers also the provisional ones."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from ranking_rows import agency_score, official_score, periods_publish, run_create, unit_get

from tthc.organisation.models import Official, UnitKind
from tthc.scoring import selectors
from tthc.scoring.models import OverdueCount

pytestmark = pytest.mark.django_db
BANNER = "Dữ liệu minh họa — không phải kết quả thật"


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)


def _cells(row: str) -> list[str]:
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_home_lists_only_periods_with_a_current_run(client):
    run_create(period="2020-Q1")
    run_create(period="2020-Q2", current=False)
    run_create(period="2020", method="qd766")
    periods_publish("2020-Q1", "2020-Q2", "2020")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert 'href="/xep-hang/2020-Q1/"' in html
    assert "Quý I năm 2020" in html
    assert "1.234" in html  # dossiers scored, dot thousands
    assert "/xep-hang/2020-Q2/" not in html
    assert "/xep-hang/2020/" not in html


def test_home_without_scores_says_how_to_compute_them(personas):
    html = personas.client("appraiser").get("/").content.decode()
    assert "Chưa có kỳ đánh giá nào được tính điểm" in html
    assert "tthc score --period 2020-Q1" in html
    run_create(period="2020-Q1")
    public = personas.client("anonymous").get("/").content.decode()
    assert "Chưa có kỳ đánh giá nào được công bố kết quả" in public
    assert "/xep-hang/2020-Q1/" not in public


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_the_public_home_lists_published_periods_only(personas, persona):
    run_create(period="2020-Q1")
    run_create(period="2020-Q2")
    periods_publish("2020-Q1")

    html = personas.client(persona).get("/").content.decode()

    assert 'href="/xep-hang/2020-Q1/"' in html
    assert "/xep-hang/2020-Q2/" not in html
    assert 'href="/cong-khai/"' in html


@pytest.mark.parametrize("persona", ["admin", "appraiser"])
def test_appraisers_home_lists_periods_still_in_the_cycle(personas, persona):
    run_create(period="2020-Q1")
    run_create(period="2020-Q2")
    periods_publish("2020-Q1")

    html = personas.client(persona).get("/").content.decode()

    assert 'href="/xep-hang/2020-Q1/"' in html and 'href="/xep-hang/2020-Q2/"' in html


def test_ranking_shows_levels_classes_and_formatted_numbers(client):
    run = run_create(period="2020-Q1")
    stp = unit_get("STP", UnitKind.PROVINCE_AGENCY, "Sở Tư pháp")
    agency_score(run, stp, points={"1": Decimal("1.4"), "9": None}, total=Decimal("14.1"), class_code="tot",
                 rank=1, dossiers=412, responses=120)
    OverdueCount.objects.create(run=run, unit=stp, count=3)
    huyen = unit_get("DBP", UnitKind.DISTRICT, "UBND thành phố Điện Biên Phủ")
    agency_score(run, huyen, total=Decimal("15.5"), class_code="xuat_sac", rank=1)
    xa = unit_get("XA01", UnitKind.COMMUNE, "UBND xã Thanh Xương")
    agency_score(run, xa, points={str(n): None for n in (1, 2, 3, 4, 6, 7, 9)}, total=None,
                 class_code="khong_du_du_lieu", rank=None, dossiers=0, responses=0,
                 satisfaction_rate=None, satisfaction_low=None, satisfaction_high=None)
    official = Official.objects.create(code="CB0012", full_name="Lò Thị Hương", unit=stp)
    official_score(run, official, total=Decimal("4.0"), class_code="ht_70_100", points={"7": None})
    periods_publish("2020-Q1")

    response = client.get("/xep-hang/2020-Q1/")

    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Sở, ban, ngành", "UBND cấp huyện", "UBND cấp xã",
                    "Cán bộ, công chức tiếp nhận hồ sơ"):
        assert heading in html
    for label in ("Tốt", "Xuất sắc", "Không đủ dữ liệu", "Hoàn thành từ 70% đến dưới 100% nhiệm vụ"):
        assert label in html
    rows = {cells[1] if cells[0].isdigit() or cells[0] == "—" else cells[0]: cells
            for cells in map(_cells, _rows(html)) if cells}
    stp_row = rows["Sở Tư pháp (STP)"]
    # rank, name, I1…I9, self total, total, class, dossiers, satisfaction, overdue (the
    # table the public results page shows too)
    assert stp_row[0] == "1"
    assert stp_row[2] == "1,4"
    assert stp_row[10] == "—"  # I9 not applicable
    assert stp_row[11:15] == ["14,1", "14,1", "Tốt", "412"]  # nothing appraised
    assert stp_row[15].startswith("92,5% (95%: ") and "n = 120" in stp_row[15]
    assert stp_row[16] == "3"
    xa_row = rows["UBND xã Thanh Xương (XA01)"]
    assert xa_row[0] == "—"
    assert xa_row[12:14] == ["—", "Không đủ dữ liệu"]
    assert xa_row[15] == "chưa có phiếu"  # no response: no rate, and no "small sample" either
    official_row = rows["Lò Thị Hương (CB0012)"]
    # name, unit, I1 I2 I3 I4 I7, total, class, dossiers, satisfaction
    assert official_row[2:7] == ["1,2", "1,2", "1,2", "1,2", "—"]
    assert official_row[7:9] == ["4,0", "Hoàn thành từ 70% đến dưới 100% nhiệm vụ"]
    assert "mẫu nhỏ" in official_row[10]  # 3 responses < 30


def test_agencies_sorted_by_rank_with_unranked_last(client):
    run = run_create()
    for code, rank in (("SB", 2), ("SA", None), ("SC", 1), ("SD", 2)):
        agency_score(run, unit_get(code, UnitKind.PROVINCE_AGENCY), rank=rank,
                     class_code="tot" if rank else "khong_du_du_lieu")

    ranking = selectors.period_ranking(period="2020-Q1")

    assert ranking is not None
    agencies = ranking["levels"][0]["agencies"]
    assert [(a["code"], a["rank"]) for a in agencies] == [
        ("SC", 1), ("SB", 2), ("SD", 2), ("SA", None)]


def test_overdue_of_a_unit_outside_the_tables_is_still_reported(client):
    run = run_create()
    province = unit_get("DB", UnitKind.PROVINCE, "Tỉnh Điện Biên")
    OverdueCount.objects.create(run=run, unit=province, count=7)
    periods_publish("2020-Q1")

    html = client.get("/xep-hang/2020-Q1/").content.decode()

    assert "Hồ sơ quá hạn chưa giải quyết ở đơn vị khác" in html
    assert "Tỉnh Điện Biên (DB): 7" in html


def test_ranking_reads_only_the_current_run(client):
    old = run_create(current=False)
    agency_score(old, unit_get("OLD", UnitKind.PROVINCE_AGENCY, "Sở Cũ"))
    new = run_create()
    agency_score(new, unit_get("NEW", UnitKind.PROVINCE_AGENCY, "Sở Mới"))
    periods_publish("2020-Q1")

    html = client.get("/xep-hang/2020-Q1/").content.decode()

    assert "Sở Mới" in html
    assert "Sở Cũ" not in html


@pytest.mark.parametrize("path", ["/xep-hang/2020-Q2/", "/xep-hang/2020-Q9/",
                                  "/xep-hang/2020-Q1/?method=../../etc"])
def test_missing_or_malformed_period_is_404(client, path):
    run_create(period="2020-Q1")
    periods_publish("2020-Q1")
    assert client.get(path).status_code == 404


def test_other_method_is_reached_by_query_and_links_keep_it(client):
    run_create(period="2020", method="qd766", profile="national")
    periods_publish("2020", method="qd766", profile="national")

    html = client.get("/?method=qd766&profile=national").content.decode()

    assert 'href="/xep-hang/2020/?method=qd766&amp;profile=national"' in html
    assert client.get("/xep-hang/2020/?method=qd766&profile=national").status_code == 200
    assert client.get("/xep-hang/2020/").status_code == 404


def test_banner_present_when_the_demo_was_loaded(client, scored_period, demo_flag):
    scored_period()
    periods_publish("2020-Q1")
    assert BANNER in client.get("/").content.decode()
    assert BANNER in client.get("/xep-hang/2020-Q1/").content.decode()


def test_banner_absent_on_real_data(client, scored_period):
    scored_period()
    periods_publish("2020-Q1")
    assert BANNER not in client.get("/").content.decode()
    assert BANNER not in client.get("/xep-hang/2020-Q1/").content.decode()


def test_ranking_page_query_count_does_not_grow_with_subjects(
        client, scored_period, demo_flag, django_assert_num_queries):
    scored_period(period="2020-Q1", per_level=2)
    scored_period(period="2020-Q2", per_level=25)
    periods_publish("2020-Q1", "2020-Q2")
    client.get("/cong-khai/")  # opens the public pages' rate-limit window (its first request also sweeps)
    # The public pages' counter; the run, its scores, its overdue counts; the run with its
    # period again, the appraisals, the explanations; the demo flag.
    with django_assert_num_queries(8):
        small = client.get("/xep-hang/2020-Q1/")
    with django_assert_num_queries(8):
        large = client.get("/xep-hang/2020-Q2/")
    assert small.status_code == large.status_code == 200
    # Each official twice: the phone's short table of totals, then the full table.
    assert large.content.decode().count("Nguyễn Văn Ân") == 2 * 75


def test_home_query_count_is_constant(client, scored_period, django_assert_num_queries):
    for quarter in range(1, 5):
        scored_period(period=f"2020-Q{quarter}", per_level=1)
    periods_publish("2020-Q1")
    client.get("/cong-khai/")  # opens the public pages' rate-limit window (its first request also sweeps)
    # The public pages' counter; the runs with their periods, the published periods (for
    # the public), the demo flag.
    with django_assert_num_queries(4):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(("persona", "status"), [("anonymous", 404), ("outsider", 404),
                                                 ("admin", 200), ("appraiser", 200)])
def test_an_unpublished_ranking_is_unknown_to_the_public(personas, persona, status):
    agency_score(run_create(period="2020-Q1"), unit_get("STP", UnitKind.PROVINCE_AGENCY))

    response = personas.client(persona).get("/xep-hang/2020-Q1/")

    assert response.status_code == status
    if status == 200:
        assert "tạm tính" in response.content.decode()


def test_a_published_ranking_is_final_and_links_the_public_page(client):
    agency_score(run_create(period="2020-Q1"), unit_get("STP", UnitKind.PROVINCE_AGENCY))
    periods_publish("2020-Q1")

    html = client.get("/xep-hang/2020-Q1/").content.decode()

    assert "tạm tính" not in html.lower()
    assert "Đã phê duyệt, công bố ngày 01/04/2020" in html
    assert 'href="/cong-khai/2020-Q1/"' in html


def test_a_what_if_beside_the_published_rule_set_is_not_published(client):
    """A run under another profile was never appraised nor approved: the public does not
    see it as published, even though the period is."""
    run_create(period="2020")
    run_create(period="2020", method="nd61-tt01", profile="what-if")
    periods_publish("2020")

    assert client.get("/xep-hang/2020/").status_code == 200
    assert client.get("/xep-hang/2020/?profile=what-if").status_code == 404
    assert client.get("/cong-khai/2020/?profile=what-if").status_code == 404
    assert client.get("/cong-khai/2020/du-lieu.json?profile=what-if").status_code == 404


def test_the_public_list_links_the_rule_set_that_was_published(client):
    run_create(period="2020", method="qd766", profile="national")
    periods_publish("2020", method="qd766", profile="national")

    html = client.get("/cong-khai/").content.decode()

    assert 'href="/cong-khai/2020/?method=qd766&amp;profile=national"' in html
    assert client.get("/cong-khai/2020/?method=qd766&profile=national").status_code == 200
