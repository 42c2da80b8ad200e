"""The dossier page in English (the switcher's cookie), Vietnamese by default."""

from __future__ import annotations

from typing import Any

import pytest
from english import english, headings, leftover_vietnamese

pytestmark = pytest.mark.django_db


def test_the_dossier_page_reads_english(world: Any) -> None:
    html = english(world.client("admin")).get("/ho-so/HS-LATE/").content.decode()
    for heading in ("Dossier details", "Processing steps", "Supplement requests", "Citizen's rating"):
        assert heading in headings(html)
    # Data stay Vietnamese: the methods' and periods' names in the pickers, indicator names.
    left = [text for text in leftover_vietnamese(html, ("Tiếng Việt",))
            if not text.startswith(("Evaluation method", "Evaluation period", "CS"))]
    assert left == []
    assert ": Points: 1 <span class=\"n\">(max 2,0)" in html


def test_the_dossier_page_is_vietnamese_by_default(world: Any) -> None:
    html = world.client("admin").get("/ho-so/HS-LATE/").content.decode()
    assert "Thông tin hồ sơ" in headings(html) and "Dossier details" not in html
