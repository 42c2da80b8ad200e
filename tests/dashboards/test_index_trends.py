"""The national index month by month across the 2025 reform: the province overview's
levels, and a merged commune's total and groups followed through its predecessors before
2025-07-01 (combined dossier-weighted, named, our default), with a month scored only
under nd61-tt01 listed apart on its own scale, never mixed into the index."""

from __future__ import annotations

import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from test_units_2025_scoring import _dossier, _score, _world

from tthc.dashboards.trends import COMBINATION_VI, unit_months
from tthc.evaluation import services
from tthc.evaluation.services import Key
from tthc.organisation.models import Unit
from tthc.scoring.models import PeriodState

pytestmark = pytest.mark.django_db
QD766 = "?method=qd766&profile=national"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def reform() -> dict[str, Any]:
    """Xã Mường Nhé (from 2025-07-01) formed from Chung Chải and Nậm Vì. May 2025 scored
    only under nd61-tt01 (its own rule set); June under qd766 too (a what-if); July and
    August under qd766 (their own)."""
    world = _world()
    _dossier(world, "M-A1", "OLD-A", "OLD-A", "2025-05", late=False)
    _dossier(world, "M-B1", "OLD-B", "OLD-B", "2025-05", late=True)
    # June: Chung Chải one dossier on time, Nậm Vì two with one late — unequal weights.
    _dossier(world, "A-1", "OLD-A", "OLD-A", "2025-06", late=False)
    _dossier(world, "B-1", "OLD-B", "OLD-B", "2025-06", late=False)
    _dossier(world, "B-2", "OLD-B", "OLD-B", "2025-06", late=True)
    _dossier(world, "S-6", "SXD", "SXD", "2025-06", late=False)
    for month in ("2025-07", "2025-08"):
        _dossier(world, f"N-{month}", "XMN", "XMN", month, late=month == "2025-08")
        _dossier(world, f"S-{month}", "SXD", "SXD", month, late=False)
    world["scores"] = {"2025-05": _score("2025-05", "nd61-tt01")}
    for month in ("2025-06", "2025-07", "2025-08"):
        world["scores"][month] = _score(month, "qd766")
    return world


def _units(data: dict) -> dict[str, dict]:
    return {u["unit"]: u for u in data["units"]}


