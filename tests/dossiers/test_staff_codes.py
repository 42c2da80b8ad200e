"""What staff type into the search box, read as the dossier codes it may stand for."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tthc.dossiers.codes import SEPARATORS, code_key, staff_code_candidates, staff_code_normalise


@pytest.mark.parametrize("typed", ["demo stp 2020 018233", "DEMO.STP.2020.018233", " demo-stp_2020  018233 ",
                                   "demo–stp–2020–018233"])
def test_spaces_dots_and_lower_case_stand_for_the_usual_form(typed: str) -> None:
    assert staff_code_normalise(typed) == "DEMO-STP-2020-018233"
    assert "DEMO-STP-2020-018233" in staff_code_candidates(typed)


def test_a_code_with_dots_or_lower_case_of_its_own_is_still_found() -> None:
    assert "H11.07-250701-0001" in staff_code_candidates("h11.07-250701-0001")
    assert "H11.07-250701-0001" in staff_code_candidates("h11.07 250701 0001")
    assert staff_code_candidates("hs-Mixed")[0] == "hs-Mixed"  # as typed, first


@pytest.mark.parametrize("typed", ["", "   ", "x" * 65, "HS\x00LATE"])
def test_text_that_can_be_no_code_has_no_candidates(typed: str) -> None:
    assert staff_code_candidates(typed) == []
    assert staff_code_normalise(typed) == ""


CODE_TEXT = st.text(st.sampled_from("ABCXYZabcxyz0189２" + SEPARATORS), max_size=40)


@given(typed=CODE_TEXT)
def test_the_usual_form_is_read_as_itself_and_names_the_same_code(typed: str) -> None:
    """Both readers agree: the staff's usual form has the citizens' key of what was typed,
    and reading it again changes nothing."""
    usual = staff_code_normalise(typed)
    assert staff_code_normalise(usual) == usual
    if usual:
        assert code_key(usual) == code_key(typed)
