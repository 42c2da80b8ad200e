"""`tthc reconcile` (interchange §6): the portal's published figures beside those of our
records, the difference in dossiers, the formula check, the portal's data-quality flags,
the most points at stake first (issue 12, item 2)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from reconcile_world import TRANSPARENCY, reconciled_month
from test_index_score import PERIOD

from tthc.importers.reconcile import reconciliation

pytestmark = pytest.mark.django_db


def reconcile_json() -> dict:
    out = StringIO()
    call_command("reconcile", "--period", PERIOD, "--json", stdout=out)
    return json.loads(out.getvalue())


def _metrics(data: dict, unit: str) -> dict[str, dict]:
    found = next(u for u in data["units"] if u["unit"] == unit)
    return {m["metric"]: m for m in found["metrics"]}


def test_each_metric_published_beside_our_records_with_the_difference() -> None:
    reconciled_month()
    data = reconcile_json()
    assert (data["format_version"], data["period"]) == (1, PERIOD)
    sxd = next(u for u in data["units"] if u["unit"] == "SXD")
    assert (sxd["published_code"], sxd["published_name"]) == ("H11.05", "Sở Xây dựng - Tỉnh Điện Biên")
    metrics = _metrics(data, "SXD")
    on_time = metrics["ON_TIME"]
    assert on_time["group"] == "TDGQ"
    assert on_time["published"] == {"numerator": 2, "denominator": 2, "ratio": 100.0, "points": 20.0, "max": 20.0}
    assert on_time["computed"] == {"numerator": 1, "denominator": 2, "ratio": 50.0, "points": 10.0,
                                   "source": "records"}
    # Our records count one dossier fewer on time: ten points to explain.
    assert on_time["difference"] == {"numerator": -1, "denominator": 0, "points": -10.0}
    assert on_time["formula_points"] == 20.0 and on_time["formula_follows"] is True
    sync = metrics["DOSSIER_SYNC"]
    assert sync["difference"]["numerator"] == sync["computed"]["numerator"] - TRANSPARENCY["DOSSIER_SYNC"][0]
    # Published totals are the sum of the groups the portal published for the unit.
    assert sxd["published_total"] == 20.0 + 12.0  # progress 20; transparency's unit total 12


def test_a_published_point_that_does_not_follow_from_its_ratio_is_flagged() -> None:
    reconciled_month()
    publish = _metrics(reconcile_json(), "SXD")["PUBLISH_ON_TIME"]
    assert publish["published"]["points"] == 6.0
    assert (publish["formula_points"], publish["formula_follows"]) == (5.4, False)
    # The records cannot compute it: nothing computed (the run took the portal's).
    assert publish["computed"] is None and publish["difference"] is None
    assert publish["points_at_stake"] == pytest.approx(0.6)


def test_data_quality_flags_as_the_portal_gave_them_and_unmatched_units_listed() -> None:
    reconciled_month()
    data = reconcile_json()
    update = _metrics(data, "SXD")["PUBLIC_UPDATE_ON_TIME"]
    assert update["data_quality"] == {"status": "TEMPORARY_DENOMINATOR", "message": "Mẫu số tạm tính"}
    assert _metrics(data, "SXD")["ON_TIME"]["data_quality"] is None
    assert data["unmatched"] == [{"published_code": "H11.999", "published_name": "Xã Không Có"}]


def test_lines_are_sorted_by_the_points_at_stake() -> None:
    reconciled_month()
    stakes = [m["points_at_stake"] for m in next(u for u in reconcile_json()["units"])["metrics"]]
    assert stakes == sorted(stakes, reverse=True) and stakes[0] == 10.0
    found = reconciliation(period=PERIOD)
    assert [line.at_stake for _, line in found.lines] == sorted((line.at_stake for _, line in found.lines),
                                                                reverse=True)


def test_without_a_run_nothing_is_computed_but_the_formula_check_stands() -> None:
    reconciled_month(scored=False)
    data = reconcile_json()
    assert data["run"] is None
    metrics = _metrics(data, "SXD")
    assert all(m["computed"] is None for m in metrics.values())
    assert metrics["PUBLISH_ON_TIME"]["formula_follows"] is False


def test_one_unit_only_when_asked_and_no_unmatched_list() -> None:
    world = reconciled_month()
    found = reconciliation(period=PERIOD, unit_ids=[world["STP"].pk])
    assert found.units == [] and found.unmatched == []
    found = reconciliation(period=PERIOD, unit_ids=[world["SXD"].pk])
    assert [u.code for u in found.units] == ["SXD"] and found.unmatched == []


def test_the_table_says_it_in_vietnamese() -> None:
    reconciled_month()
    out = StringIO()
    call_command("reconcile", "--period", PERIOD, stdout=out)
    text = out.getvalue()
    assert f"Đối chiếu với số liệu Cổng công bố — kỳ {PERIOD}" in text
    assert "điểm Cổng không khớp công thức (5,40)" in text
    assert "Cổng ghi chú: TEMPORARY_DENOMINATOR — Mẫu số tạm tính" in text
    assert "H11.999" in text


def test_a_wrong_period_is_wrong_usage() -> None:
    with pytest.raises(CommandError) as raised:
        call_command("reconcile", "--period", "2026-13", stdout=StringIO())
    assert raised.value.returncode == 2
