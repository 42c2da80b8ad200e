"""Open data of a period published under the national index (qd766): format version 2,
each metric's points beside its numerator, denominator and source, the groups, the
points unknown — unknown empty (null), never 0; unpublished, nothing."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from index_world import PERIOD, IndexWorld, index_world_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(personas: Any) -> IndexWorld:
    return index_world_create(personas)


def test_unpublished_index_has_no_open_data(index: IndexWorld) -> None:
    client = index.client("anonymous")
    assert client.get(f"/cong-khai/{PERIOD}/du-lieu.csv").status_code == 404
    assert client.get(f"/cong-khai/{PERIOD}/du-lieu.json").status_code == 404


def test_the_csv_of_a_published_index_carries_the_figures(index: IndexWorld) -> None:
    index.publish()
    response = index.client("anonymous").get(f"/cong-khai/{PERIOD}/du-lieu.csv")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = list(rows[0])
    at = header.index("i_ON_TIME")
    assert header[at:at + 4] == ["i_ON_TIME", "i_ON_TIME_n", "i_ON_TIME_d", "i_ON_TIME_source"]
    assert header[header.index("total") + 1] == "unknown_points"
    assert [c for c in header if c.startswith("g_")] == ["g_CKMB", "g_TDGQ", "g_CLGQ", "g_TTTT",
                                                          "g_MDSH", "g_MDHL"]
    sxd = next(row for row in rows if row["code"] == "SXD")
    assert (sxd["i_ON_TIME"], sxd["i_ON_TIME_n"], sxd["i_ON_TIME_d"], sxd["i_ON_TIME_source"]) == \
        ("10.00", "1", "2", "records")
    # Unknown: empty, never 0; the source says why.
    assert (sxd["i_ONLINE_SERVICES"], sxd["i_ONLINE_SERVICES_n"], sxd["i_ONLINE_SERVICES_source"]) == \
        ("", "", "none")
    assert (sxd["g_CLGQ"], sxd["g_TDGQ"], sxd["unknown_points"], sxd["total"]) == ("", "10.00", "26.00", "42.83")
    assert sxd["rank"] == "" and sxd["class_code"] == "chua_xep_loai"


def test_the_json_of_a_published_index_is_version_2(index: IndexWorld) -> None:
    index.publish()
    document = json.loads(index.client("anonymous").get(f"/cong-khai/{PERIOD}/du-lieu.json").content)
    assert document["format_version"] == 2 and document["method"] == "qd766"
    sxd = next(a for a in document["agencies"] if a["code"] == "SXD")
    assert sxd["i_ON_TIME_n"] == 1 and sxd["i_ON_TIME_d"] == 2 and sxd["i_ON_TIME"] == 10.0
    assert sxd["i_ONLINE_SERVICES"] is None and sxd["g_CLGQ"] is None
    assert sxd["unknown_points"] == 26.0 and sxd["rank"] is None
