"""The JSON API for counter devices (docs/api.md, /api/openapi.json).

Dossier look-up, ratings (one per dossier; a device's resend is recognised by its
client_id), petitions. Responses carry no personal data: no names of citizens, no
officials, no comments read back.

Every token is a counter device's, and a device acts only for its own desk: it reads
and rates the dossiers received there, on its own channel (kiosk), with the server's
clock; it submits petitions about its desk's unit or its dossiers and reads none.
Each such refusal is a 403 in the one error shape, counted on the device
(`counter_device_refusal_count`).
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import datetime
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tthc.access import limits
from tthc.access.gates import PUBLIC_PAGE_SCOPE, public_page_rate
from tthc.counter.models import CounterDevice
from tthc.counter.services import OTHER_DESK, counter_device_refusal_count, device_serves
from tthc.dossiers.models import Dossier
from tthc.petitions import selectors as petition_selectors
from tthc.petitions.models import Petition
from tthc.petitions.services import MAX_CONTENT, MAX_NAME, Actor, PetitionRefused, petition_submit
from tthc.ratings.models import DisclosureSeen, Rating, RatingChannel, Satisfaction
from tthc.ratings.services import MAX_AGENCIES, MAX_COMMENT, RatingRefused, client_fingerprint, rating_submit

from .http import TOO_MANY, ApiError, bad_request, endpoint, json_response, not_found, read_json
from .openapi import openapi_document

RATING_FIELDS = ("dossier", "satisfaction", "agencies_contacted", "disclosure_seen", "comment", "client_id",
                 "channel", "submitted_at", "entered_by", "batch")
PETITION_FIELDS = ("unit", "content", "dossier", "official")
# Fields of a paper form: who keyed it and its batch. A device is not a clerk.
PAPER_ONLY_FIELDS = ("entered_by", "batch")


def _refusal(request: HttpRequest, code: str, message_vi: str, message_en: str,
            field: str | None = None) -> ApiError:
    """A 403 for something outside the device's reach, counted on the device."""
    counter_device_refusal_count(device=request.device, code=code)  # type: ignore[attr-defined]
    return ApiError(403, code, message_vi, message_en, field)


def _other_desk(request: HttpRequest, field: str | None = None) -> ApiError:
    return _refusal(request, OTHER_DESK.code, OTHER_DESK.message_vi, OTHER_DESK.message_en, field)


def _instant(value: datetime | None) -> str | None:
    return None if value is None else timezone.localtime(value).isoformat()


