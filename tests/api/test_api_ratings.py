"""POST /api/ratings: one rating per dossier, resends recognised, every status code in
the documented shape."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from api_world import OTHER_TOKEN, assert_documented, assert_request_valid, at, device_client, post_json
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db
RATINGS = "/api/ratings"


def _post(body: Any, client: Any = None) -> tuple[int, dict[str, Any]]:
    response = post_json(client or device_client(), RATINGS, body)
    return response.status_code, assert_documented(response, RATINGS, "POST")


def test_a_rating_is_stored_once_and_its_resend_recognised(world: dict[str, Any]) -> None:
    client_id = str(uuid.uuid4())
    body = {"dossier": "HS-1", "satisfaction": "very_satisfied", "agencies_contacted": 1,
            "disclosure_seen": "both", "comment": "Cán bộ nhiệt tình.", "client_id": client_id,
            "submitted_at": "2026-02-10T09:15:00+07:00"}
    assert_request_valid(RATINGS, "POST", body)
    before = timezone.now()
    status, created = _post(body)
    assert status == 201 and created["created"] is True
    stored_at = created["rating"].pop("submitted_at")
    assert created["rating"] == {"dossier": "HS-1", "channel": "kiosk", "satisfaction": "very_satisfied",
                                 "agencies_contacted": 1, "disclosure_seen": "both",
                                 "client_submitted_at": "2026-02-10T09:15:00+07:00", "client_id": client_id}
    # The time scoring reads is the server's; the device's is kept beside it.
    assert before <= datetime.fromisoformat(stored_at) <= timezone.now()
    # The network dropped after the server stored it: the device sends it again.
    status, resent = _post(body)
    assert status == 200 and resent == {"rating": {**created["rating"], "submitted_at": stored_at},
                                        "created": False}
    rating = Rating.objects.get()
    assert (rating.device, rating.comment, rating.client_submitted_at) == (
        world["device"], "Cán bộ nhiệt tình.", at("2026-02-10 09:15"))
    assert len(rating.fingerprint) == 32 and "127.0.0.1" not in rating.fingerprint


def test_the_same_answers_without_a_client_id_are_a_resend(world: dict[str, Any]) -> None:
    body = {"dossier": "HS-2", "satisfaction": "satisfied"}
    assert _post(body)[0] == 201
    assert _post(body, device_client(OTHER_TOKEN))[0] == 200
    assert Rating.objects.count() == 1


def test_a_different_second_rating_is_refused_and_the_first_kept(world: dict[str, Any]) -> None:
    assert _post({"dossier": "HS-1", "satisfaction": "very_satisfied", "client_id": str(uuid.uuid4())})[0] == 201
    status, body = _post({"dossier": "HS-1", "satisfaction": "very_dissatisfied", "client_id": str(uuid.uuid4())})
    assert status == 409
    assert body["error"]["code"] == "already_rated" and body["error"]["field"] is None
    assert body["error"]["message_vi"].startswith("Hồ sơ này đã được đánh giá.")
    assert body["error"]["message_en"].startswith("This dossier has already been rated.")
    assert Rating.objects.get().satisfaction == "very_satisfied"


def test_a_client_id_reused_for_another_dossier_is_refused(world: dict[str, Any]) -> None:
    client_id = str(uuid.uuid4())
    assert _post({"dossier": "HS-1", "satisfaction": "satisfied", "client_id": client_id})[0] == 201
    status, body = _post({"dossier": "HS-2", "satisfaction": "satisfied", "client_id": client_id})
    assert (status, body["error"]["code"]) == (409, "client_id_reused")
    assert not Rating.objects.filter(dossier__code="HS-2").exists()


@pytest.mark.parametrize(("body", "code", "field"), [
    ({"satisfaction": "satisfied"}, "required", "dossier"),
    ({"dossier": "HS-1"}, "required", "satisfaction"),
    ({"dossier": "HS-1", "satisfaction": "rat_tot"}, "bad_choice", "satisfaction"),
    ({"dossier": 17, "satisfaction": "satisfied"}, "bad_type", "dossier"),
    ({"dossier": "HS-KHONG-CO", "satisfaction": "satisfied"}, "unknown_dossier", "dossier"),
    ({"dossier": "HS-1", "satisfaction": "satisfied", "agencies_contacted": True}, "bad_number",
     "agencies_contacted"),
    ({"dossier": "HS-1", "satisfaction": "satisfied", "agencies_contacted": -1}, "bad_number",
     "agencies_contacted"),
    ({"dossier": "HS-1", "satisfaction": "satisfied", "disclosure_seen": "some"}, "bad_choice", "disclosure_seen"),
    ({"dossier": "HS-1", "satisfaction": "satisfied", "channel": "fax"}, "bad_choice", "channel"),
    ({"dossier": "HS-1", "satisfaction": "satisfied", "client_id": "abc"}, "bad_uuid", "client_id"),
    ({"dossier": "HS-1", "satisfaction": "satisfied", "submitted_at": "hôm qua"}, "bad_datetime", "submitted_at"),
    ({"dossier": "HS-1", "satisfaction": "satisfied", "comment": "x" * 2001}, "too_long", "comment"),
    ({"dossier": "HS-1", "satisfaction": "satisfied", "comment": "a\u0000b"}, "control_characters", "comment"),
    ({"dossier": "HS-1", "satisfaction": "satisfied", "stars": 5}, "unknown_field", "stars"),
])
def test_validation_errors_name_their_field(world: dict[str, Any], body: dict[str, Any], code: str,
                                            field: str) -> None:
    status, answer = _post(body)
    assert (status, answer["error"]["code"], answer["error"]["field"]) == (400, code, field)
    assert answer["error"]["message_vi"] and answer["error"]["message_en"]
    assert not Rating.objects.exists()


def test_a_device_time_in_the_future_is_kept_as_information(world: dict[str, Any]) -> None:
    # A tablet whose clock runs fast loses no rating: its time is never the one scored.
    later = timezone.now() + timedelta(hours=1)
    assert _post({"dossier": "HS-1", "satisfaction": "satisfied", "submitted_at": later.isoformat()})[0] == 201
    rating = Rating.objects.get()
    assert rating.client_submitted_at == later and rating.submitted_at < later


def test_a_local_time_without_offset_is_vietnam_time(world: dict[str, Any]) -> None:
    status, body = _post({"dossier": "HS-1", "satisfaction": "neutral", "submitted_at": "2026-02-10T09:15:00"})
    assert status == 201 and body["rating"]["client_submitted_at"] == "2026-02-10T09:15:00+07:00"


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe"],
                         ids=["broken", "array", "string", "not-utf8"])
def test_a_body_that_is_not_a_json_object(world: dict[str, Any], raw: bytes) -> None:
    response = device_client().post(RATINGS, data=raw, content_type="application/json")
    body = assert_documented(response, RATINGS, "POST")
    assert (response.status_code, body["error"]["code"]) == (400, "bad_json")




def test_a_rating_costs_a_handful_of_queries(world: dict[str, Any]) -> None:
    client = device_client()
    client.get("/api/dossiers/HS-2")  # opens the device's rate-limit window
    body = json.dumps({"dossier": "HS-1", "satisfaction": "satisfied", "client_id": str(uuid.uuid4())})
    with CaptureQueriesContext(connection) as queries:
        assert client.post(RATINGS, data=body, content_type="application/json").status_code == 201
    # device, its rate-limit counter (one upsert, shared by every worker), dossier,
    # client_id check, and the insert inside its savepoint
    assert len(queries) <= 7
