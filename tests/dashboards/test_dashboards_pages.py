"""What each dashboard shows, for each role allowed to see it."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from dashboard_world import World, score

from tthc.audit.models import AuditEntry
from tthc.evaluation import services
from tthc.evaluation.selectors import period_results
from tthc.evaluation.services import Key
from tthc.importers.models import ImportIssue, ImportRun
from tthc.scoring.models import PeriodState
from tthc.scoring.selectors import DEMO_LOADED_ACTION, layout_of

pytestmark = pytest.mark.django_db


def page(world: World, role: str, url: str) -> str:
    response = world.client(role).get(url)
    assert response.status_code == 200, (role, url, response.status_code)
    return response.content.decode()


def chart(html: str, name: str) -> dict:
    found = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    assert found, name
    return json.loads(found.group(1))


def to_appraisal(world: World) -> None:
    key = Key("2020-Q1")
    services.period_advance(key, to=PeriodState.SELF_ASSESSMENT, user=world.users["appraiser"])
    services.self_assessment_save(key, unit=world.units["stp"], indicator="1",
                                  explanation="Hồ sơ trễ do chờ ý kiến Sở Tài chính.",
                                  user=world.users["leader"])
    services.period_advance(key, to=PeriodState.APPRAISAL, user=world.users["appraiser"])
    services.appraisal_save(key, unit=world.units["stp"], indicator="6", points="1.5",
                            reason="Niêm yết thủ tục chưa đầy đủ tại Bộ phận Một cửa.",
                            user=world.users["appraiser"])


@pytest.mark.parametrize("role", ["admin", "appraiser"])
def test_overview_shows_ranking_classes_and_state(world: World, role: str) -> None:
    html = page(world, role, "/tong-quan/2020-Q1/")
    assert "Tổng quan toàn tỉnh — Quý I năm 2020" in html
    # The state by the name every page gives it (scoring.PeriodState), not a name of its own.
    assert '<strong class="state state-open">Đang mở: thu thập, tính điểm</strong>' in html
    assert "tạm tính" in html
    assert 'href="/tong-quan/2020-Q1/don-vi/STP/"' in html
    # STP's self-score: 10,5 points, class Khá (decimal comma, as on the ranking page).
    stp_row = html[html.index('href="/tong-quan/2020-Q1/don-vi/STP/"'):]
    stp_row = stp_row[:stp_row.index("</tr>")]
    assert ">10,5<" in stp_row and "Khá" in stp_row and "(tạm tính)" in stp_row
    assert "Không đủ dữ liệu" in html  # STC and HDB had nothing to score
    assert 'href="/bao-cao/2020-Q1/"' in html
    assert "Sở, ban, ngành" in html and "UBND cấp huyện" in html


def test_overview_charts_carry_the_numbers_of_their_tables(world: World) -> None:
    html = page(world, "admin", "/tong-quan/2020-Q1/")
    classes = chart(html, "chart-classes")
    # Every class of the run's layout, best first, even those no agency reached.
    assert classes["categories"] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu",
                                     "Không đủ dữ liệu"]
    by_level = {s["name"]: s["values"] for s in classes["series"]}
    assert by_level == {"Sở, ban, ngành": [0, 0, 1, 0, 0, 1], "UBND cấp huyện": [0, 0, 0, 0, 0, 1],
                        "UBND cấp xã": [0] * 6}
    heat = chart(html, "chart-heatmap")
    layout = layout_of(world.run)
    assert heat["columns"] == [spec.short for spec in layout.agency.indicators]
    assert heat["columns"] == ["CS1", "CS2", "CS3", "CS4", "CS5", "CS6", "CS7", "CS8", "CS9"]
    assert heat["maxima"] == [2.0] * 9 and heat["decimals"] == [1] * 9
    stp = heat["rows"].index("Sở Tư pháp (STP)")
    cells = [v for v in heat["values"] if v[1] == stp]
    assert [v[3] for v in cells] == [1.0, 0.0, 1.5, 1.0, 2.0, 2.0, 1.0, 2.0, 0.0]
    # The colour is the share of the indicator's maximum.
    assert [v[2] for v in cells] == [0.5, 0.0, 0.75, 0.5, 1.0, 1.0, 0.5, 1.0, 0.0]
    assert [step["gte"] for step in heat["steps"]] == [0.0, 0.5, 0.75, 1.0]
    trend = chart(html, "chart-trend")
    assert trend["max"] == 18.0
    assert trend["categories"] == ["Quý 1/2020"]
    assert {s["name"]: s["values"] for s in trend["series"]}["Sở, ban, ngành"] == [10.5]
    # The vendored library and the page script, never a CDN.
    assert "/static/dashboards/vendor/echarts-6.1.0/echarts.min.js" in html
    assert "/static/dashboards/charts.js" in html
    assert "http://" not in html.split("<body>")[0] and "https://" not in html.split("<body>")[0]


def test_overview_trend_follows_the_appraised_totals_of_each_quarter(world: World) -> None:
    score("2020-Q2")
    to_appraisal(world)
    html = page(world, "admin", "/tong-quan/2020-Q2/")
    trend = chart(html, "chart-trend")
    assert trend["categories"] == ["Quý 1/2020", "Quý 2/2020"]
    province = {s["name"]: s["values"] for s in trend["series"]}["Sở, ban, ngành"]
    q1 = period_results(Key("2020-Q1"))
    stp = next(r for r in q1["levels"][0]["agencies"] if r["code"] == "STP")
    assert stp["total"] == Decimal("10.0")  # 10,5 less the half point deducted on I6
    assert province[0] == 10.0
    # Every quarter's point is the mean of that quarter's totals in `period_results`.
    for index, code in enumerate(("2020-Q1", "2020-Q2")):
        totals = [r["total"] for r in period_results(Key(code))["levels"][0]["agencies"]
                  if r["total"] is not None]
        expected = float(round(sum(totals) / len(totals), 2)) if totals else None
        assert province[index] == expected
    assert "Quý 1/2020 <span class=\"provisional\">(tạm tính)</span>" in html


def test_level_filter_keeps_one_level(world: World) -> None:
    html = page(world, "admin", "/tong-quan/2020-Q1/?cap=district")
    assert "Huyện Điện Biên" in html
    assert 'href="/tong-quan/2020-Q1/don-vi/STP/' not in html
    assert 'href="/tong-quan/2020-Q1/don-vi/HDB/?cap=district"' in html
    assert [s["name"] for s in chart(html, "chart-classes")["series"]] == ["UBND cấp huyện"]


def test_overview_lists_overdue_satisfaction_and_data_quality(world: World) -> None:
    run = ImportRun.objects.create(kind="dossiers", source="hs.csv")
    for line in (3, 4):
        ImportIssue.objects.create(run=run, severity="warning", source="hs.csv", line=line,
                                   code="due_before_received", dossier_code="HS-LATE",
                                   message_vi="Ngày hẹn trả trước ngày tiếp nhận",
                                   message_en="Due before received")
    ImportIssue.objects.create(run=run, severity="warning", source="hs.csv", line=5, code="old",
                               current=False, message_vi="cũ", message_en="old")
    html = page(world, "admin", "/tong-quan/2020-Q1/")
    overdue = html[html.index('id="overdue"'):html.index('id="quality"')]
    # HS-OPEN at Huyện Điện Biên: due 09/03/2020, still open at the quarter's end.
    assert "Huyện Điện Biên" in overdue and '<td class="num overdue">1</td>' in overdue
    quality = html[html.index('id="quality"'):]
    assert "2 cảnh báo" in quality and "due_before_received" in quality
    assert "/admin/importers/importissue/?current__exact=1&amp;severity__exact=warning" in quality
    satisfaction = html[html.index('id="satisfaction"'):html.index('id="overdue"')]
    assert "mẫu nhỏ" in satisfaction and "0,0%" in satisfaction


def test_demo_banner_is_on_every_dashboard(world: World) -> None:
    AuditEntry.objects.create(actor="cli:demo", action=DEMO_LOADED_ACTION, object_type="dataset",
                              object_key="dien-bien-2020")
    for url in ("/tong-quan/2020-Q1/", "/tong-quan/2020-Q1/don-vi/STP/",
                "/tong-quan/2020-Q1/don-vi/STP/chi-so/2/", "/tong-quan/2020-Q1/can-bo/CB1/"):
        assert "Dữ liệu minh họa — không phải kết quả thật" in page(world, "admin", url)


@pytest.mark.parametrize("role", ["admin", "appraiser", "leader"])
def test_agency_page_shows_self_and_appraised_points_with_reasons(world: World, role: str) -> None:
    to_appraisal(world)
    html = page(world, role, "/tong-quan/2020-Q1/don-vi/STP/")
    assert "Sở Tư pháp" in html and "Đang thẩm định" in html
    assert "Hồ sơ trễ do chờ ý kiến Sở Tài chính." in html
    assert "Trừ điểm khi thẩm định</strong> (2,0 → 1,5): Niêm yết thủ tục chưa đầy đủ" in html
    # Self 10,5; after appraisal 10,0.
    assert '<td class="num total">10,5</td>' in html and '<td class="num total">10,0</td>' in html
    # Per-dossier indicators drill down; 5, 8 and 9, the agency's own, lead to their evidence.
    for number in (1, 2, 3, 4, 6, 7):
        assert f'href="/tong-quan/2020-Q1/don-vi/STP/chi-so/{number}/"' in html
    for number in (5, 8, 9):
        assert f'href="/tong-quan/2020-Q1/don-vi/STP/chi-so/{number}/"><span class="n">tính cho cả cơ quan' in html
    assert 'href="/tong-quan/2020-Q1/can-bo/CB1/"' in html and "Lò Thị Hoa" in html
    assert chart(html, "chart-indicators")["series"][1]["values"][5] == 1.5
    # Only the administrator and the appraisers are offered the province overview.
    assert ('href="/tong-quan/2020-Q1/"' in html) == (role != "leader")


def test_agency_page_counts_the_dossiers_that_lost_points(world: World) -> None:
    html = page(world, "leader", "/tong-quan/2020-Q1/don-vi/STP/")
    # HS-EARLY and HS-LATE both lost on indicator 2, only HS-LATE on indicator 1.
    i2 = html[html.index('chi-so/2/">CS2'):]
    i2 = i2[:i2.index("</tr>")]
    assert '">2<span class="visually-hidden"> hồ sơ bị trừ điểm ở CS2' in i2
    i1 = html[html.index('chi-so/1/">CS1'):]
    i1 = i1[:i1.index("</tr>")]
    assert '">1<span class="visually-hidden"> hồ sơ bị trừ điểm ở CS1' in i1
    # The maxima are the layout's: 2,0 per indicator, 18,0 in all.
    assert '<td class="num">2,0</td>' in i1
    assert '<th scope="row">Tổng điểm</th><td class="num">18,0</td>' in html
    assert "CS5, CS8, CS9 tính cho cả cơ quan" in html


def test_published_period_is_no_longer_provisional(world: World) -> None:
    to_appraisal(world)
    services.period_advance(Key("2020-Q1"), to=PeriodState.LOCKED, user=world.users["appraiser"])
    html = page(world, "appraiser", "/tong-quan/2020-Q1/")
    assert "Đã phê duyệt, công bố (khóa)" in html and "(tạm tính)" not in html


@pytest.mark.parametrize("role", ["admin", "appraiser", "leader", "official"])
def test_official_page_shows_points_class_satisfaction_and_lost_dossiers(world: World, role: str) -> None:
    html = page(world, role, "/tong-quan/2020-Q1/can-bo/CB1/")
    assert "Lò Thị Hoa" in html and "Sở Tư pháp" in html
    assert '<td class="num total">4,5</td>' in html
    assert "Hoàn thành từ 70% đến dưới 100% nhiệm vụ" in html
    assert "tổng điểm (tối đa 10,0)" in html
    assert "1 phiếu" in html and "mẫu nhỏ" in html
    # Both of CB1's dossiers lost points on one of the official's indicators.
    assert "HS-LATE" in html and "HS-EARLY" in html and "HS-OPEN" not in html
    assert "2 hồ sơ" in html
    lost = html.split('id="lost"')[1]
    assert "(CS1, CS2, CS3, CS4, CS7)" in lost
    assert ">CS1</abbr>: " in lost
    for number in (5, 6, 8, 9):
        assert f">CS{number}</abbr>" not in lost


def test_indicator_of_the_agency_as_a_whole_has_no_dossier_list(world: World) -> None:
    html = page(world, "leader", "/tong-quan/2020-Q1/don-vi/STP/chi-so/8/")
    assert "được tính cho cả cơ quan, đơn vị" in html
    assert "HS-LATE" not in html


def test_overview_lists_the_runs_record_versus_citizen_conflicts(world: World) -> None:
    """What `tthc score` prints as conflicts is stored with the run and shown here."""
    world.run.conflicts = [["HS-A", "Mâu thuẫn chỉ số 4: phiếu đánh giá ghi 2 cơ quan, hồ sơ ghi 1; theo hồ sơ."],
                           ["HS-B", "Mâu thuẫn chỉ số 4: phiếu đánh giá ghi 0 cơ quan, hồ sơ ghi 1; theo hồ sơ."]]
    world.run.save(update_fields=["conflicts"])
    html = page(world, "admin", "/tong-quan/2020-Q1/")
    quality = html[html.index('id="quality"'):]
    assert "2 hồ sơ có phiếu đánh giá mâu thuẫn" in quality
    assert '<a class="code" href="/ho-so/HS-A/">HS-A</a>' in quality and "phiếu đánh giá ghi 0 cơ quan" in quality


def test_a_unit_page_shows_its_own_dossier_count_beside_the_provinces(world: World) -> None:
    results = period_results(Key("2020-Q1"))
    assert results is not None
    stp = next(row for level in results["levels"] for row in level["agencies"] if row["code"] == "STP")
    for url in ("/tong-quan/2020-Q1/don-vi/STP/", "/tong-quan/2020-Q1/don-vi/STP/chi-so/2/"):
        html = page(world, "leader", url)
        facts = html[html.index('class="run-facts"'):]
        facts = facts[:facts.index("</dl>")]
        assert f"<dt>Số hồ sơ được chấm của Sở Tư pháp</dt><dd>{stp['dossiers']}</dd>" in facts
        assert f"<dt>Số hồ sơ được chấm toàn tỉnh</dt><dd>{results['dossiers_scored']}</dd>" in facts
    # The overview is the province's: one count, its own.
    overview = page(world, "appraiser", "/tong-quan/2020-Q1/")
    assert "<dt>Số hồ sơ được chấm</dt>" in overview and "toàn tỉnh</dt>" not in overview


def test_the_overview_headline_counts_the_warnings_its_section_counts(world: World) -> None:
    world.run.conflicts = [["HS-A", "Mâu thuẫn chỉ số 4: phiếu đánh giá ghi 2 cơ quan, hồ sơ ghi 1; theo hồ sơ."]]
    world.run.problems = [["HS-B", "Ngày hẹn trả trước ngày tiếp nhận."]]
    world.run.save(update_fields=["conflicts", "problems"])
    html = page(world, "admin", "/tong-quan/2020-Q1/")
    headline = re.search(r'<span class="big">([\d.]+)</span> cảnh báo chất lượng dữ liệu', html)
    section = re.search(r'id="quality".*?<strong>([\d.]+) cảnh báo</strong>', html, re.S)
    assert headline and section and headline.group(1) == section.group(1)
    imported = ImportIssue.objects.filter(current=True, severity="warning").count()
    assert int(headline.group(1).replace(".", "")) == imported + 2