def test_a_merged_communes_months_follow_its_predecessors_weighted_by_dossiers(reform) -> None:  # type: ignore[no-untyped-def]
    trend = unit_months(Key("2025-08"), reform["XMN"])
    assert [m["code"] for m in trend["months"]] == ["2025-06", "2025-07", "2025-08"]
    june, july, _august = trend["months"]
    assert june["from"] == ["Xã Chung Chải", "Xã Nậm Vì"] and july["from"] == []
    assert trend["from"] == ["Xã Chung Chải", "Xã Nậm Vì"] and trend["combination"] == COMBINATION_VI
    # Each metric: the predecessors' points weighted by the dossiers each scored.
    units = _units(reform["scores"]["2025-06"])
    old = [units["OLD-A"], units["OLD-B"]]

    def weighted(group: str, metric: str) -> Decimal:
        pairs = [(Decimal(str(u["groups"][group]["metrics"][metric]["points"])), u["dossiers"]) for u in old]
        return (sum(p * w for p, w in pairs) / sum(w for _p, w in pairs)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    tdgq = next(g for g in june["groups"] if g["code"] == "TDGQ")
    assert old[0]["dossiers"] != old[1]["dossiers"]
    assert tdgq["points"] == weighted("TDGQ", "ON_TIME")
    plain = (sum(Decimal(str(u["groups"]["TDGQ"]["points"])) for u in old) / 2).quantize(Decimal("0.01"))
    assert tdgq["points"] != plain  # not the plain mean
    # Unknown in both predecessors: still unknown, never 0.
    clgq = next(g for g in june["groups"] if g["code"] == "CLGQ")
    assert clgq["points"] is None and clgq["all_unknown"] and june["unknown"] > 0
    assert june["total"] == sum(g["points"] for g in june["groups"] if g["points"] is not None)
    # July is the commune's own row.
    own = _units(reform["scores"]["2025-07"])["XMN"]
    assert float(july["total"]) == own["total"]
    # May was scored only under nd61-tt01: apart, on its own scale, from the same units.
    (may,) = trend["other"]
    assert (may["code"], may["method"], may["from"]) == ("2025-05", "nd61-tt01", ["Xã Chung Chải", "Xã Nậm Vì"])
    assert may["max_total"] != trend["max_total"]


def test_an_agencys_months_are_its_own(reform) -> None:  # type: ignore[no-untyped-def]
    trend = unit_months(Key("2025-08"), reform["SXD"])
    assert [m["code"] for m in trend["months"]] == ["2025-06", "2025-07", "2025-08"]
    assert all(m["from"] == [] for m in trend["months"]) and trend["from"] == []


def test_an_appraisal_changes_the_month_in_the_trend(reform, personas) -> None:  # type: ignore[no-untyped-def]
    key = Key("2025-08")
    for step in (PeriodState.SELF_ASSESSMENT, PeriodState.APPRAISAL):
        services.period_advance(key, to=step, user=personas.appraiser)
    before = unit_months(key, reform["XMN"])["months"][-1]
    services.appraisal_save(key, unit=Unit.objects.get(code="XMN"), indicator="ON_TIME", points="0",
                            reason="Kiểm tra lại: trả kết quả sau hạn", user=personas.appraiser)
    after = unit_months(key, reform["XMN"])["months"][-1]
    tdgq = [next(g["points"] for g in m["groups"] if g["code"] == "TDGQ") for m in (before, after)]
    assert after["total"] == before["total"] - tdgq[0] + tdgq[1] and tdgq[1] == 0


def test_the_unit_page_names_the_predecessors_and_keeps_nd61_apart(reform, personas) -> None:  # type: ignore[no-untyped-def]
    html = personas.client("admin").get("/tong-quan/2025-08/don-vi/XMN/").content.decode()
    text = _text(html)
    assert "Trước 01/07/2025: tổng hợp từ Xã Chung Chải, Xã Nậm Vì (đơn vị tiền nhiệm)" in text
    assert "mặc định của hệ thống: bình quân gia quyền theo số hồ sơ được chấm" in text
    june = next(_text(r) for r in re.findall(r"<tr>(.*?)</tr>", html.split('id="unit-trend"')[1], re.S)
                if "Tháng 6 năm 2025" in r)
    assert "chưa có số liệu" in june and june.endswith("tổng hợp từ Xã Chung Chải, Xã Nậm Vì ")
    other = html.split('id="unit-trend-other"', 1)[1].split("</section>", 1)[0]
    assert "Tháng 5 năm 2025" in other and "nd61-tt01" in other
    assert "Tháng 5 năm 2025" not in html.split('id="chart-unit-months"', 1)[1].split("</script>", 1)[0]


def test_the_overview_gives_each_levels_mean_by_month_and_lists_nd61_months_apart(reform, personas) -> None:  # type: ignore[no-untyped-def]
    html = personas.client("appraiser").get("/tong-quan/2025-08/").content.decode()
    section = html.split('id="trend"', 1)[1].split("</section>", 1)[0]
    rows = [_text(r) for r in re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>", 1)[1], re.S)]
    assert [r.split(" (")[0].strip() for r in rows] == ["Tháng 6 năm 2025", "Tháng 7 năm 2025", "Tháng 8 năm 2025"]
    june = _units(reform["scores"]["2025-06"])
    communes = [u for u in june.values() if u["level"] == "commune"]

    def mean(key: str) -> str:
        values = [Decimal(str(u[key])) for u in communes]
        return f"{(sum(values) / len(values)).quantize(Decimal('0.01'), ROUND_HALF_UP)}".replace(".", ",")

    # The two old communes of June, averaged: known total, unknown points, how many.
    assert f"{mean('total')} {mean('unknown_points')} 2" in rows[0]
    assert 'data-source="chart-index-months"' in section
    assert 'href="/tong-quan/2025-05/?method=nd61-tt01&amp;profile=dien-bien-1187"' in section
    assert "khác thang điểm" in _text(section)


def test_the_trends_read_a_fixed_number_of_queries_whatever_the_months(reform) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tthc.dashboards.trends import province_months
    from tthc.evaluation.selectors import period_results

    counts = []
    for month in ("2025-06", "2025-08"):  # one month scored under the index, then three
        results = period_results(Key(month, "qd766", "national"))
        with CaptureQueriesContext(connection) as unit:
            unit_months(Key(month, "qd766", "national"), reform["XMN"])
        with CaptureQueriesContext(connection) as province:
            province_months(Key(month, "qd766", "national"), results, "all")
        counts.append((len(unit), len(province)))
    assert counts[0] == counts[1]
