"""GET /api/dossiers/<code>, POST /api/petitions, GET /api/petitions/<code>."""

from __future__ import annotations

from typing import Any

import pytest
from api_world import assert_documented, assert_request_valid, device_client, post_json

from tthc.audit.models import AuditEntry
from tthc.petitions.models import Petition
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db


def test_dossier_lookup_has_no_personal_data(world: dict[str, Any]) -> None:
    response = device_client().get("/api/dossiers/HS-1")
    body = assert_documented(response, "/api/dossiers/{code}", "GET")
    assert response.status_code == 200
    assert body["dossier"] == {
        "code": "HS-1", "procedure": {"code": "1.000001", "name": "Cấp phiếu lý lịch tư pháp"},
        "unit": {"code": "STP", "name": "Sở Tư pháp"}, "desk": {"code": "STP", "name": "Sở Tư pháp"},
        "channel": "direct", "received_at": "2026-02-02T08:00:00+07:00", "due_at": "2026-02-09T17:00:00+07:00",
        "finished_at": None, "returned_at": None, "status": "processing", "rated": False,
    }
    assert "Lò Thị Hoa" not in response.content.decode() and "CB1" not in response.content.decode()
    Rating.objects.create(dossier=world["dossiers"][0], channel="kiosk", satisfaction="satisfied")
    assert device_client().get("/api/dossiers/HS-1").json()["dossier"]["rated"] is True


def test_unknown_dossier_is_404(world: dict[str, Any]) -> None:
    response = device_client().get("/api/dossiers/HS-KHONG-CO")
    body = assert_documented(response, "/api/dossiers/{code}", "GET")
    assert (response.status_code, body["error"]["code"]) == (404, "not_found")


def test_petition_submitted(world: dict[str, Any]) -> None:
    request = {"unit": "STP", "content": "Thủ tục yêu cầu giấy tờ không có trong quy định.", "dossier": "HS-1",
               "official": "CB1"}
    assert_request_valid("/api/petitions", "POST", request)
    response = post_json(device_client(), "/api/petitions", request)
    body = assert_documented(response, "/api/petitions", "POST")
    assert response.status_code == 201
    code = body["petition"]["code"]
    petition = Petition.objects.get(code=code)
    assert (petition.dossier.code, petition.about_official.code) == ("HS-1", "CB1")
    assert body["petition"]["status"] == "received" and body["petition"]["answer"] is None
    assert body["petition"]["answer_due_at"].endswith("T17:00:00+07:00")
    entry = AuditEntry.objects.get(object_key=code, action="petition_submit")
    assert entry.actor == f"api:device-{world['device'].pk}"
    assert "Thủ tục yêu cầu giấy tờ" not in response.content.decode()  # the citizen's words stay private


@pytest.mark.parametrize(("body", "code", "field"), [
    ({"content": "Nội dung"}, "required", "unit"),
    ({"unit": "STP"}, "required", "content"),
    ({"unit": "DB", "content": "Nội dung"}, "unknown_unit", "unit"),
    ({"unit": "STP", "content": "Nội dung", "dossier": "HS-KHONG-CO"}, "unknown_dossier", "dossier"),
    ({"unit": "STP", "content": "Nội dung", "email": "a@b.c"}, "unknown_field", "email"),
])
def test_petition_validation(world: dict[str, Any], body: dict[str, Any], code: str, field: str) -> None:
    response = post_json(device_client(), "/api/petitions", body)
    answer = assert_documented(response, "/api/petitions", "POST")
    assert (response.status_code, answer["error"]["code"], answer["error"]["field"]) == (400, code, field)
    assert not Petition.objects.exists()


def test_petitions_are_not_read_by_devices_whatever_the_code(world: dict[str, Any]) -> None:
    # The tablet never reads petitions; the citizen follows one at /phan-anh/tra-cuu/.
    for code in ("PAKN-2026-AAAAAAAA", "KHONG-CO"):
        response = device_client().get(f"/api/petitions/{code}")
        body = assert_documented(response, "/api/petitions/{code}", "GET")
        assert (response.status_code, body["error"]["code"]) == (403, "not_for_devices")
        assert "/phan-anh/tra-cuu/" in body["error"]["message_vi"]
