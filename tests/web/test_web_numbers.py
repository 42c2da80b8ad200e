"""Numbers as Vietnamese readers expect them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tthc.web.templatetags.so_lieu import diem, so, ty_le


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("14.1"), "14,1"),
    (Decimal("2"), "2,0"),  # a whole number: one decimal, as nd61's points always had
    (Decimal("0.0"), "0,0"),
    (Decimal("87.25"), "87,25"),  # a value keeps the decimals its layout gave it
    (Decimal("1234.5"), "1.234,5"),
    (None, "—"),
])
def test_score_has_comma_decimals(value, expected):
    assert diem(value) == expected


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (Decimal("0.05"), 1, "0,1"),  # half-up, not banker's rounding
    (Decimal("0.25"), 1, "0,3"),
    (Decimal("13.50"), 1, "13,5"),
    (Decimal("2"), 2, "2,00"),
    (Decimal("18"), 0, "18"),
])
def test_score_at_the_indicator_decimals(value, decimals, expected):
    assert diem(value, decimals) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("0.925"), "92,5%"),
    (Decimal("1.000"), "100,0%"),
    (Decimal("0"), "0,0%"),
    (None, "—"),
])
def test_rate_is_a_percentage(value, expected):
    assert ty_le(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (0, "0"), (412, "412"), (1234, "1.234"), (1234567, "1.234.567"), (None, "—"),
])
def test_whole_numbers_group_thousands_with_dots(value, expected):
    assert so(value) == expected
