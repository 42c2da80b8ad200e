"""A dossier code typed by a citizen (dossiers.codes): lower case, spaces, dots or dashes
name the same dossier; nothing names a different one."""

from __future__ import annotations

import unicodedata

import pytest
from django.test import Client
from feedback_world import FeedbackWorld
from hypothesis import assume, given
from hypothesis import strategies as st

from tthc.dossiers.codes import SEPARATORS, code_key, dossier_code_lookup
from tthc.dossiers.models import Dossier
from tthc.ratings.codes import verification_code

PARTS = st.lists(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=8),
                 min_size=1, max_size=6)
TYPED_SEPARATOR = st.sampled_from(["", " ", "  ", ".", "-", " - ", "_", "/", "\u2013"])


def spelt(parts: list[str], draw_separator: st.DrawFn, lower: bool) -> str:
    text = "".join(part + draw_separator(TYPED_SEPARATOR) for part in parts)
    return text.lower() if lower else text


@given(parts=PARTS, data=st.data(), lower=st.booleans())
def test_any_spelling_of_a_code_has_the_code_s_key(parts: list[str], data: st.DataObject, lower: bool) -> None:
    stored = "-".join(parts)

    typed = spelt(parts, data.draw, lower)

    assert code_key(typed) == code_key(stored)
    assert code_key(code_key(typed)) == code_key(typed)  # a key is its own key


@given(first=PARTS, second=PARTS)
def test_codes_with_other_letters_or_digits_have_other_keys(first: list[str], second: list[str]) -> None:
    assume("".join(first) != "".join(second))

    assert code_key("-".join(first)) != code_key(".".join(second))


@given(text=st.text(max_size=30))
def test_a_key_drops_only_separators(text: str) -> None:
    key = code_key(text)

    assert not set(key) & set(SEPARATORS)
    # Every letter and digit typed stays, in order: none is ever dropped or reordered.
    typed = unicodedata.normalize("NFKC", text).upper()
    assert [ch for ch in key if ch.isalnum()] == [ch for ch in typed if ch.isalnum()]
    assert [ch for ch in key if ch not in SEPARATORS] == [ch for ch in typed if ch not in SEPARATORS]


DEMO = "DEMO-STP-2020-018233"


@pytest.mark.parametrize("typed", [
    DEMO, "demo stp 2020 018233", "demo.stp.2020.018233", "DEMO STP-2020.018233", "demostp2020018233",
    " Demo-Stp-2020-018233 ", "DEMO–STP–2020–018233",
])
def test_a_typed_variant_finds_the_dossier(world: FeedbackWorld, typed: str) -> None:
    Dossier.objects.filter(pk=world.finished.pk).update(code=DEMO)

    assert dossier_code_lookup(typed) == DEMO


@pytest.mark.parametrize("typed", [
    "demo stp 2020 018234", "DEMO-STP-2020-01823", "DEMO-STP-2020-0182333", "DEMO-STP-2020-018233-1",
    "ĐEMO-STP-2020-018233", "", "   ", "DEMO\x00STP",
])
def test_a_code_with_other_letters_or_digits_finds_nothing(world: FeedbackWorld, typed: str) -> None:
    Dossier.objects.filter(pk=world.finished.pk).update(code=DEMO)

    assert dossier_code_lookup(typed) is None


def test_codes_that_differ_only_in_separators_are_not_guessed_between(world: FeedbackWorld) -> None:
    Dossier.objects.filter(pk=world.finished.pk).update(code="000.00.20.H11-200101-0001")
    Dossier.objects.filter(pk=world.processing.pk).update(code="000-00-20-H11-200101-0001")

    assert dossier_code_lookup("000.00.20.H11-200101-0001") == "000.00.20.H11-200101-0001"  # as stored
    assert dossier_code_lookup("000-00-20-h11-200101-0001") == "000-00-20-H11-200101-0001"
    assert dossier_code_lookup("000 00 20 h11 200101 0001") is None  # either: neither is guessed


@pytest.mark.parametrize("typed", ["demo stp 2020 018233", "demo.stp.2020.018233"])
def test_the_rating_page_opens_for_a_code_typed_with_spaces_or_dots(world: FeedbackWorld, typed: str) -> None:
    Dossier.objects.filter(pk=world.finished.pk).update(code=DEMO)
    code = verification_code(DEMO)

    response = Client(REMOTE_ADDR="203.0.113.8").post("/danh-gia/", {"dossier_code": typed, "code": code.lower()})

    assert response.status_code == 302
    assert response["Location"] == f"/danh-gia/{DEMO}/?m={code}&kenh=online"


def test_a_typed_variant_with_another_dossier_s_code_is_refused(world: FeedbackWorld) -> None:
    Dossier.objects.filter(pk=world.finished.pk).update(code=DEMO)

    response = Client(REMOTE_ADDR="203.0.113.9").post(
        "/danh-gia/", {"dossier_code": "demo stp 2020 018233", "code": verification_code(world.processing.code)})

    assert response.status_code == 403
