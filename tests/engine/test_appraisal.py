"""The appraisal's arithmetic: golden cases (tests/golden/appraisal.yaml) and invariants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tthc.engine.appraisal import (
    AppraisalError,
    appraised_class,
    appraised_indicators,
    appraised_points,
    competition_ranks,
    indicator_total,
)
from tthc.engine.rules import Indicator, load_methodology, load_rules

GOLDEN = yaml.safe_load((Path(__file__).resolve().parent.parent / "golden" / "appraisal.yaml")
                        .read_text(encoding="utf-8"))
BANDS = load_rules("nd61-tt01", "dien-bien-1187", date(2020, 3, 31)).agency_bands
# The points cases are typed for an nd61-tt01 indicator (0–2, one decimal) unless they
# name another scale.
ND61_INDICATOR = load_methodology("nd61-tt01").indicators["6"]


def _spec(case: dict[str, Any]) -> Indicator:
    scale = case.get("scale")
    if scale is None:
        return ND61_INDICATOR
    return Indicator(code="X", short="X", name_vi="X", name_en="X", per="dossier", group=None,
                     max_points=Decimal(str(scale["max"])), decimals=int(scale["decimals"]))


def _points(mapping: dict[int, Any]) -> dict[str, Decimal | None]:
    return {str(k): None if v is None else Decimal(str(v)) for k, v in mapping.items()}


@pytest.mark.parametrize("case", GOLDEN["totals"], ids=[c["name"] for c in GOLDEN["totals"]])
def test_appraised_total_and_class(case: dict[str, Any]) -> None:
    final = appraised_indicators(_points(case["self"]), _points(case["appraised"]))
    total = indicator_total(final)
    assert total == Decimal(str(case["expect"]["total"]))
    band = appraised_class(BANDS, total)
    assert band is not None and band.code == case["expect"]["class"]


@pytest.mark.parametrize("case", GOLDEN["points"], ids=[c["typed"] for c in GOLDEN["points"]])
def test_typed_points(case: dict[str, Any]) -> None:
    if "refused" in case:
        with pytest.raises(AppraisalError, match=case["refused"]):
            appraised_points(case["typed"], _spec(case))
    else:
        assert appraised_points(case["typed"], _spec(case)) == Decimal(str(case["expect"]))


tenths = st.integers(min_value=0, max_value=20).map(lambda n: Decimal(n) / 10)


@given(st.dictionaries(st.sampled_from([str(n) for n in range(1, 10)]), tenths | st.none(),
                       min_size=9, max_size=9),
       st.dictionaries(st.sampled_from([str(n) for n in range(1, 10)]), tenths, max_size=9))
def test_appraisal_changes_only_the_appraised_indicators(self_points: dict, changes: dict) -> None:
    final = appraised_indicators(self_points, changes)
    for number, value in final.items():
        assert value == changes.get(number, self_points[number])
    # The total moves by exactly the sum of the changes on applicable indicators.
    moved = sum((changes[n] - (self_points[n] or 0) for n in changes), Decimal(0))
    assert indicator_total(final) == indicator_total(self_points) + moved


@given(st.dictionaries(st.text(min_size=1, max_size=4), tenths | st.none(), max_size=30))
def test_competition_ranks(totals: dict[str, Decimal | None]) -> None:
    ranks = competition_ranks(totals)
    assert set(ranks) == {code for code, total in totals.items() if total is not None}
    for code, rank in ranks.items():
        # A subject's rank is one more than the number of subjects strictly ahead of it.
        ahead = sum(1 for other in ranks if totals[other] > totals[code])  # type: ignore[operator]
        assert rank == ahead + 1


def test_numbers_read_the_vietnamese_way_in_messages():
    """One formatter for the engine's messages and the `diem` filter: 0,8, 1.234,5."""
    from tthc.engine.numbers import fmt_decimal
    from tthc.web.templatetags.so_lieu import diem

    assert fmt_decimal(Decimal("0.8")) == "0,8"
    assert fmt_decimal(Decimal("1234.50")) == "1.234,50"
    assert fmt_decimal(Decimal("-1.25"), 1) == "-1,3"
    assert fmt_decimal(2) == "2"
    for value in (Decimal("0.8"), Decimal("1234.5"), Decimal("14.25")):
        assert diem(value) == fmt_decimal(value)


def test_a_class_band_says_its_bounds_in_vietnamese():
    from tthc.engine.rules import Band

    band = Band("good", "Tốt", "Good", Decimal("12.5"), True, Decimal("15"), True)
    assert band.describe() == "Tốt: ≥ 12,5 và ≤ 15"
