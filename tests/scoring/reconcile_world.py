"""A small month with the portal's published figures beside it, for the reconciliation's
tests: SXD published with a numerator off from our records, a published point that does
not follow from its ratio, a data-quality flag, and a unit the province does not know."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from test_index_score import PERIOD, small_month

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))

from portal_answers import encoded, metric, shape_a, unit_a

from tthc.importers.portal_index_services import portal_index_import
from tthc.scoring.services import period_score

# Our records (test_index_score.small_month): SXD received 2 dossiers in September, one
# synced, one on time.
TRANSPARENCY = {
    "DOSSIER_SYNC": (2, 2, 100, 6, 6),
    # 9/10 = 90% gives 6 · 0,9 = 5,40: the published 6 does not follow.
    "PUBLISH_ON_TIME": (9, 10, 90, 6, 6),
    "PUBLIC_UPDATE_ON_TIME": (1, 2, 50, 2, 4),
}


def published_answers() -> list[tuple[str, bytes]]:
    transparency = shape_a([unit_a("Sở Xây dựng - Tỉnh Điện Biên", [
        metric(code, *figures, **({"dataQualityStatus": "TEMPORARY_DENOMINATOR",
                                    "dataQualityMessage": "Mẫu số tạm tính"}
                                   if code == "PUBLIC_UPDATE_ON_TIME" else {}))
        for code, figures in TRANSPARENCY.items()], code="H11.05")])
    progress = {"code": "OK", "data": {"parent": None, "children": [
        {"departmentName": "Sở Xây dựng", "departmentCode": "H11.05", "level": "PROVINCE", "totalReceived": 2,
         "totalOnTime": 2, "totalOverdue": 0, "ratio": 100, "score": 20, "maxScore": 20},
        {"departmentName": "Xã Không Có", "departmentCode": "H11.999", "level": "COMMUNE", "totalReceived": 4,
         "totalOnTime": 4, "ratio": 100, "score": 20, "maxScore": 20}]}}
    return [("transparency.json", encoded(transparency)), ("dvc-progress-tree.json", encoded(progress))]


def reconciled_month(*, scored: bool = True) -> dict[str, Any]:
    world = small_month()
    portal_index_import(files=published_answers(), period=PERIOD, actor="test")
    if scored:
        period_score(period_code=PERIOD, method="qd766", actor="test")
    return world
