"""The evaluation cycle of a national-index (qd766) month with points still unknown:
appraisal, classification and publication keep unknown points unknown — never 0, never
N/A — and a unit with unknown points stays unclassed and unranked after an appraisal."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from index_world import PERIOD, IndexWorld, index_world_create

from tthc.evaluation import services
from tthc.evaluation.selectors import agency_result
from tthc.evaluation.services import CycleError, Key
from tthc.organisation.models import Unit
from tthc.scoring.models import PeriodState

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(personas: Any) -> IndexWorld:
    world = index_world_create(personas)
    key = Key(PERIOD)
    for step in (PeriodState.SELF_ASSESSMENT, PeriodState.APPRAISAL):
        services.period_advance(key, to=step, user=personas.appraiser)
    return world


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _sxd() -> dict[str, Any]:
    found = agency_result(Key(PERIOD), "SXD")
    assert found is not None
    return found["agency"]


def _appraise(index: IndexWorld, indicator: str, points: str, reason: str = "") -> None:
    services.appraisal_save(Key(PERIOD), unit=Unit.objects.get(code="SXD"), indicator=indicator,
                            points=points, reason=reason, user=index.personas.appraiser)


def test_an_appraisal_changes_the_known_total_but_never_classes_a_unit_with_unknown_points(
        index: IndexWorld) -> None:
    before = _sxd()
    _appraise(index, "ON_TIME", "8", "Hồ sơ SXD-1 trả kết quả sau hạn theo biên bản")
    after = _sxd()
    assert after["total"] == before["total"] - before["indicators"][_position("ON_TIME")] + Decimal("8")
    assert after["unknown_points"] == before["unknown_points"] > 0
    # Still unclassed and unranked: the appraised total is of the known points only.
    assert after["class_code"] == before["self_class_code"] == "chua_xep_loai"
    assert after["rank"] is None
    shown = {spec.code: cell for spec, cell in zip(
        agency_result(Key(PERIOD), "SXD")["results"]["agency_indicators"], after["shown_indicators"],
        strict=True)}
    assert shown["ONLINE_SERVICES"] == {"value": None, "unknown": True}
    assert shown["ON_TIME"] == {"value": Decimal("8.00"), "unknown": False}


def _position(code: str) -> int:
    specs = agency_result(Key(PERIOD), "SXD")["results"]["agency_indicators"]
    return next(i for i, spec in enumerate(specs) if spec.code == code)


def test_an_unknown_metric_cannot_be_appraised_and_says_it_is_unknown(index: IndexWorld) -> None:
    with pytest.raises(CycleError, match="chưa có số liệu"):
        _appraise(index, "ONLINE_SERVICES", "6", "thử")


def test_the_appraisal_pages_show_unknown_points_in_words(index: IndexWorld) -> None:
    _appraise(index, "ON_TIME", "8", "Hồ sơ SXD-1 trả kết quả sau hạn")
    client = index.client("appraiser")
    listing = _text(client.get(f"/ky/{PERIOD}/tham-dinh/").content.decode())
    assert "chưa xếp hạng Sở Xây dựng (SXD) 42,83 40,83 (+26,00 chưa có số liệu) Chưa xếp loại" in listing
    page = client.get(f"/ky/{PERIOD}/tham-dinh/SXD/")
    text = _text(page.content.decode())
    assert page.status_code == 200
    assert "Điểm chưa có số liệu 26,00 điểm (không phải 0)" in text
    assert "Xếp hạng trong cấp chưa xếp hạng" in text
    assert ("Cung cấp dịch vụ công trực tuyến (tối đa 12,00) chưa có số liệu — Chưa có số liệu: "
            "điểm chưa biết") in text
    # A posted value for an unknown metric is not taken for an appraisal.
    response = client.post(f"/ky/{PERIOD}/tham-dinh/SXD/", {"points_ONLINE_SERVICES": "6"})
    assert response.status_code in (200, 302)
    assert _sxd()["appraisals"].get("ONLINE_SERVICES") is None


def test_the_published_month_shows_unknown_points_as_unknown(index: IndexWorld) -> None:
    _appraise(index, "ON_TIME", "8", "Hồ sơ SXD-1 trả kết quả sau hạn")
    services.period_advance(Key(PERIOD), to=PeriodState.LOCKED, user=index.personas.appraiser)
    html = index.client("anonymous").get(f"/cong-khai/{PERIOD}/").content.decode()
    row = next(_text(r) for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "(SXD)" in r)
    assert row.startswith(" chưa xếp hạng Sở Xây dựng (SXD) chưa có số liệu")
    assert "40,83 (+26,00 chưa có số liệu) Chưa xếp loại (còn điểm chưa có số liệu)" in row
    assert "“chưa có số liệu” là điểm chưa tính được" in _text(html)
