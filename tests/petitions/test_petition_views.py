"""The petition pages: the citizen's form and tracking page, the agency's desk, who may
do what there, CSRF, rate limits and what reaches the logs."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from personas import Personas
from petition_world import World, appraiser_with_change, at, official_login

from tthc.audit.models import AuditEntry
from tthc.organisation.models import Official
from tthc.petitions.models import Petition, PetitionStatus
from tthc.petitions.services import Actor, petition_classify, petition_submit

pytestmark = pytest.mark.django_db
SUBMIT = reverse("petitions:submit")
TRACK = reverse("petitions:track")
RAISE = reverse("petitions:raise_again")
DESK = reverse("petitions:desk")
CONTENT = "Nộp hồ sơ ba lần vẫn bị trả lại, không được hướng dẫn rõ."


def _petition(world: World, **kwargs: object) -> Petition:
    values = {"unit_code": "STP", "content": CONTENT, "actor": Actor("test"), **kwargs}
    return petition_submit(**values)  # type: ignore[arg-type]


def _detail(petition: Petition) -> str:
    return reverse("petitions:desk_petition", kwargs={"pk": petition.pk})


# The citizen's side --------------------------------------------------------------------

def test_form_lists_only_units_valid_today_grouped_by_level(world: World) -> None:
    page = Client().get(SUBMIT).content.decode()
    assert '<optgroup label="Sở, ban, ngành">' in page and '<optgroup label="UBND cấp xã">' in page
    for present in ('value="STP"', 'value="HDB"', 'value="XTL"'):
        assert present in page
    for absent in ('value="OLD"', 'value="DB"'):
        assert absent not in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_submit_redirects_to_the_code_kept_out_of_the_url(world: World) -> None:
    client = Client()
    response = client.post(SUBMIT, {"unit": "STP", "dossier": "HS-STP-1", "official": "Lò Thị Hoa",
                                    "content": CONTENT})
    assert response.status_code == 302 and response.url == reverse("petitions:submitted")
    petition = Petition.objects.get()
    assert petition.code not in response.url
    assert (petition.dossier, petition.about_official) == (world.dossier, world.cb1)
    page = client.get(response.url).content.decode()
    assert f'<p class="tracking-code" id="tracking-code">{petition.code}</p>' in page
    assert f"17:00 ngày {timezone.localtime(petition.answer_due_at):%d/%m/%Y}" in page


def test_submitted_page_without_a_submission_goes_back_to_the_form(world: World) -> None:
    response = Client().get(reverse("petitions:submitted"))
    assert response.status_code == 302 and response.url == SUBMIT


def test_invalid_submission_shows_errors_tied_to_the_fields(world: World) -> None:
    response = Client().post(SUBMIT, {"unit": "STP", "dossier": "HS-HDB-1", "content": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Xin kiểm tra lại thông tin." in page and 'role="alert"' in page
    assert 'id="id_content_error"' in page and 'aria-invalid="true"' in page
    assert not Petition.objects.exists()
    response = Client().post(SUBMIT, {"unit": "STP", "dossier": "HS-HDB-1", "content": CONTENT})
    assert "Hồ sơ này không do cơ quan đã chọn tiếp nhận hoặc giải quyết." in response.content.decode()
    assert 'aria-describedby="id_dossier_error id_dossier_help"' in response.content.decode()


def test_forms_require_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(SUBMIT, {"unit": "STP", "content": CONTENT}).status_code == 403
    assert client.post(TRACK, {"code": "PAKN-2026-AAAAAAAA"}).status_code == 403
    assert not Petition.objects.exists()


def test_tracking_shows_the_status_and_answer_and_nothing_else(world: World) -> None:
    petition = _petition(world, dossier_code="HS-STP-1", official="CB1")
    petition_classify(petition=petition, kind="conduct", about_official=world.cb1, actor=Actor("test"))
    client = Client()
    page = client.post(TRACK, {"code": petition.code.lower().replace("-", " ")}).content.decode()
    assert "Đang xử lý" in page and "Being handled" not in page  # no English after the Vietnamese
    for private in (CONTENT, "HS-STP-1", "Lò Thị Hoa", "Sở Tư pháp"):
        assert private not in page
    Petition.objects.filter(pk=petition.pk).update(status=PetitionStatus.ANSWERED, answer="Đã chấn chỉnh.",
                                                   answered_at=at("2026-03-02 09:00"))
    page = client.post(TRACK, {"code": petition.code}).content.decode()
    assert "Đã trả lời" in page and "<p>Đã chấn chỉnh.</p>" in page and "02/03/2026" in page
    assert 'action="/phan-anh/tra-cuu/phan-anh-lai/"' in page  # answered: it may be raised again


def test_tracking_an_unknown_or_imported_code(world: World) -> None:
    Petition.objects.create(code="DEMO-PAKN-2020-0001", unit=world.stp, received_at=at("2020-03-02 09:00"))
    for code in ("PAKN-2026-AAAAAAAA", "DEMO-PAKN-2020-0001", "x"):
        response = Client().post(TRACK, {"code": code})
        assert response.status_code == 404
        assert "Không tìm thấy phản ánh có mã theo dõi này." in response.content.decode()


def test_raise_again_from_the_tracking_page(world: World) -> None:
    petition = _petition(world)
    client = Client()
    page = client.post(TRACK, {"code": petition.code}).content.decode()
    assert "phan-anh-lai" not in page  # still within its time to answer
    response = client.post(RAISE, {"code": petition.code, "note": "Thêm"})
    assert response.status_code == 409
    assert "đang trong thời hạn trả lời" in response.content.decode()
    Petition.objects.filter(pk=petition.pk).update(answer_due_at=at("2026-01-05 17:00"))
    response = client.post(RAISE, {"code": petition.code, "note": "Vẫn chưa được trả lời."})
    page = response.content.decode()
    assert response.status_code == 200 and "Đã ghi nhận phản ánh lại." in page
    assert "Kéo dài" in page and "Số lần phản ánh" in page
    assert Petition.objects.get(pk=petition.pk).times_raised == 2


# Rate limits ---------------------------------------------------------------------------

def test_submissions_are_rate_limited_per_address(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TTHC_PETITION_RATES = {"submit": "2/m"}
    client = Client()
    for _ in range(2):
        assert client.post(SUBMIT, {"unit": "STP", "content": CONTENT}).status_code == 302
    refused = client.post(SUBMIT, {"unit": "STP", "content": CONTENT})
    assert refused.status_code == 429 and "Quá nhiều yêu cầu" in refused.content.decode()
    assert Petition.objects.count() == 2
    assert Client(REMOTE_ADDR="10.0.0.9").post(SUBMIT, {"unit": "STP", "content": CONTENT}).status_code == 302
    assert Client().get(SUBMIT).status_code == 200  # reading the form is not counted


def test_tracking_lookups_are_rate_limited(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TTHC_PETITION_RATES = {"track": "3/m"}
    client = Client()
    statuses = [client.post(TRACK, {"code": f"PAKN-2026-AAAAAAA{i}"}).status_code for i in range(5)]
    assert statuses == [404, 404, 404, 429, 429]


def test_raise_again_is_rate_limited(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TTHC_PETITION_RATES = {"raise": "1/m"}
    petition = _petition(world)
    Petition.objects.filter(pk=petition.pk).update(answer_due_at=at("2026-01-05 17:00"))
    client = Client()
    assert client.post(RAISE, {"code": petition.code}).status_code == 200
    assert client.post(RAISE, {"code": petition.code}).status_code == 429
    assert Petition.objects.get(pk=petition.pk).times_raised == 2


def test_logs_hold_no_content_code_or_address(world: World, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR="203.0.113.77")
    client.post(SUBMIT, {"unit": "STP", "content": CONTENT})
    client.post(SUBMIT, {"unit": "STP", "content": ""})
    code = Petition.objects.get().code
    client.post(TRACK, {"code": code})
    client.post(TRACK, {"code": "PAKN-2026-AAAAAAAA"})
    text = caplog.text
    for secret in (CONTENT, code, "203.0.113.77", "AAAAAAAA"):
        assert secret not in text


# The agency's desk ---------------------------------------------------------------------

def test_anonymous_is_sent_to_log_in(world: World) -> None:
    petition = _petition(world)
    for url in (DESK, _detail(petition)):
        response = Client().get(url)
        assert response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")


def test_outsider_gets_404(world: World, personas: Personas) -> None:
    petition = _petition(world)
    client = personas.client("outsider")
    assert client.get(DESK).status_code == 404
    assert client.get(_detail(petition)).status_code == 404
    assert client.post(_detail(petition), {"action": "answer", "answer": "x"}).status_code == 404
    assert Petition.objects.get(pk=petition.pk).status == PetitionStatus.RECEIVED


def test_official_of_another_unit_gets_404(world: World) -> None:
    petition = _petition(world)
    client = Client()
    client.force_login(official_login(world.cb2, "duc"))
    assert client.get(DESK).status_code == 200
    assert petition.code not in client.get(DESK).content.decode()
    assert client.get(_detail(petition)).status_code == 404
    post = client.post(_detail(petition), {"action": "classify", "kind": "rules"})
    assert post.status_code == 404
    assert Petition.objects.get(pk=petition.pk).kind is None


def test_official_of_the_unit_classifies_and_answers(world: World) -> None:
    petition = _petition(world)
    user = official_login(world.cb1, "hoa")
    client = Client()
    client.force_login(user)
    assert petition.code in client.get(DESK).content.decode()
    page = client.get(_detail(petition)).content.decode()
    assert CONTENT in page and "Kết luận của cơ quan thẩm định" not in page

    response = client.post(_detail(petition), {"action": "answer", "answer": "Đã xử lý."})
    assert response.status_code == 400 and "Xin phân loại phản ánh trước khi trả lời." in response.content.decode()
    # About a colleague: one about herself she may not handle (tests/security/test_conflicts.py).
    colleague = Official.objects.create(code="CB3", full_name="Điêu Văn Tâm", unit=world.stp)
    response = client.post(_detail(petition), {"action": "classify", "kind": "conduct",
                                               "about_official": str(colleague.pk)})
    assert response.status_code == 302
    response = client.post(_detail(petition), {"action": "answer", "answer": "Đã nhắc nhở, xin lỗi ông/bà."})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert (petition.kind, petition.about_official, petition.status) == ("conduct", colleague, "answered")
    actions = set(AuditEntry.objects.filter(object_key=petition.code, user=user).values_list("action", flat=True))
    assert actions == {"petition_classify", "petition_answer"}
    # The official cannot conclude on a complaint about their own unit.
    assert client.post(_detail(petition), {"action": "decide", "upheld": "true"}).status_code == 403
    assert Petition.objects.get(pk=petition.pk).upheld is None


def test_classify_offers_only_the_units_officials(world: World) -> None:
    petition = _petition(world)
    client = Client()
    client.force_login(official_login(world.cb1, "hoa"))
    page = client.get(_detail(petition)).content.decode()
    assert "Lò Thị Hoa" in page and "Quàng Văn Đức" not in page
    response = client.post(_detail(petition), {"action": "classify", "kind": "conduct",
                                               "about_official": str(world.cb2.pk)})
    assert response.status_code == 400
    assert Petition.objects.get(pk=petition.pk).kind is None


def test_appraiser_reads_but_leaves_classifying_and_answering_to_the_agency(
        world: World, personas: Personas) -> None:
    petition = _petition(world)
    client = personas.client("appraiser")
    assert client.get(_detail(petition)).status_code == 200
    for data in ({"action": "classify", "kind": "rules"}, {"action": "answer", "answer": "x"}):
        assert client.post(_detail(petition), data).status_code == 403
    petition.refresh_from_db()
    assert (petition.kind, petition.upheld, petition.answer) == (None, None, "")


def test_appraiser_with_change_permission_concludes(world: World) -> None:
    petition = petition_classify(petition=_petition(world), kind="conduct", about_official=world.cb1,
                                 actor=Actor("test"))
    appraiser = appraiser_with_change()
    client = Client()
    client.force_login(appraiser)
    assert "Kết luận của cơ quan thẩm định" in client.get(_detail(petition)).content.decode()
    assert client.post(_detail(petition), {"action": "answer", "answer": "x"}).status_code == 403
    response = client.post(_detail(petition), {"action": "decide", "upheld": "true", "reason": "Có căn cứ."})
    assert response.status_code == 302
    assert Petition.objects.get(pk=petition.pk).upheld is True
    entry = AuditEntry.objects.get(object_key=petition.code, action="petition_decide")
    assert (entry.user, entry.actor, entry.reason) == (appraiser, "web:thamdinh-pakn", "Có căn cứ.")


def test_superuser_may_do_everything(world: World, personas: Personas) -> None:
    petition = _petition(world)
    client = personas.client("admin")
    assert client.post(_detail(petition), {"action": "classify", "kind": "rules"}).status_code == 302
    assert client.post(_detail(petition), {"action": "answer", "answer": "Được."}).status_code == 302
    assert client.post(_detail(petition), {"action": "decide", "upheld": "false"}).status_code == 302
    petition.refresh_from_db()
    assert (petition.status, petition.upheld) == ("answered", False)


def test_inactive_official_is_refused(world: World) -> None:
    petition = _petition(world)
    user = official_login(world.cb1, "hoa")
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    client = Client()
    client.force_login(user)
    assert client.get(_detail(petition)).status_code in {302, 404}


def test_desk_filters_by_status(world: World, personas: Personas) -> None:
    waiting = _petition(world)
    done = _petition(world)
    Petition.objects.filter(pk=done.pk).update(status=PetitionStatus.ANSWERED, kind="rules",
                                               answered_at=at("2026-03-01 09:00"))
    client = personas.client("admin")
    open_page = client.get(DESK).content.decode()
    assert waiting.code in open_page and done.code not in open_page
    assert done.code in client.get(DESK, {"trang-thai": "answered"}).content.decode()
    both = client.get(DESK, {"trang-thai": "all"}).content.decode()
    assert waiting.code in both and done.code in both


def test_desk_list_costs_the_same_queries_for_more_petitions(world: World, personas: Personas,
                                                             django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = personas.client("admin")
    _petition(world, dossier_code="HS-STP-1", official="CB1")
    client.get(DESK)
    with CaptureQueriesContext(connection) as few:
        client.get(DESK)
    for _ in range(6):
        _petition(world, dossier_code="HS-STP-1", official="CB1")
    with django_assert_max_num_queries(len(few)):
        page = client.get(DESK).content.decode()
    assert page.count("/phan-anh/xu-ly/") >= 7


def test_the_units_leader_answers_and_another_leader_gets_404(world: World) -> None:
    """An agency's leader handles its petitions like its desk officials; the leader of
    another agency is refused them like any stranger."""
    from tthc.access.models import AgencyLeader

    petition = _petition(world)
    users = get_user_model().objects
    leader, other = users.create_user("lanhdao-stp", None, None), users.create_user("lanhdao-hdb", None, None)
    AgencyLeader.objects.create(user=leader, unit=petition.unit)
    AgencyLeader.objects.create(user=other, unit=world.hdb if petition.unit != world.hdb else world.stp)

    stranger = Client()
    stranger.force_login(other)
    assert petition.code not in stranger.get(DESK).content.decode()
    assert stranger.post(_detail(petition), {"action": "classify", "kind": "rules"}).status_code == 404

    client = Client()
    client.force_login(leader)
    assert petition.code in client.get(DESK).content.decode()
    assert client.post(_detail(petition), {"action": "classify", "kind": "rules"}).status_code == 302
    assert client.post(_detail(petition), {"action": "answer", "answer": "Đã hướng dẫn lại."}).status_code == 302
    petition.refresh_from_db()
    assert (petition.kind, petition.status) == ("rules", "answered")


def test_the_appraiser_role_rules_on_a_complaint(world: World, personas: Personas) -> None:
    """The provincial office's appraisers (the group, without any extra permission)
    mark a complaint upheld or not."""
    petition = _petition(world)
    petition_classify(petition=petition, kind="conduct", about_official=world.cb1,
                      actor=Actor("test", None))
    client = personas.client("appraiser")
    response = client.post(_detail(petition), {"action": "decide", "upheld": "true",
                                               "reason": "Có căn cứ."})
    assert response.status_code == 302
    assert Petition.objects.get(pk=petition.pk).upheld is True
