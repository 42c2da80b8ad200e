"""Every role × every page and API endpoint (issue 5): who gets what.

The table itself is tests/matrix.py. A second test walks the URL configuration, so a
page added without a row there fails.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from matrix import LOGIN, MATRIX, ROLES, matrix_world_build


@pytest.fixture
def world(personas: Any) -> dict[str, Any]:
    return matrix_world_build(personas)


def _outcome(response: Any) -> Any:
    if response.status_code in (301, 302) and "/dang-nhap/" in response.get("Location", ""):
        return LOGIN
    return response.status_code


def test_every_role_on_every_page(world: dict[str, Any]) -> None:
    wrong = []
    for role in ROLES:
        client = Client()
        user = world["users"][role]
        for row in MATRIX:
            expected = row.expect[role]
            if expected is None:
                continue
            if user is not None:
                client.force_login(user)  # again: the logout row ends the session
            url = row.path.format(**world["values"])
            response = getattr(client, row.method)(url)
            got = _outcome(response)
            if got != expected:
                wrong.append(f"{role:13} {row.method.upper():4} {url}: {got}, expected {expected}")
    assert not wrong, "Permission matrix differs:\n" + "\n".join(wrong)


def _names(patterns: list[Any], namespace: str = "") -> set[str]:
    found: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the Django admin: tests/web/test_web_admin.py
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= _names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            found.add(f"{namespace}{pattern.name}")
    return found


def test_every_url_has_a_row() -> None:
    assert _names(get_resolver().url_patterns) == {row.name for row in MATRIX}
