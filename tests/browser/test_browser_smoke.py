"""The browser harness itself: Chromium renders the ranking page, which passes axe."""

from __future__ import annotations

import pytest
from accessibility import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_vietnamese_and_is_accessible(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert "Chấm điểm giải quyết thủ tục hành chính" in page.content()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert_accessible(page)
