"""The rating page in English (the switcher's cookie), Vietnamese by default."""

from __future__ import annotations

import pytest
from django.test import Client
from english import english, headings, leftover_vietnamese
from feedback_world import PROCEDURE_NAME, FeedbackWorld

pytestmark = pytest.mark.django_db

DATA = (PROCEDURE_NAME, "Sở Tư pháp tỉnh Điện Biên", "Tiếng Việt")


def test_the_rating_page_reads_english(world: FeedbackWorld) -> None:
    html = english(Client()).get(world.rate_url(world.finished)).content.decode()
    assert "<span>Very satisfied</span>" in html and "Rất hài lòng" not in html
    assert "Send the rating" in headings(html)
    assert leftover_vietnamese(html, DATA) == []


def test_the_rating_page_is_vietnamese_by_default(world: FeedbackWorld) -> None:
    html = Client().get(world.rate_url(world.finished)).content.decode()
    assert "<span>Rất hài lòng</span>" in html and "Gửi đánh giá" in headings(html)
    assert "Very satisfied" not in html


def test_the_typed_codes_page_reads_english(world: FeedbackWorld) -> None:
    html = english(Client()).get("/danh-gia/").content.decode()
    assert "Rate your satisfaction" in headings(html)
    assert leftover_vietnamese(html, DATA) == []
