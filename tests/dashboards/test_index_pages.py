"""The national index's pages (/tong-quan/ under qd766): the six groups as columns with
unknown points shown as unknown, the ranking per level, a unit's groups and metrics
with their figures and source, the dossiers (petitions, procedures) behind a metric, both
methodologies linked."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from index_world import PERIOD, IndexWorld, index_world_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(personas: Any) -> IndexWorld:
    return index_world_create(personas)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _rows(html: str, level: str) -> list[str]:
    section = html.split(f'id="level-{level}"', 1)[1].split("</section>", 1)[0].split("<tbody>", 1)[1]
    return [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)]


def test_the_overview_has_the_six_groups_as_columns_and_unknown_is_not_zero(index: IndexWorld) -> None:
    html = index.client("appraiser").get(f"/tong-quan/{PERIOD}/").content.decode()
    head = _text(html.split('id="level-province_agency"', 1)[1].split("</thead>", 1)[0])
    for group in ("CKMB / 18,00", "TDGQ / 20,00", "CLGQ / 12,00", "TTTT / 10,00", "MDSH / 22,00",
                  "MDHL / 18,00", "Tổng điểm / 100,00"):
        assert group in head, group
    sxd = next(row for row in _rows(html, "province_agency") if "(SXD)" in row)
    # CKMB: 1.4 from the records (1 of 2 synced → 3,00) and 12 points unknown; CLGQ unknown.
    assert "3,00 (+12,00 chưa có số liệu)" in sxd and "10,00 chưa có số liệu 7,50" in sxd
    assert "42,83" in sxd and "26,00" in sxd and "chưa xếp hạng" in sxd
    # The agencies' and the communes' rankings apart, each in the order of its known points.
    places = [row.split()[0] + " " + re.search(r"\((\w+)\)", row).group(1)
              for row in _rows(html, "province_agency")]
    assert places == ["1 SXD", "2 STP"]
    assert [re.search(r"\((\w+)\)", r).group(1) for r in _rows(html, "commune")] == ["XMT"]
    assert "Chưa xếp loại (còn điểm chưa có số liệu)" in sxd


def test_a_units_page_gives_each_metrics_figures_points_and_source(index: IndexWorld) -> None:
    html = index.client("leader").get(f"/tong-quan/{PERIOD}/don-vi/SXD/").content.decode()
    text = _text(html)
    assert "TDGQ. Tiến độ giải quyết 10,00 20,00" in text
    assert "(ON_TIME) 1 2 50,00% 10,00 20,00 Từ hồ sơ của tỉnh" in text
    assert "(ONLINE_SERVICES) chưa có số liệu 12,00 Chưa có số liệu" in text
    assert "TTTT. Thanh toán trực tuyến (ONLINE_PAYMENT) A: 1/2 (50,00%); B: 1/1 (100,00%)" in text
    assert "Còn 26,00 điểm chưa có số liệu" in text
    assert "Chưa xếp hạng trong Sở, ban, ngành (2 cơ quan, đơn vị; còn điểm" in text
    # The dossiers behind a metric: the drill-down of the late one.
    link = f'href="/tong-quan/{PERIOD}/don-vi/SXD/chi-so/ON_TIME/"'
    assert link in html
    behind = index.client("leader").get(f"/tong-quan/{PERIOD}/don-vi/SXD/chi-so/ON_TIME/")
    assert behind.status_code == 200 and "SXD-2" in behind.content.decode()
    # A metric from the portal has nothing behind it to list; one counted over petitions
    # lists them (tests/dashboards/test_index_lost.py).
    assert "/chi-so/PUBLISH_ON_TIME/" not in html
    assert "/chi-so/PETITION_PROCESSING_ON_TIME/" in html


def test_a_leader_sees_only_its_own_unit(index: IndexWorld) -> None:
    client = index.client("other_leader")
    assert client.get(f"/tong-quan/{PERIOD}/don-vi/SXD/").status_code == 403
    assert client.get(f"/tong-quan/{PERIOD}/").status_code == 302
    assert index.client("anonymous").get(f"/tong-quan/{PERIOD}/").status_code == 302


def test_both_methodologies_are_reached_from_every_page(index: IndexWorld) -> None:
    # The month also scored under the nine indicators: a what-if beside the index.
    call_command("score", "--period", PERIOD, "--method", "nd61-tt01", "--profile", "dien-bien-1187",
                 stdout=StringIO(),
                 stderr=StringIO())
    client = index.client("appraiser")
    for page in (f"/tong-quan/{PERIOD}/", f"/tong-quan/{PERIOD}/don-vi/SXD/", f"/bao-cao/{PERIOD}/"):
        html = client.get(page).content.decode()
        # The default (in force on the period's last day) is qd766: named first, no query.
        assert ('<strong aria-current="page"><code>qd766</code> / <code>national</code></strong>'
                " (áp dụng cho kỳ)") in html
        assert f'href="{page}?method=nd61-tt01&amp;profile=dien-bien-1187"' in html
        other = client.get(page, {"method": "nd61-tt01", "profile": "dien-bien-1187"}).content.decode()
        assert "Tổng điểm / 100,00" not in other and f'href="{page}"' in other
        assert "(thử nghiệm)" in other
