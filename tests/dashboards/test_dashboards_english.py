"""The dashboards in English (cookie `django_language=en`): the overview, an agency page
and an indicator page show their headings and labels in English, indicator names from
the rule data's `name_en`; Vietnamese stays the default (the other tests read it)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from dashboard_world import World
from django.utils.translation import trans_real
from english import english_page

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[2] / "src/tthc/dashboards/locale/en/LC_MESSAGES/django.po"


@pytest.fixture(autouse=True, scope="module")
def _compiled() -> None:
    """The .mo is not committed (`make install` compiles it); compile it when missing or
    older than the catalogue, and forget catalogues Django loaded before."""
    mo = CATALOGUE.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < CATALOGUE.stat().st_mtime:
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(CATALOGUE)], check=True)
    trans_real._translations.clear()


def _english(world: World, who: str, url: str) -> str:
    return english_page(world.client(who), url)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_overview_reads_in_english(world: World) -> None:
    html = _english(world, "appraiser", "/tong-quan/2020-Q1/")
    text = _text(html)
    for words in ("Province overview", "Ranking — Provincial departments", "Classes", "Satisfaction",
                  "Heat map: agencies × indicators", "Data quality warnings", "Total points", "Rank",
                  "Overdue dossiers not yet handled (end of period)", "All levels"):
        assert words in text, words
    for words in ("Tổng quan toàn tỉnh", "Xếp hạng —", "Phân bố xếp loại", "Mức độ hài lòng",
                  "Cảnh báo chất lượng dữ liệu", "Tổng điểm", "Tất cả các cấp", "Số hồ sơ được chấm"):
        assert words not in text, words
    # An indicator's name from the rule data's English name (the column's title).
    assert "Total handling time against the legal limit" in html


def test_an_agency_page_reads_in_english(world: World) -> None:
    text = _text(_english(world, "leader", "/tong-quan/2020-Q1/don-vi/STP/"))
    for words in ("Indicators: self-assessment and appraisal", "Standard points", "Self-assessed",
                  "Dossiers that lost points", "total points (full", "dossiers scored",
                  "Total points over the periods", "Total handling time against the legal limit"):
        assert words in text, words
    for words in ("Các chỉ số: tự chấm và thẩm định", "Điểm chuẩn", "Hồ sơ bị trừ điểm",
                  "tổng điểm (tối đa", "hồ sơ được chấm", "Diễn biến tổng điểm qua các kỳ", "Xếp loại"):
        assert words not in text, words


def test_an_indicator_page_reads_in_english(world: World) -> None:
    text = _text(_english(world, "leader", "/tong-quan/2020-Q1/don-vi/STP/chi-so/1/"))
    for words in ("Dossiers that lost points", "lowest points first", "received", "Reason:", "Rule set"):
        assert words in text, words
    for words in ("Hồ sơ bị trừ điểm", "điểm thấp nhất trước", "tiếp nhận", "Lý do:", "Bộ quy tắc"):
        assert words not in text, words


def test_vietnamese_stays_the_default(world: World) -> None:
    text = _text(world.client("appraiser").get("/tong-quan/2020-Q1/").content.decode())
    assert "Tổng quan toàn tỉnh" in text and "Province overview" not in text
