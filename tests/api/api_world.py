"""Rows for the API tests, and a check that a response matches the OpenAPI document."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
from django.test import Client

from tthc.api.http import token_hash
from tthc.api.openapi import openapi_document
from tthc.catalogue.models import Procedure
from tthc.counter.models import CounterDevice
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official, Unit

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TOKEN = "thiet-bi-quay-1-khoa-bi-mat"
OTHER_TOKEN = "thiet-bi-quay-2-khoa-bi-mat"
DOCUMENT = openapi_document()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HCM)


def world_create() -> dict[str, Any]:
    province = Unit.objects.create(code="DB", name="Tỉnh Điện Biên", kind="province")
    stp = Unit.objects.create(code="STP", name="Sở Tư pháp", kind="province_agency", parent=province)
    official = Official.objects.create(code="CB1", full_name="Lò Thị Hoa", unit=stp)
    procedure = Procedure.objects.create(code="1.000001", name="Cấp phiếu lý lịch tư pháp", time_limit=5)
    dossiers = [
        Dossier.objects.create(code=f"HS-{n}", procedure=procedure, unit=stp, desk=stp, received_by=official,
                               channel="direct", received_at=at("2026-02-02 08:00"),
                               due_at=at("2026-02-09 17:00"), status="processing")
        for n in range(1, 4)
    ]
    device = CounterDevice.objects.create(name="Quầy 1", desk=stp, token_hash=token_hash(TOKEN))
    other = CounterDevice.objects.create(name="Quầy 2", desk=stp, token_hash=token_hash(OTHER_TOKEN))
    return {"stp": stp, "official": official, "dossiers": dossiers, "device": device, "other_device": other}


def device_client(token: str = TOKEN, **defaults: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", **defaults)


def post_json(client: Client, path: str, body: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json")


def _operation(template: str, method: str) -> dict[str, Any]:
    return DOCUMENT["paths"][template][method.lower()]


def assert_documented(response: Any, template: str, method: str) -> Any:
    """The response's status is documented for the operation (or falls under
    "default") and its body validates against that response's schema. Returns the body."""
    responses = _operation(template, method)["responses"]
    documented = responses.get(str(response.status_code)) or responses.get("default")
    assert documented is not None, f"{method} {template}: {response.status_code} undocumented"
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    schema = {**documented["content"]["application/json"]["schema"], "components": DOCUMENT["components"]}
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(body)
    return body


def assert_request_valid(template: str, method: str, body: Any) -> None:
    schema = {**_operation(template, method)["requestBody"]["content"]["application/json"]["schema"],
              "components": DOCUMENT["components"]}
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(
        body)
