"""A qd766 run takes the portal's published figures (`tthc import portal-index`) for the
metrics the records cannot compute — source `portal`, the portal's points — and never for
one they can (issue 12, item 3; interchange §6)."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.dateparse import parse_datetime
from test_index_score import PERIOD, score_json, small_month

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))

from portal_answers import encoded, metric, shape_a, unit_a

from tthc.importers.portal_index_services import portal_index_import
from tthc.scoring.services import compute_period

pytestmark = pytest.mark.django_db
# SXD is H11.05 on the portal (tests/scoring/test_index_score.py).
PUBLISHED = {"PUBLISH_ON_TIME": (9, 10, 90, 5.4, 6), "PUBLIC_UPDATE_ON_TIME": (1, 2, 50, 2, 4),
             "PUBLIC_CONTENT_FULL": (3, 3, 100, 2, 2), "DOSSIER_SYNC": (2, 2, 100, 6, 6)}


def _import() -> None:
    transparency = shape_a([unit_a("Sở Xây dựng - Tỉnh Điện Biên", [
        metric(code, *figures, **({"dataQualityStatus": "TEMPORARY_DENOMINATOR"}
                                   if code == "PUBLIC_UPDATE_ON_TIME" else {}))
        for code, figures in PUBLISHED.items()], code="H11.05")])
    online = {"code": "OK", "data": {"parent": None, "children": [
        {"departmentName": "Sở Xây dựng", "departmentCode": "H11.05", "authorityCount": 2, "partialCount": 1,
         "fullCount": 1, "ratio": 80, "score": 9.6, "maxScore": 12}]}}
    digitised = shape_a([unit_a("Sở Xây dựng", [metric("ELECTRONIC_CERTIFIED_COPY", None, None, 40, 0.8, 2)],
                                code="H11.05")])
    report = portal_index_import(files=[("transparency.json", encoded(transparency)),
                                        ("provide-online-tree.json", encoded(online)),
                                        ("dossier-digitized.json", encoded(digitised))],
                                 period=PERIOD, actor="test")
    assert report.ok, [r.describe_vi() for r in report.files]


def test_the_portal_fills_what_the_records_cannot_compute_and_the_records_keep_theirs() -> None:
    small_month()
    _import()
    sxd = {u["unit"]: u for u in score_json("--method", "qd766")["units"]}["SXD"]
    ckmb = sxd["groups"]["CKMB"]["metrics"]
    assert ckmb["PUBLISH_ON_TIME"] == {"numerator": 9, "denominator": 10, "ratio": 90.0, "points": 5.4,
                                       "max": 6.0, "source": "portal"}
    assert ckmb["PUBLIC_UPDATE_ON_TIME"]["points"] == 2.0
    # Computed from the records: the published figure does not replace it.
    assert ckmb["DOSSIER_SYNC"]["source"] == "records" and ckmb["DOSSIER_SYNC"]["numerator"] == 1
    online = sxd["groups"]["CLGQ"]["metrics"]["ONLINE_SERVICES"]
    assert (online["points"], online["source"], online["numerator"]) == (9.6, "portal", None)
    copy = sxd["groups"]["MDSH"]["metrics"]["ELECTRONIC_CERTIFIED_COPY"]
    assert (copy["points"], copy["source"]) == (0.8, "portal")
    # Every metric known now: the total is complete, the unit classed and ranked.
    assert sxd["unknown_points"] == 0.0 and sxd["class"] is not None and sxd["rank"] is not None
    metrics = [m for g in sxd["groups"].values() for m in g["metrics"].values()]
    assert sxd["total"] == float(sum(Decimal(str(m["points"])) for m in metrics if m["points"] is not None))
    # A unit without published figures keeps its unknown points.
    stp = {u["unit"]: u for u in score_json("--method", "qd766")["units"]}["STP"]
    assert stp["groups"]["CLGQ"]["metrics"]["ONLINE_SERVICES"]["source"] == "none"


def test_both_paths_say_where_the_figure_comes_from() -> None:
    small_month()
    _import()
    as_of = parse_datetime("2026-10-05T12:00:00+07:00")
    for path in ("bulk", "per_dossier"):
        result = compute_period(period_code=PERIOD, method="qd766", profile="national", as_of=as_of, path=path)
        sxd = next(s for s in result.agencies if s.code == "SXD")
        evidence = " ".join(sxd.evidence["PUBLIC_UPDATE_ON_TIME"])
        assert "Cổng Dịch vụ công quốc gia công bố" in evidence and "transparency.json" in evidence
        assert "TEMPORARY_DENOMINATOR" in evidence
        assert sxd.figures["PUBLISH_ON_TIME"].source == "portal"
