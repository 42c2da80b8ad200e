"""Device tokens: who may call, the 401 and 429 answers, CSRF exemption, and the logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from api_world import OTHER_TOKEN, TOKEN, assert_documented, device_client, post_json
from django.test import Client

from tthc.counter.models import CounterDevice
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db
DOSSIER = "/api/dossiers/{code}"


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "Bearer sai-khoa", f"Basic {TOKEN}",
                                    f"Token {TOKEN}"])
def test_missing_or_wrong_token_is_401(world: dict[str, Any], header: str | None) -> None:
    client = Client() if header is None else Client(HTTP_AUTHORIZATION=header)
    response = client.get("/api/dossiers/HS-1")
    body = assert_documented(response, DOSSIER, "GET")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert body["error"] == {"code": "unauthorized", "message_vi": "Thiếu khóa thiết bị hoặc khóa không hợp lệ.",
                             "message_en": "Missing or invalid device token.", "field": None}


def test_an_inactive_device_is_refused(world: dict[str, Any]) -> None:
    CounterDevice.objects.filter(pk=world["device"].pk).update(active=False)
    assert device_client().get("/api/dossiers/HS-1").status_code == 401
    assert device_client(OTHER_TOKEN).get("/api/dossiers/HS-1").status_code == 200


def test_a_device_token_is_not_a_session(world: dict[str, Any], personas) -> None:  # type: ignore[no-untyped-def]
    # A logged-in administrator without a token is still refused: no session auth.
    assert personas.client("admin").get("/api/dossiers/HS-1").status_code == 401


def test_posts_need_no_csrf_token(world: dict[str, Any]) -> None:
    client = device_client(enforce_csrf_checks=True)
    response = post_json(client, "/api/ratings", {"dossier": "HS-1", "satisfaction": "satisfied"})
    assert response.status_code == 201


def test_rate_limit_per_token(world: dict[str, Any], settings) -> None:  # type: ignore[no-untyped-def]
    settings.TTHC_API_RATE = "3/m"
    statuses = [device_client().get("/api/dossiers/HS-1").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = post_json(device_client(), "/api/ratings", {"dossier": "HS-1", "satisfaction": "satisfied"})
    body = assert_documented(response, "/api/ratings", "POST")
    assert response.status_code == 429 and body["error"]["code"] == "rate_limited"
    assert response["Retry-After"] == "60"
    assert not Rating.objects.exists()
    # Another device has its own allowance.
    assert device_client(OTHER_TOKEN).get("/api/dossiers/HS-1").status_code == 200


def test_refused_tokens_are_throttled_per_token(world: dict[str, Any], settings) -> None:  # type: ignore[no-untyped-def]
    settings.TTHC_API_AUTH_FAILURE_RATE = "3/m"
    guesser = Client(HTTP_AUTHORIZATION="Bearer doan-mo", REMOTE_ADDR="198.51.100.4")
    assert [guesser.get("/api/dossiers/HS-1").status_code for _ in range(5)] == [401, 401, 401, 429, 429]
    # The good tokens behind the same address (an office's proxy) are not held back…
    beside = Client(HTTP_AUTHORIZATION=f"Bearer {TOKEN}", REMOTE_ADDR="198.51.100.4")
    assert [beside.get("/api/dossiers/HS-1").status_code for _ in range(5)] == [200] * 5
    # …and another wrong token is counted on its own.
    other = Client(HTTP_AUTHORIZATION="Bearer doan-khac", REMOTE_ADDR="198.51.100.4")
    assert other.get("/api/dossiers/HS-1").status_code == 401


def test_wrong_method_is_405_with_allow(world: dict[str, Any]) -> None:
    response = device_client().get("/api/ratings")
    body = assert_documented(response, "/api/ratings", "POST")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert body["error"]["code"] == "method_not_allowed"
    assert device_client().delete("/api/dossiers/HS-1").status_code == 405


def test_logs_hold_no_codes_tokens_or_addresses(world: dict[str, Any], caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    client = device_client(REMOTE_ADDR="203.0.113.50")
    client.get("/api/dossiers/HS-BI-MAT-404")
    post_json(client, "/api/ratings", {"dossier": "HS-BI-MAT-400", "satisfaction": "satisfied"})
    post_json(client, "/api/ratings", {"dossier": "HS-1", "satisfaction": "satisfied", "comment": "Ý kiến riêng"})
    post_json(client, "/api/ratings", {"dossier": "HS-1", "satisfaction": "neutral"})
    client.get("/api/petitions/PAKN-2026-BIMAT234")
    Client(HTTP_AUTHORIZATION="Bearer khoa-doan-sai", REMOTE_ADDR="203.0.113.51").get("/api/dossiers/HS-1")
    for secret in ("HS-BI-MAT", "HS-1", "BIMAT234", "Ý kiến riêng", "203.0.113", TOKEN, "khoa-doan-sai"):
        assert secret not in caplog.text
