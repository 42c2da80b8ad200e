"""The API's HTTP layer: one error shape, device-token authentication, per-token rate
limits (in the table every worker shares, tthc.access.limits), method dispatch. Views
only parse input, call services and shape output.

Every error is ``{"error": {"code", "message_vi", "message_en", "field"}}``. Nothing
here logs a request's path, body or address: paths carry dossier and tracking codes.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from tthc.access import limits
from tthc.counter.models import CounterDevice

logger = logging.getLogger("tthc.api")

DEFAULT_RATE = "600/m"  # per device token
DEFAULT_AUTH_FAILURE_RATE = "30/m"  # refused attempts per presented token
# Refused attempts per client address, all tokens together: past it, a wrong token is
# refused uncounted, so random tokens cannot fill the counters' table.
DEFAULT_AUTH_FAILURE_ADDRESS_RATE = "300/m"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message_vi: str, message_en: str,
                 field: str | None = None, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(code)
        self.status, self.code, self.message_vi, self.message_en = status, code, message_vi, message_en
        self.field, self.headers = field, dict(headers or {})


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}, safe=False)
    for name, value in (headers or {}).items():
        response[name] = value
    # Django's request logger would write "Not Found: /api/dossiers/<code>" for every
    # 4xx; the path holds a dossier or tracking code, so the warning is skipped.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def error_response(error: ApiError) -> JsonResponse:
    body = {"error": {"code": error.code, "message_vi": error.message_vi, "message_en": error.message_en,
                      "field": error.field}}
    return json_response(body, error.status, error.headers)


def bad_request(code: str, message_vi: str, message_en: str, field: str | None = None) -> ApiError:
    return ApiError(400, code, message_vi, message_en, field)


def not_found(message_vi: str = "Không tìm thấy.", message_en: str = "Not found.") -> ApiError:
    return ApiError(404, "not_found", message_vi, message_en)


def token_hash(token: str) -> str:
    """What CounterDevice.token_hash stores for a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def _rate(setting: str, default: str) -> str:
    return str(getattr(settings, setting, default))


TOO_MANY = ApiError(429, "rate_limited", "Quá nhiều yêu cầu trong thời gian ngắn; xin thử lại sau.",
                    "Too many requests; try again later.", headers={"Retry-After": "60"})
UNAUTHORIZED = ApiError(401, "unauthorized", "Thiếu khóa thiết bị hoặc khóa không hợp lệ.",
                        "Missing or invalid device token.", headers={"WWW-Authenticate": 'Bearer realm="tthc"'})


def _active_device(hashed: str) -> CounterDevice | None:
    """The active device with this token hash.

    Every API call runs this lookup; plain SQL on the unique index costs a fraction of
    building the same query through the ORM, which the load test shows in throughput.
    """
    table = CounterDevice._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, name, desk_id FROM {table} WHERE token_hash = %s AND active", [hashed])
        row = cursor.fetchone()
    if row is None:
        return None
    device = CounterDevice(id=row[0], name=row[1], desk_id=row[2], token_hash=hashed, active=True)
    device._state.adding, device._state.db = False, connection.alias
    return device


def authenticate(request: HttpRequest) -> CounterDevice:
    """The active device whose token is in ``Authorization: Bearer …``; else 401.

    A refused token is counted by its hash, not by address: one tablet retrying a
    revoked token, or one client guessing, behind the office's proxy never holds back
    the good tokens of the tablets beside it (their lookups succeed before any count).
    Refused tokens also count against the client's address under a generous ceiling,
    past which nothing more is counted per token: made-up tokens add no rows.
    Guessing a token of ~119 bits is hopeless anyway; nothing of it is logged.
    """
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UNAUTHORIZED
    hashed = token_hash(token.strip())
    device = _active_device(hashed)
    if device is None:
        if limits.failed_lookup("api.bad-token", hashed,
                                _rate("TTHC_API_AUTH_FAILURE_RATE", DEFAULT_AUTH_FAILURE_RATE),
                                limits.client_address(request),
                                _rate("TTHC_API_AUTH_FAILURE_ADDRESS_RATE", DEFAULT_AUTH_FAILURE_ADDRESS_RATE)):
            raise TOO_MANY
        raise UNAUTHORIZED
    return device


def read_json(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"null")
    except RequestDataTooBig:
        raise ApiError(413, "too_large", "Nội dung gửi lên quá lớn.", "Request body too large.") from None
    except (UnicodeDecodeError, ValueError):
        raise bad_request("bad_json", "Nội dung gửi lên không phải JSON hợp lệ (UTF-8).",
                          "The request body is not valid UTF-8 JSON.") from None
    if not isinstance(body, dict):
        raise bad_request("bad_json", "Nội dung gửi lên phải là một đối tượng JSON.",
                          "The request body must be a JSON object.")
    return body


Handler = Callable[..., HttpResponse]


def _dispatch(request: HttpRequest, methods: Mapping[str, Handler], authenticated: bool,
              kwargs: dict[str, Any]) -> HttpResponse:
    try:
        handler = methods.get("GET" if request.method == "HEAD" else (request.method or ""))
        if handler is None:
            allowed = ", ".join(sorted(methods))
            raise ApiError(405, "method_not_allowed", f"Phương thức không được hỗ trợ; dùng {allowed}.",
                           f"Method not allowed; use {allowed}.", headers={"Allow": allowed})
        if authenticated:
            request.device = authenticate(request)  # type: ignore[attr-defined]
            if limits.over("api.device", str(request.device.pk),  # type: ignore[attr-defined]
                           _rate("TTHC_API_RATE", DEFAULT_RATE)):
                raise TOO_MANY
        return handler(request, **kwargs)
    except ApiError as error:
        return error_response(error)
    except Exception:
        # The route's name only: the path and body may hold dossier or tracking codes.
        logger.exception("API handler failed: %s", getattr(request.resolver_match, "view_name", "?"))
        return error_response(ApiError(500, "internal_error", "Lỗi hệ thống; xin thử lại sau.",
                                       "Internal error; try again later."))


def endpoint(methods: Mapping[str, Handler], *, authenticated: bool = True) -> Callable[..., HttpResponse]:
    """A CSRF-exempt view (tokens, not cookies, authenticate) dispatching by method.

    The view keeps its methods so that tests can compare the routes with the OpenAPI
    document.
    """
    methods = dict(methods)

    @csrf_exempt
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return _dispatch(request, methods, authenticated, kwargs)

    view.api_methods = tuple(sorted(methods))  # type: ignore[attr-defined]
    view.api_authenticated = authenticated  # type: ignore[attr-defined]
    return view
