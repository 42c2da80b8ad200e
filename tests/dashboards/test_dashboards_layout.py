"""The dashboards read every name, maximum, class, level and per-dossier column from the
layout stored with the run (issue 9), never from a methodology file: a stored run whose
layout says otherwise is shown as its layout says."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from dashboard_world import World

from tthc.dashboards.selectors import share_step
from tthc.scoring.models import ScoringRun, SubjectScore

pytestmark = pytest.mark.django_db

OVERVIEW = "/tong-quan/2020-Q1/"
STP = "/tong-quan/2020-Q1/don-vi/STP/"


def edit_layout(run: ScoringRun, change: Callable[[dict[str, Any]], None]) -> None:
    data = copy.deepcopy(run.layout)
    change(data)
    ScoringRun.objects.filter(pk=run.pk).update(layout=data)


def indicator(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(spec for spec in data["indicators"] if spec["code"] == code)


def page(world: World, url: str, role: str = "admin") -> str:
    response = world.client(role).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def chart(html: str, name: str) -> dict:
    found = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    assert found, name
    return json.loads(found.group(1))


def row_of(html: str, start: str) -> str:
    part = html[html.index(start):]
    return part[:part.index("</tr>")]


def test_names_maxima_and_class_labels_come_from_the_runs_layout(world: World) -> None:
    def change(data: dict[str, Any]) -> None:
        first = indicator(data, "1")
        first.update(short="TG", name_vi="Thời gian giải quyết (tên của tỉnh)")
        indicator(data, "5")["max"] = "4"
        agency = data["subjects"]["agency"]
        agency["max_total"] = "20"
        next(band for band in agency["classes"] if band["code"] == "kha")["label_vi"] = "Đạt"

    edit_layout(world.run, change)
    # The province renamed the band when the run was computed: its rows carry the name.
    SubjectScore.objects.filter(run=world.run, class_code="kha").update(class_label="Đạt")

    html = page(world, OVERVIEW)
    assert '<abbr title="TG: Thời gian giải quyết (tên của tỉnh)">TG</abbr>' in html
    assert ">CS1<" not in html
    assert "Đạt" in row_of(html, 'href="/tong-quan/2020-Q1/don-vi/STP/"')
    classes = chart(html, "chart-classes")
    assert classes["categories"] == ["Xuất sắc", "Tốt", "Đạt", "Trung bình", "Yếu",
                                     "Không đủ dữ liệu"]
    assert {s["name"]: s["values"] for s in classes["series"]}["Sở, ban, ngành"] == [0, 0, 1, 0, 0, 1]
    heat = chart(html, "chart-heatmap")
    assert heat["columns"][0] == "TG" and heat["names"][0] == "Thời gian giải quyết (tên của tỉnh)"
    assert heat["maxima"][4] == 4.0
    stp = heat["rows"].index("Sở Tư pháp (STP)")
    cs5 = next(v for v in heat["values"] if v[1] == stp and v[0] == 4)
    assert cs5[2:] == [0.5, 2.0]  # 2 points out of 4: half the maximum
    assert chart(html, "chart-trend")["max"] == 20.0
    assert "CS5 4,0" in html and "tổng tối đa 20,0 điểm" in html

    html = page(world, STP, role="leader")
    assert 'chi-so/1/">TG. Thời gian giải quyết (tên của tỉnh)</a>' in html
    cs5_row = row_of(html, 'chi-so/5/">CS5.')  # every indicator links to its page
    # The cell's colour is relative to the indicator's maximum: 2 of 4 is the second step.
    assert '<td class="num">4,0</td>' in cs5_row and '<td class="num muc-1">2,0</td>' in cs5_row
    assert '<th scope="row">Tổng điểm</th><td class="num">20,0</td>' in html
    assert '<span class="big class-kha">Đạt</span>' in html
    assert chart(html, "chart-indicators")["categories"][0] == "TG"
    assert '<abbr title="TG: Thời gian giải quyết (tên của tỉnh)">TG</abbr>' in html  # officials

    html = page(world, "/tong-quan/2020-Q1/don-vi/STP/chi-so/1/", role="leader")
    assert "<h1>TG: Thời gian giải quyết (tên của tỉnh)</h1>" in html
    assert ">TG</abbr>: 0 điểm " in html


def test_a_class_the_layout_does_not_list_is_still_counted(world: World) -> None:
    SubjectScore.objects.filter(run=world.run, unit__code="STP", official=None).update(
        class_code="dat_chuan", class_label="Đạt chuẩn")
    classes = chart(page(world, OVERVIEW), "chart-classes")
    assert classes["categories"][-1] == "Đạt chuẩn"
    province = {s["name"]: s["values"] for s in classes["series"]}["Sở, ban, ngành"]
    assert sum(province) == 2 and province[-1] == 1


def test_indicator_urls_take_the_layouts_codes(world: World) -> None:
    def rename(codes: list[str]) -> list[str]:
        return ["tg" if code == "1" else code for code in codes]

    def change(data: dict[str, Any]) -> None:
        indicator(data, "1")["code"] = "tg"
        for subject in data["subjects"].values():
            subject["indicators"] = rename(subject["indicators"])
        data["dossier_columns"] = rename(data["dossier_columns"])

    edit_layout(world.run, change)
    for score in SubjectScore.objects.filter(run=world.run):
        values = dict(score.values)
        values["tg"] = values.pop("1", None)
        score.values = values
        score.save(update_fields=["values"])
    client = world.client("leader")
    assert 'href="/tong-quan/2020-Q1/don-vi/STP/chi-so/tg/"' in page(world, STP, role="leader")
    html = client.get("/tong-quan/2020-Q1/don-vi/STP/chi-so/tg/").content.decode()
    assert "HS-LATE" in html and "HS-EARLY" not in html
    assert client.get("/tong-quan/2020-Q1/don-vi/STP/chi-so/1/").status_code == 404


def test_a_methodology_without_officials_has_no_official_pages(world: World) -> None:
    edit_layout(world.run, lambda data: data["subjects"].pop("official"))
    html = page(world, STP)
    assert 'id="officials"' not in html and 'href="/tong-quan/2020-Q1/can-bo/CB1/"' not in html
    page(world, OVERVIEW)
    assert world.client("admin").get("/tong-quan/2020-Q1/can-bo/CB1/").status_code == 404


def test_levels_are_the_layouts(world: World) -> None:
    def change(data: dict[str, Any]) -> None:
        data["subjects"]["agency"]["levels"] = ["district", "province_agency"]

    edit_layout(world.run, change)
    html = page(world, OVERVIEW)
    options = re.findall(r'<option value="([^"]+)"', html.split('name="cap"')[1].split("</select>")[0])
    assert options == ["all", "district", "province_agency"]
    assert html.index('id="level-district"') < html.index('id="level-province_agency"')
    assert 'id="level-commune"' not in html
    assert [s["name"] for s in chart(html, "chart-classes")["series"]] == ["UBND cấp huyện",
                                                                          "Sở, ban, ngành"]
    assert world.client("admin").get(OVERVIEW + "?cap=commune").status_code == 404
    assert world.client("admin").get(STP + "?cap=commune").status_code == 404


def test_small_sample_size_is_the_layouts(world: World) -> None:
    edit_layout(world.run, lambda data: data.update(small_sample=5))
    assert "dưới 5 phiếu là mẫu nhỏ" in page(world, OVERVIEW)


@pytest.mark.parametrize(("value", "maximum", "step"), [
    (Decimal("2.0"), Decimal("2"), "muc-3"),
    (Decimal("1.5"), Decimal("2"), "muc-2"),
    (Decimal("1.4"), Decimal("2"), "muc-1"),
    (Decimal("1.0"), Decimal("2"), "muc-1"),
    (Decimal("0.9"), Decimal("2"), "muc-0"),
    (Decimal("2.0"), Decimal("4"), "muc-1"),
    (Decimal("87.25"), Decimal("100"), "muc-2"),
    (None, Decimal("2"), "na"),
    (Decimal("1"), Decimal("0"), "na"),
])
def test_cell_steps_are_shares_of_the_indicators_maximum(value: Decimal | None, maximum: Decimal,
                                                         step: str) -> None:
    assert share_step(value, maximum) == step
