"""The verification code printed on the receipt: short, unguessable, forgiving to type."""

from __future__ import annotations

from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from tthc.ratings import codes
from tthc.ratings.receipts import spaced_code
from tthc.ratings.views import code_matches

CONFUSABLE = set("01OIL")


def test_the_code_is_eight_unambiguous_characters() -> None:
    code = codes.verification_code("DEMO-STP-2020-000123")

    assert len(code) == codes.LENGTH == 8
    assert code.isalnum() and code.isupper()
    assert not CONFUSABLE & set(code)


def test_the_code_is_stable_and_differs_between_dossiers() -> None:
    assert codes.verification_code("HS-1") == codes.verification_code("HS-1")
    assert len({codes.verification_code(f"HS-{n}") for n in range(500)}) == 500


def test_typing_is_forgiving_about_case_spaces_and_dashes() -> None:
    code = codes.verification_code("HS-1")

    for typed in (code, code.lower(), spaced_code(code), f" {code[:4]}-{code[4:]} "):
        assert codes.verify("HS-1", typed)


def test_wrong_codes_and_codes_of_other_dossiers_fail() -> None:
    code = codes.verification_code("HS-1")

    assert not codes.verify("HS-1", "")
    assert not codes.verify("HS-1", code[:7])
    assert not codes.verify("HS-1", code + "A")
    assert not codes.verify("HS-2", code)
    assert not codes.verify("hs-1", code)  # the dossier code is signed exactly as recorded


def test_changing_the_secret_invalidates_printed_codes() -> None:
    code = codes.verification_code("HS-1")

    with override_settings(SECRET_KEY="another-secret-for-this-test-only"):
        assert not codes.verify("HS-1", code)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
def test_any_typed_text_is_checked_without_error(typed: str) -> None:
    # Vietnamese keyboards type Đ, Ă, Ơ …: a refusal, never a server error.
    expected = codes.normalise(typed) == codes.verification_code("HS-1")
    assert code_matches("HS-1", typed) is expected
    with_code = typed + codes.verification_code("HS-1")
    assert code_matches("HS-1", with_code) is (codes.normalise(typed) == "")
