"""Issue 10, finding 2: a counter device acts only for its own desk.

Reproduced before the fix: an STP tablet's token rated an SNV dossier (201) with
`channel: paper`, any `entered_by` and `submitted_at` in 2000, and read
`GET /api/dossiers/<any agency's>` and `GET /api/petitions/<code>` of another agency,
answer text included. Each refusal is a 403 in the API's one error shape, documented
in the OpenAPI document, and counted on the device (`CounterDevice.refusals`).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from tthc.api.openapi import openapi_document
from tthc.catalogue.models import Procedure
from tthc.counter.credentials import ticket_sign
from tthc.counter.models import CounterDevice
from tthc.counter.services import CounterRefused, counter_device_add, counter_device_serve
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official, Unit
from tthc.petitions.models import Petition
from tthc.ratings.models import Rating
from tthc.scoring.loaders import load_dossiers

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DOCUMENT = openapi_document()
ANSWER = "Sở Nội vụ đã bỏ yêu cầu bản sao thứ hai."


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HCM)


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """Two agencies, each with its own desk, a dossier received there and a tablet."""
    province = Unit.objects.create(code="DB", name="Tỉnh Điện Biên", kind="province")
    stp = Unit.objects.create(code="STP", name="Sở Tư pháp", kind="province_agency", parent=province)
    snv = Unit.objects.create(code="SNV", name="Sở Nội vụ", kind="province_agency", parent=province)
    procedure = Procedure.objects.create(code="1.000001", name="Cấp phiếu lý lịch tư pháp", time_limit=5)
    hoa = Official.objects.create(code="CB1", full_name="Lò Thị Hoa", unit=stp)
    lan = Official.objects.create(code="CB7", full_name="Vì Thị Lan", unit=snv)

    def dossier(code: str, unit: Unit, by: Official) -> Dossier:
        return Dossier.objects.create(code=code, procedure=procedure, unit=unit, desk=unit, received_by=by,
                                      channel="direct", received_at=at("2026-02-02 08:00"), status="processing")

    stp_tablet = counter_device_add(name="Quầy 1", desk=stp, actor="test")
    snv_tablet = counter_device_add(name="Quầy 1", desk=snv, actor="test")
    petition = Petition.objects.create(code="PAKN-2026-SNVABCDE", unit=snv, content="Đòi thêm giấy tờ.",
                                       received_at=at("2026-02-03 09:00"), status="answered", kind="rules",
                                       answer=ANSWER, answered_at=at("2026-02-10 10:00"))
    return {"stp": stp, "snv": snv, "hoa": hoa, "lan": lan,
            "stp_dossier": dossier("HS-STP-1", stp, hoa), "snv_dossier": dossier("HS-SNV-1", snv, lan),
            "stp_device": stp_tablet.device, "stp_token": stp_tablet.token,
            "snv_device": snv_tablet.device, "snv_token": snv_tablet.token, "petition": petition}


def tablet(world: dict[str, Any], desk: str = "stp") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {world[f'{desk}_token']}")


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def refused(response: Any, template: str, method: str, code: str, field: str | None = None) -> dict[str, Any]:
    """A 403 with `code` in the one error shape, documented for the operation."""
    assert response.status_code == 403, response.content
    body = json.loads(response.content)
    schema = DOCUMENT["paths"][template][method]["responses"]["403"]["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator({**schema, "components": DOCUMENT["components"]}).validate(body)
    error = body["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message_vi"] and error["message_en"] and error["message_vi"] != error["message_en"]
    return error


def refusals(device: CounterDevice) -> tuple[int, str]:
    device.refresh_from_db()
    return device.refusals, device.last_refusal_code


def test_a_tablet_does_not_rate_a_dossier_received_at_another_desk(world: dict[str, Any]) -> None:
    response = post(tablet(world), "/api/ratings", {"dossier": "HS-SNV-1", "satisfaction": "very_satisfied"})
    error = refused(response, "/api/ratings", "post", "other_desk", "dossier")
    assert "Bộ phận Một cửa khác" in error["message_vi"]
    assert not Rating.objects.exists()
    assert refusals(world["stp_device"]) == (1, "other_desk")
    assert refusals(world["snv_device"]) == (0, "")


@pytest.mark.parametrize("channel", ["paper", "online", "qr"])
def test_a_tablet_rates_on_its_own_channel_only(world: dict[str, Any], channel: str) -> None:
    response = post(tablet(world), "/api/ratings", {"dossier": "HS-STP-1", "satisfaction": "satisfied",
                                                    "channel": channel})
    refused(response, "/api/ratings", "post", "channel_not_allowed", "channel")
    assert not Rating.objects.exists()
    assert refusals(world["stp_device"]) == (1, "channel_not_allowed")


@pytest.mark.parametrize("field", ["entered_by", "batch"])
def test_a_tablet_does_not_say_who_keyed_a_paper_form(world: dict[str, Any], field: str) -> None:
    response = post(tablet(world), "/api/ratings", {"dossier": "HS-STP-1", "satisfaction": "satisfied",
                                                    field: "Giám đốc Sở"})
    refused(response, "/api/ratings", "post", "paper_field_not_allowed", field)
    assert not Rating.objects.exists()


def test_the_tablets_clock_is_kept_but_never_scored(world: dict[str, Any]) -> None:
    before = timezone.now()
    response = post(tablet(world), "/api/ratings", {"dossier": "HS-STP-1", "satisfaction": "satisfied",
                                                    "submitted_at": "2000-01-01T08:00:00+07:00"})
    after = timezone.now()
    assert response.status_code == 201
    rating = Rating.objects.get()
    assert rating.client_submitted_at == at("2000-01-01 08:00")
    assert before <= rating.submitted_at <= after
    # Scoring reads submitted_at: the server's time reaches the engine, not the tablet's.
    [facts] = load_dossiers(Q(code="HS-STP-1"), petitions=[])
    assert facts.rating is not None and facts.rating.submitted_at is not None
    assert facts.rating.submitted_at.year == timezone.localtime(before).year != 2000
    answer = response.json()["rating"]
    assert answer["client_submitted_at"] == "2000-01-01T08:00:00+07:00"
    assert datetime.fromisoformat(answer["submitted_at"]) == rating.submitted_at


def test_the_kiosk_pages_claimed_age_is_kept_but_never_scored(world: dict[str, Any]) -> None:
    # The kiosk page sends how long the tablet held a tap (age_ms, up to the ticket's
    # seven days). It once backdated submitted_at by it: the tablet chose the period a
    # rating counted in. Now the server's time is scored, the tablet's is information.
    kiosk = Client()
    kiosk.cookies.update(Client().post("/quay/thiet-bi/gan/", {"token": world["stp_token"]}).cookies)
    shown = timezone.now() - timedelta(days=6)
    ticket = ticket_sign(device_id=world["stp_device"].pk, dossier_id=world["stp_dossier"].pk,
                         serving_since=shown)
    before = timezone.now()
    response = kiosk.post("/quay/thiet-bi/danh-gia/", json.dumps(
        {"ticket": ticket, "satisfaction": "satisfied", "client_id": str(uuid.uuid4()),
         "age_ms": 6 * 24 * 3600 * 1000}), content_type="application/json")
    after = timezone.now()
    assert response.status_code == 201
    rating = Rating.objects.get()
    assert before <= rating.submitted_at <= after
    assert before - timedelta(days=6) <= rating.client_submitted_at <= after - timedelta(days=6)
    [facts] = load_dossiers(Q(code="HS-STP-1"), petitions=[])
    assert facts.rating is not None  # the engine reads local time, without a zone
    assert facts.rating.submitted_at == timezone.localtime(rating.submitted_at).replace(tzinfo=None)


def test_a_tablet_does_not_read_another_desks_dossier(world: dict[str, Any]) -> None:
    response = tablet(world).get("/api/dossiers/HS-SNV-1")
    refused(response, "/api/dossiers/{code}", "get", "other_desk")
    assert "Sở Nội vụ" not in response.content.decode()
    assert refusals(world["stp_device"]) == (1, "other_desk")


def test_a_tablet_reads_no_petition_and_no_answer(world: dict[str, Any]) -> None:
    # Neither another agency's nor its own: the tablet never reads petitions.
    Petition.objects.create(code="PAKN-2026-STPABCDE", unit=world["stp"], content="Trả chậm.",
                            received_at=at("2026-02-03 09:00"), answer="Đã trả.", status="answered")
    for code in ("PAKN-2026-SNVABCDE", "PAKN-2026-STPABCDE"):
        response = tablet(world).get(f"/api/petitions/{code}")
        refused(response, "/api/petitions/{code}", "get", "not_for_devices")
        assert ANSWER not in response.content.decode() and "Đã trả." not in response.content.decode()
    assert refusals(world["stp_device"]) == (2, "not_for_devices")


def test_a_tablet_submits_petitions_about_its_own_desk_only(world: dict[str, Any]) -> None:
    response = post(tablet(world), "/api/petitions", {"unit": "SNV", "content": "Cán bộ Sở Nội vụ gây khó."})
    refused(response, "/api/petitions", "post", "other_unit", "unit")
    assert Petition.objects.count() == 1
    own = post(tablet(world), "/api/petitions", {"unit": "STP", "content": "Thủ tục đòi thêm giấy tờ."})
    assert own.status_code == 201 and own.json()["petition"]["answer"] is None


def test_the_devices_own_desk_still_works(world: dict[str, Any]) -> None:
    read = tablet(world).get("/api/dossiers/HS-STP-1")
    assert read.status_code == 200 and read.json()["dossier"]["desk"]["code"] == "STP"
    client_id = str(uuid.uuid4())
    rated = post(tablet(world), "/api/ratings", {"dossier": "HS-STP-1", "satisfaction": "satisfied",
                                                 "channel": "kiosk", "client_id": client_id})
    assert rated.status_code == 201 and rated.json()["rating"]["channel"] == "kiosk"
    assert post(tablet(world, "snv"), "/api/ratings", {"dossier": "HS-SNV-1", "satisfaction": "neutral"}
                ).status_code == 201
    assert Rating.objects.filter(device=world["stp_device"], dossier__code="HS-STP-1").exists()
    assert refusals(world["stp_device"]) == (0, "")


def test_the_kiosk_page_refuses_in_the_same_shape_and_counts(world: dict[str, Any]) -> None:
    # A ticket the STP tablet was never given (signed for the SNV one) is refused.
    kiosk = Client()
    bound = Client().post("/quay/thiet-bi/gan/", {"token": world["stp_token"]})
    kiosk.cookies.update(bound.cookies)
    ticket = ticket_sign(device_id=world["snv_device"].pk, dossier_id=world["snv_dossier"].pk,
                         serving_since=timezone.now())
    response = kiosk.post("/quay/thiet-bi/danh-gia/", json.dumps(
        {"ticket": ticket, "satisfaction": "satisfied", "client_id": str(uuid.uuid4())}),
        content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message_vi", "message_en", "field"}
    assert refusals(world["stp_device"]) == (1, "bad_ticket") and not Rating.objects.exists()


def test_a_dossier_of_another_desk_is_not_sent_to_a_tablet(world: dict[str, Any]) -> None:
    # An official moved to SNV still holds an STP dossier: SNV's tablet may not show it.
    moved = world["hoa"]
    moved.unit = world["snv"]
    moved.save(update_fields=["unit"])
    with pytest.raises(CounterRefused) as refusal:
        counter_device_serve(device=world["snv_device"], official=moved, dossier=world["stp_dossier"])
    assert refusal.value.code == "other_desk"


def test_the_operator_reads_the_count_in_the_admin(world: dict[str, Any], personas: Any) -> None:
    for _ in range(3):
        tablet(world).get("/api/dossiers/HS-SNV-1")
    page = personas.client("admin").get("/admin/counter/counterdevice/").content.decode()
    assert "số lần bị từ chối" in page.lower() and "other_desk" in page
    assert refusals(world["stp_device"]) == (3, "other_desk")
