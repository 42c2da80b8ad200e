"""Issue 10, finding 3: conflicts of interest.

Reproduced before the fix: a desk official classified and answered a petition about
herself (and could reclassify it as "not about an official"), and typed in the paper
ratings of the dossiers she had received; a wrongly keyed paper rating could not be
corrected. Now nobody handles a petition about themselves, nobody keys the paper form
of a dossier they received, and a paper form is corrected by another authorised
person, with a reason, audited — never a rating the citizen gave on another channel.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.test import Client

from tthc.audit.models import AuditEntry
from tthc.catalogue.models import Procedure
from tthc.counter.services import CounterRefused, paper_rating_correct
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official, Unit
from tthc.petitions.models import Petition
from tthc.petitions.selectors import can_handle
from tthc.petitions.services import Actor, PetitionRefused, petition_answer, petition_classify
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PAPER = "/quay/phieu-giay/"
CORRECT = "/quay/phieu-giay/sua/"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HCM)


def login(user: AbstractBaseUser, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """One desk (STP) with three officials who log in, and a dossier each of two received."""
    users = get_user_model().objects
    stp = Unit.objects.create(code="STP", name="Sở Tư pháp", kind="province_agency")
    people = {}
    for code, name, login_name in (("CB1", "Lò Thị Hoa", "hoa"), ("CB2", "Nguyễn Văn Nam", "nam"),
                                   ("CB3", "Điêu Văn Tâm", "tam")):
        people[login_name] = Official.objects.create(code=code, full_name=name, unit=stp,
                                                     user=users.create_user(login_name))
    procedure = Procedure.objects.create(code="1.000001", name="Cấp phiếu lý lịch tư pháp", time_limit=5)
    dossiers = {
        who: Dossier.objects.create(code=f"HS-{who.upper()}-1", procedure=procedure, unit=stp, desk=stp,
                                    received_by=people[who], channel="direct",
                                    received_at=at("2026-02-02 08:00"), status="returned")
        for who in ("hoa", "nam")
    }
    petition = Petition.objects.create(code="PAKN-2026-ABCDEFGH", unit=stp, about_official=people["hoa"],
                                       content="Cán bộ Hoa yêu cầu nộp thêm giấy tờ.",
                                       received_at=at("2026-02-03 09:00"), answer_due_at=at("2026-02-24 17:00"))
    return {"stp": stp, "people": people, "dossiers": dossiers, "petition": petition}


def user_of(world: dict[str, Any], name: str) -> AbstractBaseUser:
    return world["people"][name].user


# Petitions ----------------------------------------------------------------------------

def test_an_official_only_reads_a_petition_about_herself_with_the_reason(world: dict[str, Any]) -> None:
    petition, hoa = world["petition"], user_of(world, "hoa")
    client = login(hoa)
    detail = f"/phan-anh/xu-ly/{petition.pk}/"
    page = client.get(detail)
    text = page.content.decode()
    assert page.status_code == 200 and "Cán bộ Hoa yêu cầu nộp thêm giấy tờ." in text
    assert "tránh xung đột lợi ích" in text and 'value="classify"' not in text and 'value="answer"' not in text
    assert "Về ông/bà — chỉ xem" in client.get("/phan-anh/xu-ly/").content.decode()
    # Not even to call it "about the rules, no official": the first step of the cover-up.
    refused = client.post(detail, {"action": "classify", "kind": "rules", "about_official": ""})
    assert refused.status_code == 403 and "tránh xung đột lợi ích" in refused.content.decode()
    assert client.post(detail, {"action": "answer", "answer": "Không có việc đó."}).status_code == 403
    petition.refresh_from_db()
    assert (petition.kind, petition.about_official, petition.answer, petition.status) == (
        None, world["people"]["hoa"], "", "received")
    assert not AuditEntry.objects.filter(object_key=petition.code).exists()


def test_the_services_refuse_whoever_calls_them(world: dict[str, Any]) -> None:
    petition, hoa = world["petition"], user_of(world, "hoa")
    actor = Actor("web:hoa", hoa)
    with pytest.raises(PetitionRefused) as refusal:
        petition_classify(petition=petition, kind="rules", about_official=None, actor=actor)
    assert refusal.value.code == "conflict_of_interest"
    Petition.objects.filter(pk=petition.pk).update(kind="conduct", status="classified")
    with pytest.raises(PetitionRefused) as refusal:
        petition_answer(petition=petition, answer="Không có việc đó.", actor=actor)
    assert refusal.value.code == "conflict_of_interest" and "xung đột lợi ích" in refusal.value.message_vi
    # An administrator's account linked to the official concerned is no exception.
    hoa.is_superuser = True
    hoa.save(update_fields=["is_superuser"])
    assert not can_handle(hoa, petition)


def test_a_colleague_handles_it(world: dict[str, Any]) -> None:
    petition, nam = world["petition"], user_of(world, "nam")
    client = login(nam)
    detail = f"/phan-anh/xu-ly/{petition.pk}/"
    assert "tránh xung đột lợi ích" not in client.get(detail).content.decode()
    assert client.post(detail, {"action": "classify", "kind": "conduct",
                                "about_official": str(world["people"]["hoa"].pk)}).status_code == 302
    assert client.post(detail, {"action": "answer", "answer": "Đã nhắc nhở cán bộ."}).status_code == 302
    petition.refresh_from_db()
    assert (petition.status, petition.answer) == ("answered", "Đã nhắc nhở cán bộ.")


# Paper forms --------------------------------------------------------------------------

def enter(client: Client, code: str, key: str = "1") -> Any:
    return client.post(PAPER, {"batch": "L1", "dossier_code": code, "satisfaction": key, "agencies_contacted": "",
                               "disclosure_seen": "", "comment": ""}, follow=True)


def test_nobody_keys_the_paper_form_of_a_dossier_they_received(world: dict[str, Any]) -> None:
    hoa = login(user_of(world, "hoa"))
    text = enter(hoa, "HS-HOA-1").content.decode()
    assert "Ông/bà là người tiếp nhận hồ sơ “HS-HOA-1”" in text and "xung đột lợi ích" in text
    assert not Rating.objects.exists()
    enter(hoa, "HS-NAM-1")  # a colleague's dossier
    rating = Rating.objects.get()
    assert (rating.dossier.code, rating.channel, rating.entered_by_user) == ("HS-NAM-1", "paper", user_of(world, "hoa"))


def test_paper_entry_takes_its_own_permission(world: dict[str, Any]) -> None:
    clerk = get_user_model().objects.create_user("vanthu", is_staff=True)
    assert login(clerk).get(PAPER).status_code == 403  # staff alone is not enough
    assert enter(login(clerk), "HS-HOA-1").status_code == 403 and not Rating.objects.exists()
    clerk.user_permissions.add(Permission.objects.get(codename="enter_paper_rating"))
    clerk = get_user_model().objects.get(pk=clerk.pk)  # permissions are cached per user object
    enter(login(clerk), "HS-HOA-1")
    assert Rating.objects.get().entered_by == "vanthu"


def _keyed_wrongly(world: dict[str, Any]) -> Rating:
    """Nam keyed Hoa's dossier's form: the citizen ticked 1 (very satisfied), Nam typed 5."""
    enter(login(user_of(world, "nam")), "HS-HOA-1", "5")
    return Rating.objects.get(dossier__code="HS-HOA-1")


def correct(client: Client, code: str, key: str = "1", reason: str = "Gõ nhầm phím 5 thay vì 1.") -> Any:
    return client.post(CORRECT, {"action": "save", "dossier_code": code, "satisfaction": key,
                                 "agencies_contacted": "", "disclosure_seen": "", "reason": reason})


def test_another_authorised_person_corrects_a_wrongly_keyed_form_audited(world: dict[str, Any]) -> None:
    rating = _keyed_wrongly(world)
    tam = login(user_of(world, "tam"))
    assert 'href="/quay/phieu-giay/sua/"' in tam.get(PAPER).content.decode()
    found = tam.post(CORRECT, {"action": "find", "dossier_code": "hs-hoa-1"}).content.decode()
    assert "Nguyễn Văn Nam (nam)" in found and "Rất không hài lòng" in found and 'value="5"' in found
    response = correct(tam, "HS-HOA-1")
    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.satisfaction, rating.channel, rating.entered_by) == ("very_satisfied", "paper",
                                                                        "Nguyễn Văn Nam (nam)")
    entry = AuditEntry.objects.get(action="paper_rating_correct")
    assert (entry.object_type, entry.object_key, entry.user) == ("rating", "HS-HOA-1", user_of(world, "tam"))
    assert entry.before["satisfaction"] == "very_dissatisfied" and entry.after["satisfaction"] == "very_satisfied"
    assert entry.reason == "Gõ nhầm phím 5 thay vì 1."


def test_the_one_who_keyed_it_and_the_receiver_may_not_correct_it(world: dict[str, Any]) -> None:
    rating = _keyed_wrongly(world)
    for name, message in (("nam", "Ông/bà đã nhập phiếu của hồ sơ “HS-HOA-1”"),
                          ("hoa", "Ông/bà là người tiếp nhận hồ sơ “HS-HOA-1”")):
        response = correct(login(user_of(world, name)), "HS-HOA-1")
        assert response.status_code == 400 and message in response.content.decode()
    # No reason, no correction.
    response = correct(login(user_of(world, "tam")), "HS-HOA-1", reason="")
    assert response.status_code == 400 and "Xin ghi lý do sửa phiếu." in response.content.decode()
    rating.refresh_from_db()
    assert rating.satisfaction == "very_dissatisfied"
    assert not AuditEntry.objects.filter(action="paper_rating_correct").exists()


def test_a_citizens_own_rating_is_never_corrected(world: dict[str, Any]) -> None:
    Rating.objects.create(dossier=world["dossiers"]["hoa"], channel="kiosk", satisfaction="very_dissatisfied")
    response = correct(login(user_of(world, "tam")), "HS-HOA-1")
    assert response.status_code == 400 and "đánh giá của công dân không ai được sửa" in response.content.decode()
    with pytest.raises(CounterRefused) as refusal:
        paper_rating_correct(user=user_of(world, "tam"), official=None, dossier_code="HS-HOA-1",
                             satisfaction="very_satisfied", agencies_contacted=None, disclosure_seen=None,
                             reason="Sửa cho đẹp.")
    assert refusal.value.code == "not_paper"
    assert Rating.objects.get().satisfaction == "very_dissatisfied"
    assert not AuditEntry.objects.filter(action="paper_rating_correct").exists()


def test_the_correction_form_needs_the_csrf_token(world: dict[str, Any]) -> None:
    rating = _keyed_wrongly(world)
    response = correct(login(user_of(world, "tam"), csrf=True), "HS-HOA-1")
    assert response.status_code == 403
    rating.refresh_from_db()
    assert rating.satisfaction == "very_dissatisfied"


# The admin gets around none of it --------------------------------------------------------

RATING_ADD = "/admin/ratings/rating/add/"


def staff_with(user: AbstractBaseUser, *codenames: str) -> Client:
    """`user` as staff holding Django's model permissions `codenames`, logged in."""
    user.is_staff = True  # type: ignore[attr-defined]
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))  # type: ignore[attr-defined]
    return login(get_user_model().objects.get(pk=user.pk))  # permissions are cached per user object


