"""Open data of published periods: CSV with a byte-order mark, JSON with a version."""

from __future__ import annotations

import csv
import io
import json

import pytest
from report_world import PUBLISHED, UNPUBLISHED, World

from tthc.evaluation.selectors import period_results
from tthc.evaluation.services import Key
from tthc.reports.opendata import indicator_column

# The CSV header of an nd61-tt01 period as published before the layouts were generic
# (format version 1): a published file's columns are a contract.
ND61_CSV_HEADER = ("period,code,name,level,level_label,dossiers,i1,i2,i3,i4,i5,i6,i7,i8,i9,"
                   "total,class_code,class_label,rank,satisfaction_rate,satisfaction_low,"
                   "satisfaction_high,responses,published_at,rule_version,demo")


def test_csv_opens_in_excel_and_parses(world: World) -> None:
    response = world.client("anonymous").get(f"/cong-khai/{PUBLISHED}/du-lieu.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ",".join(rows[0]) == ND61_CSV_HEADER
    by_code = {row["code"]: row for row in rows}
    assert list(by_code) == ["SGT", "STP", "H01", "X01"]
    stp = by_code["STP"]
    assert (stp["name"], stp["level"], stp["i6"], stp["total"], stp["class_code"], stp["rank"]) == \
        ("Sở Tư pháp", "province_agency", "1.0", "14.5", "tot", "2")
    commune = by_code["X01"]
    assert (commune["name"], commune["satisfaction_rate"], commune["satisfaction_low"],
            commune["satisfaction_high"], commune["responses"]) == \
        ("UBND xã Ẳng Nưa", "0.750", "0.468", "0.911", "12")
    assert stp["rule_version"] == "nd61-tt01/dien-bien-1187@2019-11-23"
    assert stp["published_at"].startswith("20")  # ISO 8601


def test_nd61_csv_header_is_unchanged(world: World) -> None:
    content = world.client("anonymous").get(f"/cong-khai/{PUBLISHED}/du-lieu.csv").content
    assert content.startswith(b"\xef\xbb\xbf" + ND61_CSV_HEADER.encode() + b"\r\n")
    document = json.loads(world.client("anonymous").get(f"/cong-khai/{PUBLISHED}/du-lieu.json").content)
    assert ",".join(["period", *document["agencies"][0], "published_at", "rule_version", "demo"]) == \
        ND61_CSV_HEADER


@pytest.mark.parametrize(("code", "column"), [("1", "i1"), ("9", "i9"), ("10", "i10"),
                                              ("A2", "i_A2"), ("total", "i_total"), ("٣", "i_٣")])
def test_indicator_columns(code: str, column: str) -> None:
    assert indicator_column(code) == column


def test_json_matches_period_results(world: World) -> None:
    response = world.client("anonymous").get(f"/cong-khai/{PUBLISHED}/du-lieu.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["format_version"] == 1
    results = period_results(Key(PUBLISHED))
    assert document["period"] == PUBLISHED
    assert document["rule_version"] == results["rule_version"]
    assert document["published_at"] == results["published_at"].isoformat()
    expected = [(level["kind"], row) for level in results["levels"] for row in level["agencies"]]
    assert len(document["agencies"]) == len(expected)
    for found, (kind, row) in zip(document["agencies"], expected, strict=True):
        assert (found["code"], found["level"], found["rank"], found["class_code"]) == \
            (row["code"], kind, row["rank"], row["class_code"])
        assert found["total"] == float(row["total"])
        assert [found[indicator_column(spec.code)] for spec in results["agency_indicators"]] == \
            [float(v) for v in row["indicators"]]
        assert found["responses"] == row["satisfaction"]["responses"]
        assert found["satisfaction_low"] == float(row["satisfaction"]["low"])


@pytest.mark.parametrize("ext", ["csv", "json"])
@pytest.mark.parametrize("role", ["anonymous", "admin", "appraiser"])
def test_no_open_data_before_publication(world: World, ext: str, role: str) -> None:
    assert world.client(role).get(f"/cong-khai/{UNPUBLISHED}/du-lieu.{ext}").status_code == 404
    assert world.client(role).get(f"/cong-khai/2019-Q1/du-lieu.{ext}").status_code == 404


def test_reopened_period_leaves_the_open_data(world: World) -> None:
    from tthc.evaluation.services import period_reopen

    period_reopen(Key(PUBLISHED), user=world.personas.appraiser, reason="Sửa số liệu chỉ số 9.")
    assert world.client("anonymous").get(f"/cong-khai/{PUBLISHED}/du-lieu.json").status_code == 404


@pytest.mark.parametrize("with_demo", [False, True])
def test_open_data_says_whether_it_is_the_demo(world: World, request: pytest.FixtureRequest,
                                               with_demo: bool) -> None:
    if with_demo:
        request.getfixturevalue("demo_flag")
    client = world.client("anonymous")
    document = json.loads(client.get(f"/cong-khai/{PUBLISHED}/du-lieu.json").content)
    assert document["demo"] is with_demo
    csv_text = client.get(f"/cong-khai/{PUBLISHED}/du-lieu.csv").content.decode("utf-8-sig")
    assert {row["demo"] for row in csv.DictReader(io.StringIO(csv_text))} == {str(with_demo).lower()}
