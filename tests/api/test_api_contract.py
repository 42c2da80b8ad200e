"""The OpenAPI document is served, well formed, and describes every route and method."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest
from api_world import DOCUMENT, assert_documented
from django.test import Client
from django.urls import URLPattern, get_resolver

from tthc.api import urls as api_urls

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _routes() -> dict[str, tuple[str, ...]]:
    """OpenAPI path → methods, for every route of tthc.api.urls but the catch-all."""
    prefix = next(p.pattern._route for p in get_resolver().url_patterns  # type: ignore[attr-defined]
                  if getattr(p, "urlconf_module", None) is api_urls)
    routes = {}
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name == "not_found":
            continue
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        routes[f"/{prefix}{route}"] = pattern.callback.api_methods  # type: ignore[attr-defined]
    return routes


def test_every_route_is_documented_with_its_methods() -> None:
    routes = _routes()
    assert len(routes) == 5
    documented = {path: tuple(sorted(m.upper() for m in item if m in HTTP_METHODS))
                  for path, item in DOCUMENT["paths"].items()}
    assert documented == routes


def test_path_parameters_are_declared() -> None:
    for path, item in DOCUMENT["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for operation in item.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == names, path


def test_the_catch_all_is_last_and_answers_404_in_the_error_shape(db: None) -> None:
    assert api_urls.urlpatterns[-1].name == "not_found"
    for method in ("get", "post", "delete"):
        response = getattr(Client(), method)("/api/khong-co/gi")
        assert response.status_code == 404
        body = json.loads(response.content)
        assert body["error"]["code"] == "not_found" and body["error"]["message_en"] == "No such API route."


def test_document_is_openapi_3_1_with_valid_schemas() -> None:
    assert DOCUMENT["openapi"] == "3.1.0"
    for schema in DOCUMENT["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    refs = set(re.findall(r'"#/components/schemas/(\w+)"', json.dumps(DOCUMENT)))
    assert refs <= set(DOCUMENT["components"]["schemas"])
    for item in DOCUMENT["paths"].values():
        for operation in item.values():
            assert operation["operationId"] and operation["responses"]
            for response in operation["responses"].values():
                assert response["description"]


@pytest.mark.django_db
def test_document_is_served_without_a_token() -> None:
    response = Client().get("/api/openapi.json")
    body: dict[str, Any] = assert_documented(response, "/api/openapi.json", "GET")
    assert body == DOCUMENT
    assert "thiết bị" in response.content.decode()  # UTF-8, not \\u escapes