def test_the_ratings_admin_neither_adds_nor_changes_a_rating(world: dict[str, Any], personas: Any) -> None:
    # Reproduced before the fix: staff with Django's add permission created, in the
    # admin, a paper rating for a dossier they had received, with any time and any
    # entered_by; the device and conflict rules live in the services the admin skipped.
    hoa = staff_with(user_of(world, "hoa"), "add_rating", "change_rating", "view_rating")
    own = world["dossiers"]["hoa"]
    form = {"dossier": str(own.pk), "channel": "paper", "satisfaction": "very_satisfied",
            "submitted_at_0": "2000-01-01", "submitted_at_1": "08:00:00", "entered_by": "Trưởng phòng",
            "comment": "", "batch": "", "agencies_contacted": "", "disclosure_seen": ""}
    for client in (hoa, personas.client("admin")):
        assert client.get(RATING_ADD).status_code == 403
        assert client.post(RATING_ADD, form).status_code == 403
    assert not Rating.objects.exists()
    # An existing rating is shown, not changed: corrections are paper_rating_correct's.
    rating = Rating.objects.create(dossier=world["dossiers"]["nam"], channel="kiosk",
                                   satisfaction="very_dissatisfied")
    change = f"/admin/ratings/rating/{rating.pk}/change/"
    for client in (hoa, personas.client("admin")):
        page = client.get(change)
        assert page.status_code == 200 and 'name="satisfaction"' not in page.content.decode()
        assert client.post(change, {**form, "dossier": str(rating.dossier_id)}).status_code == 403
    rating.refresh_from_db()
    assert (rating.satisfaction, rating.channel, rating.entered_by) == ("very_dissatisfied", "kiosk", "")
    assert not AuditEntry.objects.filter(object_type="rating").exists()


