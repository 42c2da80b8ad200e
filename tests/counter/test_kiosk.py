"""The counter tablet: binding, what it shows, and the ratings it sends (once each)."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta

import pytest
from counter_world import CounterWorld, tablet
from django.test import Client
from django.utils import timezone

from tthc.counter.credentials import COOKIE_NAME, ticket_sign
from tthc.counter.models import CounterDevice
from tthc.counter.services import counter_device_serve
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db


def serve(world: CounterWorld, index: int = 0, *, ago: timedelta = timedelta(0)) -> None:
    counter_device_serve(device=world.device, official=world.official, dossier=world.dossiers[index],
                         at=timezone.now() - ago)


def status(client: Client) -> dict:
    response = client.get("/quay/thiet-bi/trang-thai/")
    assert response.status_code == 200
    return response.json()


def rate(client: Client, ticket: str, satisfaction: str = "satisfied", client_id: str | None = None,
         **extra: object):  # type: ignore[no-untyped-def]
    body = {"ticket": ticket, "satisfaction": satisfaction, "client_id": client_id or str(uuid.uuid4()), **extra}
    return client.post("/quay/thiet-bi/danh-gia/", json.dumps(body), content_type="application/json",
                       HTTP_USER_AGENT="Tablet/1.0", REMOTE_ADDR="203.0.113.7")


def test_an_unbound_browser_is_sent_to_the_bind_form(world: CounterWorld) -> None:
    response = Client().get("/quay/thiet-bi/")
    assert response.status_code == 302 and response["Location"] == "/quay/thiet-bi/gan/"
    page = Client().get("/quay/thiet-bi/gan/").content.decode()
    assert "Gắn máy tính bảng với thiết bị đánh giá" in page and 'name="token"' in page


def test_a_wrong_token_does_not_bind(world: CounterWorld) -> None:
    response = Client().post("/quay/thiet-bi/gan/", {"token": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"})
    assert response.status_code == 200 and COOKIE_NAME not in response.cookies
    assert "Khóa thiết bị không đúng" in response.content.decode()


def test_the_token_binds_the_tablet_with_a_signed_http_only_cookie(world: CounterWorld) -> None:
    typed = world.token.lower().replace("-", " ")
    response = Client().post("/quay/thiet-bi/gan/", {"token": typed})
    assert response.status_code == 302 and response["Location"] == "/quay/thiet-bi/"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/quay/"
    assert world.token in cookie.value and cookie.value != world.token  # signed
    client = Client()
    client.cookies[COOKIE_NAME] = cookie.value
    page = client.get("/quay/thiet-bi/")
    assert page.status_code == 200 and "Quầy 1" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    # A cookie altered by hand is ignored.
    client.cookies[COOKIE_NAME] = cookie.value.replace(world.token, world.other_token)
    assert client.get("/quay/thiet-bi/").status_code == 302


def test_the_tablet_asks_only_for_the_dossier_just_served(world: CounterWorld, kiosk_client: Client) -> None:
    idle = status(kiosk_client)
    assert idle["ticket"] is None and idle["dossier"] is None and idle["official"] is None
    serve(world, 1)
    state = status(kiosk_client)
    assert state["official"] == "Lò Thị Hoa" and state["dossier"] == "HS-STP-002"
    assert state["procedure"] == "Chứng thực bản sao từ bản chính" and state["ticket"]
    page = kiosk_client.get("/quay/thiet-bi/").content.decode()
    assert "HS-STP-002" in page and "Lò Thị Hoa" in page and page.count('class="kiosk-choice ') == 5
    assert "Ông/bà có hài lòng với việc giải quyết hồ sơ này không?" in page


def test_a_dossier_served_long_ago_is_no_longer_offered(world: CounterWorld, kiosk_client: Client,
                                                        settings) -> None:  # type: ignore[no-untyped-def]
    serve(world, ago=timedelta(minutes=16))
    state = status(kiosk_client)
    assert state["official"] == "Lò Thị Hoa" and state["ticket"] is None and state["dossier"] is None
    settings.TTHC_KIOSK_ASK_MINUTES = 30
    assert status(kiosk_client)["ticket"]


def test_a_tap_stores_a_kiosk_rating_with_the_device_and_a_hashed_fingerprint(
        world: CounterWorld, kiosk_client: Client) -> None:
    serve(world)
    client_id = str(uuid.uuid4())
    response = rate(kiosk_client, status(kiosk_client)["ticket"], "very_satisfied", client_id)
    assert response.status_code == 201 and response.json() == {"status": "created"}
    rating = Rating.objects.get()
    assert (rating.dossier, rating.channel, rating.satisfaction, rating.device) == (
        world.dossiers[0], "kiosk", "very_satisfied", world.device)
    assert str(rating.client_id) == client_id
    assert len(rating.fingerprint) == 32 and "203.0.113.7" not in rating.fingerprint
    # Once rated, the tablet stops asking.
    assert status(kiosk_client)["ticket"] is None


def test_a_resent_rating_is_stored_once(world: CounterWorld, kiosk_client: Client) -> None:
    serve(world)
    ticket, client_id = status(kiosk_client)["ticket"], str(uuid.uuid4())
    assert rate(kiosk_client, ticket, "neutral", client_id).status_code == 201
    again = rate(kiosk_client, ticket, "neutral", client_id)
    assert again.status_code == 200 and again.json() == {"status": "resent"}
    assert Rating.objects.count() == 1


def test_a_second_rating_of_the_same_dossier_is_refused_quietly(
        world: CounterWorld, kiosk_client: Client, caplog) -> None:  # type: ignore[no-untyped-def]
    serve(world)
    ticket = status(kiosk_client)["ticket"]
    assert rate(kiosk_client, ticket, "very_dissatisfied").status_code == 201
    with caplog.at_level(logging.INFO, logger="tthc.counter"):
        second = rate(kiosk_client, ticket, "very_satisfied")
    assert second.status_code == 200 and second.json() == {"status": "already_rated"}
    assert Rating.objects.get().satisfaction == "very_dissatisfied"  # the first stays
    logged = caplog.text
    assert "already_rated" in logged
    for secret in ("HS-STP-001", "203.0.113.7", "very_satisfied", "Tablet/1.0", world.token):
        assert secret not in logged


def test_a_queued_rating_keeps_the_dossier_it_was_given_for(world: CounterWorld, kiosk_client: Client) -> None:
    serve(world, 0, ago=timedelta(minutes=3))
    first_ticket = status(kiosk_client)["ticket"]
    serve(world, 1)  # the next citizen, while the tablet was offline
    sent = timezone.now()
    assert rate(kiosk_client, first_ticket, "satisfied", age_ms=90_000).status_code == 201
    answered = timezone.now()
    rating = Rating.objects.get()
    assert rating.dossier == world.dossiers[0]
    # Scoring reads the server's time of arrival; the tablet's account of when the
    # citizen tapped is kept beside it, for information.
    assert sent <= rating.submitted_at <= answered
    assert sent - timedelta(seconds=90) <= rating.client_submitted_at <= answered - timedelta(seconds=90)


def test_the_tap_time_is_never_before_the_dossier_was_shown(world: CounterWorld, kiosk_client: Client) -> None:
    serve(world, ago=timedelta(minutes=1))
    device = CounterDevice.objects.get(pk=world.device.pk)
    sent = timezone.now()
    assert rate(kiosk_client, status(kiosk_client)["ticket"], age_ms=10**9).status_code == 201
    rating = Rating.objects.get()
    assert rating.client_submitted_at == device.serving_since
    assert rating.submitted_at >= sent  # a week's claimed age moves nothing scoring reads


def test_tickets_of_another_device_forged_or_malformed_bodies_are_refused(
        world: CounterWorld, kiosk_client: Client) -> None:
    other = ticket_sign(device_id=world.other_device.pk, dossier_id=world.other_dossier.pk,
                        serving_since=timezone.now())
    response = rate(kiosk_client, other)
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_ticket"
    assert response.json()["error"]["message_vi"] and response.json()["error"]["message_en"]
    assert rate(kiosk_client, "forged:ticket").status_code == 400
    serve(world)
    ticket = status(kiosk_client)["ticket"]
    assert rate(kiosk_client, ticket, "ecstatic").json()["error"]["code"] == "bad_satisfaction"
    assert rate(kiosk_client, ticket, client_id="not-a-uuid").json()["error"]["code"] == "bad_request"
    broken = kiosk_client.post("/quay/thiet-bi/danh-gia/", "{", content_type="application/json")
    assert broken.status_code == 400
    assert Rating.objects.count() == 0


def test_an_unbound_or_retired_tablet_gets_401(world: CounterWorld, kiosk_client: Client) -> None:
    serve(world)
    ticket = status(kiosk_client)["ticket"]
    assert Client().get("/quay/thiet-bi/trang-thai/").status_code == 401
    CounterDevice.objects.filter(pk=world.device.pk).update(active=False)
    response = rate(kiosk_client, ticket)
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_bound"
    assert kiosk_client.get("/quay/thiet-bi/").status_code == 302
    assert Rating.objects.count() == 0


def test_the_rating_endpoint_checks_csrf(world: CounterWorld) -> None:
    client = tablet(world.token, enforce_csrf=True)
    serve(world)
    ticket = status(client)["ticket"]
    assert rate(client, ticket).status_code == 403
    page = client.get("/quay/thiet-bi/").content.decode()
    csrf = page.split('data-csrf="', 1)[1].split('"', 1)[0]
    body = json.dumps({"ticket": ticket, "satisfaction": "satisfied", "client_id": str(uuid.uuid4())})
    response = client.post("/quay/thiet-bi/danh-gia/", body, content_type="application/json",
                           HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201 and Rating.objects.count() == 1


def test_the_tablet_endpoints_are_rate_limited(world: CounterWorld, kiosk_client: Client) -> None:
    serve(world)
    ticket = status(kiosk_client)["ticket"]
    codes = [rate(kiosk_client, ticket, "satisfied", str(uuid.uuid4())).status_code for _ in range(32)]
    assert codes[0] == 201 and set(codes[1:30]) == {200} and codes[30:] == [429, 429]
    assert rate(kiosk_client, ticket).json()["error"]["code"] == "rate_limited"
    polls = [kiosk_client.get("/quay/thiet-bi/trang-thai/").status_code for _ in range(121)]
    assert polls.count(429) == 2  # one poll above counted too
    binds = [Client().post("/quay/thiet-bi/gan/", {"token": "wrong"}).status_code for _ in range(11)]
    assert binds[-1] == 429 and binds[:10] == [200] * 10
    # A wrong token counts against itself, not the address: the right one still binds.
    assert Client().post("/quay/thiet-bi/gan/", {"token": world.token}).status_code == 302
    assert Rating.objects.count() == 1


def test_the_screen_timings_can_be_shortened_for_trials_within_bounds(world: CounterWorld,
                                                                      kiosk_client: Client) -> None:
    page = kiosk_client.get("/quay/thiet-bi/?reset_ms=800&idle_ms=5&poll_ms=abc").content.decode()
    assert 'data-reset-ms="800"' in page and 'data-idle-ms="1000"' in page and 'data-poll-ms="5000"' in page
