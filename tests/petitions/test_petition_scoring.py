"""Petitions handled here are what indicator 8 scores: on time, late, dragged on."""

from __future__ import annotations

from datetime import date

import pytest
from petition_world import World, at

from tthc.engine.periods import Period
from tthc.engine.rules import load_rules
from tthc.methods.nd61_tt01.i8_petitions import point as petitions_point
from tthc.methods.nd61_tt01.parameters import params
from tthc.petitions.services import (
    Actor,
    petition_answer,
    petition_classify,
    petition_raise_again,
    petition_submit,
    petitions_mark_prolonged,
)
from tthc.scoring.loaders import load_petitions, load_units

pytestmark = pytest.mark.django_db
ACTOR = Actor("test")
Q1 = Period.parse("2026-Q1")


def _i8() -> int:
    stp = next(u for u in load_units() if u.code == "STP")
    rules = load_rules("nd61-tt01", "dien-bien-1187", as_of=date(2026, 3, 31))
    return petitions_point(stp, load_petitions(), Q1, params(rules)).points


def _answered(received: str, answered: str) -> None:
    petition = petition_submit(unit_code="STP", content="Nội dung", actor=ACTOR, received_at=at(received))
    petition_classify(petition=petition, kind="rules", about_official=None, actor=ACTOR)
    petition_answer(petition=petition, answer="Trả lời", actor=ACTOR, answered_at=at(answered))


def test_answered_on_time_gives_two_points(world: World) -> None:
    _answered("2026-02-12 10:00", "2026-03-12 16:00")  # due 12/03 at 17:00
    assert _i8() == 2


def test_answered_late_loses_points(world: World) -> None:
    _answered("2026-02-12 10:00", "2026-03-13 09:00")
    assert _i8() == 0


def test_raised_again_drags_on_to_zero(world: World) -> None:
    _answered("2026-02-12 10:00", "2026-02-20 09:00")
    assert _i8() == 2
    petition_raise_again(code=load_petitions()[0].code, now=at("2026-03-01 09:00"))
    assert _i8() == 0


def test_marked_dragged_on_by_the_command_scores_zero(world: World) -> None:
    petition_submit(unit_code="STP", content="Nội dung", actor=ACTOR, received_at=at("2026-01-05 10:00"))
    assert _i8() == 0  # due in the period, unanswered
    assert petitions_mark_prolonged(now=at("2026-03-31 09:00")) != []
    [fact] = load_petitions()
    assert fact.prolonged is True and fact.answered_at is None
    assert _i8() == 0
