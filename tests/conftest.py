"""Shared fixtures, and the database-only selection of `make test`'s PostgreSQL pass."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Helper modules beside the tests (personas) are imported by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# A second, deliberately different methodology (tests/methods/thu_nghiem) is installed
# for every test, as a province would add a folder: its golden cases run beside nd61's,
# and tests/test_second_methodology.py scores it end to end.
TEST_METHODS = Path(__file__).resolve().parent / "methods"
os.environ.setdefault("TTHC_RULES_DIR", str(TEST_METHODS))

from personas import Personas, personas_create  # noqa: E402 (after the path is set)

# Fixtures through which a test reaches the database (directly or not).
_DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "_django_db_helper", "live_server"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With TTHC_ONLY_DB_TESTS set, keep only tests that use the database.

    `make test` runs everything on SQLite, then again on PostgreSQL only what touches a
    database: the pure engine tests would prove nothing new there.
    """
    if not os.environ.get("TTHC_ONLY_DB_TESTS"):
        return
    kept, deselected = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(
            _DB_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (kept if uses_db else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture
def personas(db: None) -> Personas:
    """admin (superuser), appraiser (staff, view only), outsider (no staff); and anonymous."""
    return personas_create()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Rate-limit counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _rate_limit_window_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """django-ratelimit counts in fixed windows that end on the clock; a test crossing a
    window's end would see its count reset. Within a test, the window never ends."""
    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "_get_window", lambda value, period: 4_102_444_800)