def _unknown_fields(body: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for name in body:
        if name not in allowed:
            raise bad_request("unknown_field", f"Trường “{name}” không có trong API.",
                              f"Unknown field “{name}”.", name)


def _string(body: dict[str, Any], name: str, *, required: bool = False, limit: int = 255) -> str:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise bad_request("required", f"Thiếu trường “{name}”.", f"Field “{name}” is required.", name)
        return ""
    if not isinstance(value, str):
        raise bad_request("bad_type", f"Trường “{name}” phải là chuỗi ký tự.", f"Field “{name}” must be a string.",
                          name)
    if len(value) > limit:
        raise bad_request("too_long", f"Trường “{name}” dài quá {limit} ký tự.",
                          f"Field “{name}” is longer than {limit} characters.", name)
    return value


def _choice(body: dict[str, Any], name: str, choices: list[str], *, required: bool = False,
            default: str | None = None) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise bad_request("required", f"Thiếu trường “{name}”.", f"Field “{name}” is required.", name)
        return default
    if value not in choices:
        listed = ", ".join(choices)
        raise bad_request("bad_choice", f"Giá trị của “{name}” phải là một trong: {listed}.",
                          f"“{name}” must be one of: {listed}.", name)
    return str(value)


def _count(body: dict[str, Any], name: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AGENCIES:
        raise bad_request("bad_number", f"“{name}” phải là số nguyên từ 0 đến {MAX_AGENCIES}.",
                          f"“{name}” must be an integer from 0 to {MAX_AGENCIES}.", name)
    return value


def _uuid(body: dict[str, Any], name: str) -> uuid.UUID | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return uuid.UUID(value)
    raise bad_request("bad_uuid", f"“{name}” phải là một UUID.", f"“{name}” must be a UUID.", name)


def _moment(body: dict[str, Any], name: str) -> datetime | None:
    value = body.get(name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise bad_request("bad_datetime", f"“{name}” phải là thời điểm ISO 8601.",
                          f"“{name}” must be an ISO 8601 date-time.", name)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _dossier_json(dossier: Dossier, *, rated: bool) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "procedure": {"code": dossier.procedure.code, "name": dossier.procedure.name},
        "unit": {"code": dossier.unit.code, "name": dossier.unit.name},
        "desk": {"code": dossier.desk.code, "name": dossier.desk.name},
        "channel": dossier.channel,
        "received_at": _instant(dossier.received_at),
        "due_at": _instant(dossier.due_at),
        "finished_at": _instant(dossier.finished_at),
        "returned_at": _instant(dossier.returned_at),
        "status": dossier.status,
        "rated": rated,
    }


def _rating_json(rating: Rating, dossier_code: str) -> dict[str, Any]:
    return {
        "dossier": dossier_code,
        "channel": rating.channel,
        "satisfaction": rating.satisfaction,
        "agencies_contacted": rating.agencies_contacted,
        "disclosure_seen": rating.disclosure_seen,
        "submitted_at": _instant(rating.submitted_at),
        "client_submitted_at": _instant(rating.client_submitted_at),
        "client_id": None if rating.client_id is None else str(rating.client_id),
    }


def _petition_json(petition: Petition) -> dict[str, Any]:
    status = petition_selectors.petition_public_status(petition)
    return {
        "code": status.code, "status": status.status, "status_vi": status.status_vi,
        "status_en": status.status_en, "prolonged": status.prolonged, "times_raised": status.times_raised,
        "received_at": _instant(status.received_at), "answer_due_at": _instant(status.answer_due_at),
        "answered_at": _instant(status.answered_at), "answer": status.answer,
    }


def dossier_get(request: HttpRequest, code: str) -> HttpResponse:
    dossier = Dossier.objects.select_related("procedure", "unit", "desk").filter(code=code).first()
    if dossier is None:
        raise not_found("Không tìm thấy hồ sơ có mã này.", "No dossier has this code.")
    if not device_serves(request.device, desk_id=dossier.desk_id):  # type: ignore[attr-defined]
        raise _other_desk(request)
    rated = Rating.objects.filter(dossier=dossier).exists()
    return json_response({"dossier": _dossier_json(dossier, rated=rated)})


def _dossier_ref(code: str) -> Dossier | None:
    """The dossier with this code, holding only its id, code and receiving desk.

    Every rating runs this lookup: plain SQL on the unique index costs a fraction of
    the ORM's query building, which the load test (bench/rating_load.py) shows.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, desk_id FROM {Dossier._meta.db_table} WHERE code = %s", [code])
        row = cursor.fetchone()
    if row is None:
        return None
    dossier = Dossier(id=row[0], code=code, desk_id=row[1])
    dossier._state.adding, dossier._state.db = False, connection.alias
    return dossier


def rating_post(request: HttpRequest) -> HttpResponse:
    body = read_json(request)
    _unknown_fields(body, RATING_FIELDS)
    code = _string(body, "dossier", required=True, limit=64)
    satisfaction = _choice(body, "satisfaction", Satisfaction.values, required=True)
    channel = _choice(body, "channel", RatingChannel.values, default=RatingChannel.KIOSK.value)
    if channel != RatingChannel.KIOSK:
        raise _refusal(request, "channel_not_allowed",
                      "Thiết bị tại quầy chỉ gửi đánh giá qua kênh “kiosk”; phiếu giấy do cán bộ nhập "
                      "tại trang Nhập phiếu giấy.",
                      "A counter device rates on channel “kiosk” only; paper forms are keyed by staff "
                      "on the paper-entry page.", "channel")
    for name in PAPER_ONLY_FIELDS:
        if body.get(name) not in (None, ""):
            raise _refusal(request, "paper_field_not_allowed",
                          f"Thiết bị tại quầy không được gửi trường “{name}” (chỉ dành cho phiếu giấy).",
                          f"A counter device may not send “{name}” (paper forms only).", name)
    fields = {
        "agencies_contacted": _count(body, "agencies_contacted"),
        "disclosure_seen": _choice(body, "disclosure_seen", DisclosureSeen.values),
        "comment": _string(body, "comment", limit=MAX_COMMENT),
        "client_id": _uuid(body, "client_id"),
        # The device's time is kept beside the server's, never in its place.
        "client_submitted_at": _moment(body, "submitted_at"),
    }
    dossier = _dossier_ref(code)
    if dossier is None:
        raise bad_request("unknown_dossier", "Không tìm thấy hồ sơ có mã này.", "No dossier has this code.",
                          "dossier")
    if not device_serves(request.device, desk_id=dossier.desk_id):  # type: ignore[attr-defined]
        raise _other_desk(request, "dossier")
    fingerprint = client_fingerprint(address=limits.client_address(request),
                                     user_agent=request.headers.get("User-Agent", ""))
    try:
        outcome = rating_submit(dossier=dossier, channel=RatingChannel.KIOSK, satisfaction=satisfaction,
                                device=request.device, fingerprint=fingerprint,  # type: ignore[attr-defined]
                                **fields)  # type: ignore[arg-type]
    except RatingRefused as refused:
        status, field = 400, None
        if refused.code in {"already_rated", "client_id_reused"}:
            status = 409
        elif refused.code == "control_characters":
            field = "comment"
        raise ApiError(status, refused.code, refused.message_vi, refused.message_en, field) from None
    return json_response({"rating": _rating_json(outcome.rating, dossier.code), "created": outcome.created},
                         201 if outcome.created else 200)


def _petition_in_reach(device: CounterDevice, unit_code: str, dossier_code: str) -> bool:
    """A device submits petitions about its own desk's unit, or about a dossier received
    at its desk (whose unit petition_submit then checks). An unknown unit is left to
    petition_submit, which names the field."""
    unit = petition_selectors.petition_units().filter(code=unit_code.strip()).values_list("pk", flat=True).first()
    if unit is None or unit == device.desk_id:
        return True
    return bool(dossier_code.strip()) and Dossier.objects.filter(code=dossier_code.strip(),
                                                                 desk_id=device.desk_id).exists()


def petition_post(request: HttpRequest) -> HttpResponse:
    body = read_json(request)
    _unknown_fields(body, PETITION_FIELDS)
    unit_code = _string(body, "unit", required=True, limit=64)
    dossier_code = _string(body, "dossier", limit=64)
    if not _petition_in_reach(request.device, unit_code, dossier_code):  # type: ignore[attr-defined]
        raise _refusal(request, "other_unit",
                      "Thiết bị tại quầy chỉ gửi phản ánh về đơn vị của quầy mình hoặc về hồ sơ tiếp nhận "
                      "tại quầy. Người dân gửi phản ánh về đơn vị khác tại trang /phan-anh/gui/.",
                      "A counter device submits petitions about its own desk's unit or its dossiers only. "
                      "Citizens petition other agencies at /phan-anh/gui/.", "unit")
    try:
        petition = petition_submit(
            unit_code=unit_code, content=_string(body, "content", required=True, limit=MAX_CONTENT),
            dossier_code=dossier_code, official=_string(body, "official", limit=MAX_NAME),
            actor=Actor(f"api:device-{request.device.pk}"))  # type: ignore[attr-defined]
    except PetitionRefused as refusal:
        raise bad_request(refusal.code, refusal.message_vi, refusal.message_en, refusal.field) from None
    return json_response({"petition": _petition_json(petition)}, 201)


def petition_get(request: HttpRequest, code: str) -> HttpResponse:
    """Refused to every device, whatever the code (nothing is looked up): the tablet
    never reads petitions, and an answer is for the citizen who holds the code."""
    raise _refusal(request, "not_for_devices",
                  "Thiết bị tại quầy không tra cứu phản ánh, kiến nghị. Người dân theo dõi phản ánh bằng "
                  "mã theo dõi tại trang /phan-anh/tra-cuu/.",
                  "Counter devices do not read petitions. Citizens follow a petition with its tracking "
                  "code at /phan-anh/tra-cuu/.")


def openapi_get(request: HttpRequest) -> HttpResponse:
    # Public, without a token: limited as the public pages are, per client address.
    if limits.over(PUBLIC_PAGE_SCOPE, limits.client_address(request), public_page_rate()):
        raise TOO_MANY
    return json_response(openapi_document())


def unknown_route(request: HttpRequest, rest: str = "") -> HttpResponse:
    raise not_found("Không có địa chỉ API này.", "No such API route.")


dossier = endpoint({"GET": dossier_get})
ratings = endpoint({"POST": rating_post})
petitions = endpoint({"POST": petition_post})
petition = endpoint({"GET": petition_get})
openapi = endpoint({"GET": openapi_get}, authenticated=False)
# Every method, without a token: an unknown path answers 404 in the API's error shape.
not_found_view = endpoint({m: unknown_route for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")},
                          authenticated=False)
