"""The petition workflow's services: due dates from the working calendar, the workflow,
dragged-on marking, re-raising, and the audit trail of each change."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from petition_world import World, appraiser_with_change, at, official_login

from tthc.audit.models import AuditEntry
from tthc.organisation.models import CalendarDay, Official
from tthc.organisation.services import MANUAL_SOURCE
from tthc.petitions.models import Petition, PetitionStatus
from tthc.petitions.selectors import petition_by_tracking_code, petition_public_status, tracking_code_normalise
from tthc.petitions.services import (
    Actor,
    PetitionRefused,
    petition_answer,
    petition_answer_due,
    petition_classify,
    petition_decide,
    petition_raise_again,
    petition_submit,
    petitions_mark_prolonged,
)

pytestmark = pytest.mark.django_db
WEB = Actor("web:test")


def _submit(world: World, **kwargs: object) -> Petition:
    values = {"unit_code": "STP", "content": "Cán bộ hẹn trả kết quả nhiều lần không đúng hẹn.",
              "actor": WEB, "received_at": at("2026-02-12 10:00"), **kwargs}
    return petition_submit(**values)  # type: ignore[arg-type]


def _entries(petition: Petition, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="petition", object_key=petition.code, action=action))


# Due dates -----------------------------------------------------------------------------

def test_due_date_skips_tet_2026() -> None:
    # Thursday 12/02/2026; Tết Bính Ngọ is 16–20/02: the 15th working day after is 12/03
    # (05/03 without the holiday week).
    assert petition_answer_due(received_at=at("2026-02-12 10:00")) == at("2026-03-12 17:00")


def test_due_date_skips_tet_2020() -> None:
    # Monday 20/01/2020; Tết Canh Tý 23–29/01 (Thursday to Wednesday): five days lost.
    assert petition_answer_due(received_at=at("2020-01-20 09:00")) == at("2020-02-17 17:00")


def test_due_date_counts_from_the_next_working_day_after_a_weekend() -> None:
    # Saturday 14/03/2026: counting starts on Monday 16/03.
    assert petition_answer_due(received_at=at("2026-03-14 09:00")) == at("2026-04-03 17:00")
    # Received late on Friday: the same as received during Friday.
    assert petition_answer_due(received_at=at("2026-03-13 22:30")) == at("2026-04-03 17:00")


def test_due_date_follows_the_stored_calendar() -> None:
    assert petition_answer_due(received_at=at("2026-02-12 10:00")) == at("2026-03-12 17:00")
    # An announced extra day off inside the span moves the due date by one working day.
    CalendarDay.objects.create(date=date(2026, 3, 5), kind="day_off", name="Nghỉ bù (thử)", source=MANUAL_SOURCE)
    assert petition_answer_due(received_at=at("2026-02-12 10:00")) == at("2026-03-13 17:00")


def test_due_date_limit_can_be_given() -> None:
    # The rule data's limit (tests/petitions/test_petition_deadlines.py) unless given.
    assert petition_answer_due(received_at=at("2026-02-12 10:00"), working_days=5) == at("2026-02-26 17:00")


# Submission ----------------------------------------------------------------------------

def test_submit_gives_an_unguessable_tracking_code_and_the_due_date(world: World) -> None:
    first, second = _submit(world), _submit(world)
    assert re.fullmatch(r"PAKN-2026-[A-HJKMNP-Z2-9]{8}", first.code)
    assert first.code != second.code
    assert first.answer_due_at == at("2026-03-12 17:00")
    assert (first.status, first.prolonged, first.times_raised) == (PetitionStatus.RECEIVED, False, 1)
    assert petition_by_tracking_code(first.code.lower().replace("-", " ")) == first


def test_submit_is_audited_without_the_citizens_words(world: World) -> None:
    petition = _submit(world)
    [entry] = _entries(petition, "petition_submit")
    assert entry.actor == "web:test" and entry.before is None
    assert entry.after["unit"] == "STP" and entry.after["status"] == "received"
    assert "content" not in entry.after


@pytest.mark.parametrize("code", ["OLD", "DB", "NOPE", ""])
def test_submit_refuses_units_that_cannot_be_petitioned(world: World, code: str) -> None:
    with pytest.raises(PetitionRefused) as refused:
        _submit(world, unit_code=code)
    assert (refused.value.code, refused.value.field) == ("unknown_unit", "unit")
    assert not Petition.objects.exists()


def test_submit_accepts_districts_and_communes(world: World) -> None:
    assert _submit(world, unit_code="HDB").unit == world.hdb
    assert _submit(world, unit_code="XTL").unit == world.commune


def test_submit_links_a_dossier_of_the_unit_only(world: World) -> None:
    assert _submit(world, dossier_code="HS-STP-1").dossier == world.dossier
    with pytest.raises(PetitionRefused) as refused:
        _submit(world, dossier_code="HS-HDB-1")
    assert (refused.value.code, refused.value.field) == ("dossier_of_another_unit", "dossier")
    with pytest.raises(PetitionRefused) as refused:
        _submit(world, dossier_code="HS-KHONG-CO")
    assert refused.value.code == "unknown_dossier"


def test_submit_names_an_official_by_code_or_full_name(world: World) -> None:
    assert _submit(world, official="cb1").about_official == world.cb1
    # Vietnamese case folding happens in Python: SQLite's lower() would miss "LÒ".
    assert _submit(world, official="  LÒ THỊ   hoa ").about_official == world.cb1
    unmatched = _submit(world, official="Anh bảo vệ")
    assert unmatched.about_official is None
    assert unmatched.content.startswith("Cán bộ được nêu: Anh bảo vệ\n\n")
    # An official of another unit is not attached to this unit's petition.
    assert _submit(world, official="CB2").about_official is None


def test_submit_normalises_and_refuses_control_characters(world: World) -> None:
    decomposed = "Ho\u0302\u0300 so\u031b"  # "Hồ sơ" typed with combining marks
    assert _submit(world, content=decomposed).content == "Hồ sơ"
    for content in ("a\x00b", "", "   "):
        with pytest.raises(PetitionRefused) as refused:
            _submit(world, content=content)
        assert refused.value.field == "content"


# Classification, answer, appraisal -----------------------------------------------------

def test_classify_then_answer_is_audited_with_the_user(world: World) -> None:
    user = official_login(world.cb1, "hoa")
    actor = Actor("web:hoa", user)
    petition = _submit(world)
    with pytest.raises(PetitionRefused) as refused:
        petition_answer(petition=petition, answer="Đã xử lý.", actor=actor)
    assert refused.value.code == "not_classified"

    # About a colleague: a petition about herself she may not handle (tests/security/test_conflicts.py).
    colleague = Official.objects.create(code="CB3", full_name="Điêu Văn Tâm", unit=world.stp)
    petition = petition_classify(petition=petition, kind="conduct", about_official=colleague, actor=actor)
    assert (petition.kind, petition.status) == ("conduct", PetitionStatus.CLASSIFIED)
    [classified] = _entries(petition, "petition_classify")
    assert classified.user == user
    assert classified.before == {"kind": None, "about_official": None, "status": "received"}
    assert classified.after == {"kind": "conduct", "about_official": "CB3", "status": "classified"}

    petition = petition_answer(petition=petition, answer="Đã nhắc nhở cán bộ.", actor=actor,
                               answered_at=at("2026-03-02 15:00"))
    assert (petition.status, petition.answered_at) == (PetitionStatus.ANSWERED, at("2026-03-02 15:00"))
    [answered] = _entries(petition, "petition_answer")
    assert answered.after["status"] == "answered" and answered.user == user
    with pytest.raises(PetitionRefused) as refused:
        petition_answer(petition=petition, answer="Lần hai.", actor=actor)
    assert refused.value.code == "already_answered"


def test_classify_refuses_an_official_of_another_unit(world: World) -> None:
    petition = _submit(world)
    with pytest.raises(PetitionRefused) as refused:
        petition_classify(petition=petition, kind="conduct", about_official=world.cb2, actor=WEB)
    assert refused.value.code == "official_of_another_unit"


def test_upheld_finding_is_audited_and_unchanged_findings_are_not(world: World) -> None:
    appraiser = appraiser_with_change()
    actor = Actor("web:thamdinh", appraiser)
    petition = petition_classify(petition=_submit(world), kind="conduct", about_official=world.cb1, actor=WEB)
    petition = petition_decide(petition=petition, upheld=True, actor=actor, reason="Có căn cứ.")
    assert Petition.objects.get(pk=petition.pk).upheld is True
    petition_decide(petition=petition, upheld=True, actor=actor)
    [entry] = _entries(petition, "petition_decide")
    assert (entry.before, entry.after, entry.reason, entry.user) == (
        {"upheld": None}, {"upheld": True}, "Có căn cứ.", appraiser)
    petition_decide(petition=petition, upheld=False, actor=actor)
    assert [e.after for e in _entries(petition, "petition_decide")] == [{"upheld": False}, {"upheld": True}]


def test_an_unclassified_petition_cannot_be_concluded(world: World) -> None:
    with pytest.raises(PetitionRefused) as refused:
        petition_decide(petition=_submit(world), upheld=True, actor=WEB)
    assert refused.value.code == "not_classified"


# Raised again, dragged on --------------------------------------------------------------

def test_raise_again_before_the_due_date_is_refused(world: World) -> None:
    petition = _submit(world)
    with pytest.raises(PetitionRefused) as refused:
        petition_raise_again(code=petition.code, now=at("2026-03-12 16:59"))
    assert refused.value.code == "not_due_yet"
    assert Petition.objects.get(pk=petition.pk).times_raised == 1


def test_raise_again_after_the_due_date_marks_it_dragged_on(world: World) -> None:
    petition = _submit(world)
    raised = petition_raise_again(code=tracking_code_normalise(petition.code.lower()), note="Vẫn chưa có trả lời.",
                                  now=at("2026-03-13 09:00"))
    assert (raised.times_raised, raised.prolonged) == (2, True)
    assert "Phản ánh lại lần 2, ngày 13/03/2026:\nVẫn chưa có trả lời." in raised.content
    [entry] = _entries(petition, "petition_raise_again")
    assert entry.actor == "citizen"
    assert entry.before["times_raised"] == 1 and entry.after["prolonged"] is True
    assert isinstance(entry.after["content"], int)  # a length, never the citizen's words
    assert petition_public_status(raised).prolonged is True


def test_raise_again_after_an_answer_reopens_it_and_keeps_the_first_answer_date(world: World) -> None:
    petition = petition_classify(petition=_submit(world), kind="rules", about_official=None, actor=WEB)
    petition_answer(petition=petition, answer="Theo quy định hiện hành.", actor=WEB, answered_at=at("2026-02-20 09:00"))
    raised = petition_raise_again(code=petition.code, now=at("2026-02-25 09:00"))
    assert (raised.status, raised.prolonged, raised.answered_at) == (
        PetitionStatus.CLASSIFIED, True, at("2026-02-20 09:00"))
    status = petition_public_status(raised)
    assert status.answer == "Theo quy định hiện hành." and status.status == "classified"
    again = petition_answer(petition=raised, answer="Trả lời bổ sung.", actor=WEB, answered_at=at("2026-02-27 09:00"))
    assert again.answered_at == at("2026-02-20 09:00")
    assert again.answer.endswith("— Trả lời lần sau, ngày 27/02/2026:\nTrả lời bổ sung.")


def test_raise_again_with_an_unknown_code(world: World) -> None:
    with pytest.raises(PetitionRefused) as refused:
        petition_raise_again(code="PAKN-2026-AAAAAAAA")
    assert refused.value.code == "not_found"


def test_mark_prolonged_takes_only_those_unanswered_well_past_due(world: World) -> None:
    due = at("2026-03-12 17:00")
    overdue = _submit(world)
    nearly = _submit(world, received_at=at("2026-02-13 10:00"))  # due 13/03
    answered_late = petition_classify(petition=_submit(world), kind="rules", about_official=None, actor=WEB)
    petition_answer(petition=answered_late, answer="Muộn.", actor=WEB, answered_at=at("2026-04-20 09:00"))
    now = due + timedelta(days=30, hours=1)

    assert petitions_mark_prolonged(now=now) == [overdue.code]
    assert Petition.objects.get(pk=overdue.pk).prolonged is True
    assert Petition.objects.get(pk=nearly.pk).prolonged is False
    assert Petition.objects.get(pk=answered_late.pk).prolonged is False
    [entry] = _entries(overdue, "petition_mark_prolonged")
    assert (entry.before, entry.after) == ({"prolonged": False}, {"prolonged": True})
    # Run again: nothing more to mark, nothing more audited.
    assert petitions_mark_prolonged(now=now) == []
    assert len(_entries(overdue, "petition_mark_prolonged")) == 1


def test_mark_prolonged_limit_can_be_given(world: World) -> None:
    petition = _submit(world)
    now = at("2026-03-12 17:00") + timedelta(days=8)
    assert petitions_mark_prolonged(now=now) == []
    assert petitions_mark_prolonged(now=now, after_days=7) == [petition.code]
    [entry] = _entries(petition, "petition_mark_prolonged")
    assert entry.reason == "Chưa trả lời sau hạn quá 7 ngày / unanswered 7 days past due"


def test_mark_prolonged_command(world: World, capsys) -> None:  # type: ignore[no-untyped-def]
    petition = _submit(world)
    call_command("petitions_mark_prolonged", "--as-of", "2026-04-10")
    assert Petition.objects.get(pk=petition.pk).prolonged is False  # 29 days past due
    call_command("petitions_mark_prolonged", "--as-of", "2026-04-11")
    out, err = capsys.readouterr()
    assert out.strip() == petition.code
    assert "Đã đánh dấu kéo dài 1 phản ánh" in err
    assert Petition.objects.get(pk=petition.pk).prolonged is True
    assert _entries(petition, "petition_mark_prolonged")[0].actor == "cli:petitions_mark_prolonged"