def test_the_petitions_admin_does_not_let_the_official_concerned_rewrite_it(
        world: dict[str, Any], personas: Any) -> None:
    # Reproduced before the fix: the official a petition names, as staff with the change
    # permission, cleared about_official, set the kind to "rules", wrote the answer and
    # marked it not upheld in the admin — the petition pages refuse all of it.
    petition = world["petition"]
    hoa = staff_with(user_of(world, "hoa"), "view_petition", "change_petition", "delete_petition")
    change = f"/admin/petitions/petition/{petition.pk}/change/"
    form = {"code": petition.code, "unit": str(world["stp"].pk), "kind": "rules", "about_official": "",
            "received_at_0": "2026-02-03", "received_at_1": "09:00:00", "answer_due_at_0": "2026-02-24",
            "answer_due_at_1": "17:00:00", "content": petition.content, "answer": "Không có việc đó.",
            "status": "answered", "upheld": "false", "prolonged": "false", "times_raised": "1"}
    for client in (hoa, personas.client("admin")):  # read-only for everybody, workflow fields first
        page = client.get(change)
        assert page.status_code == 200 and 'name="answer"' not in page.content.decode()
        assert client.post(change, form).status_code == 403
        assert client.post("/admin/petitions/petition/add/", form).status_code == 403
    # Nor may she delete it, alone or in a bulk action.
    assert hoa.post(f"/admin/petitions/petition/{petition.pk}/delete/", {"post": "yes"}).status_code == 403
    assert hoa.post("/admin/petitions/petition/", {"action": "delete_selected", "post": "yes",
                                                    "_selected_action": [str(petition.pk)]}).status_code == 403
    petition.refresh_from_db()
    assert (petition.kind, petition.about_official, petition.answer, petition.status, petition.upheld) == (
        None, world["people"]["hoa"], "", "received", None)
    assert not AuditEntry.objects.filter(object_key=petition.code).exists()


def test_an_administrator_not_named_may_delete_a_duplicate_audited(world: dict[str, Any], personas: Any) -> None:
    petition = world["petition"]
    response = personas.client("admin").post(f"/admin/petitions/petition/{petition.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Petition.objects.exists()
    entry = AuditEntry.objects.get(action="admin_delete")
    assert (entry.object_type, entry.object_key, entry.before["answer"]) == ("petition", petition.code, "")
