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


class LimitsClock:
    """The clock of rate limits and log-in back-off, held still; `advance` moves it."""

    def __init__(self, start: float) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture(autouse=True)
def limits_clock(monkeypatch: pytest.MonkeyPatch) -> LimitsClock:
    """Limits count in windows and waits measured on tthc.access.limits.now: within a test
    the clock stands still (a test never crosses a window's end by being slow) unless the
    test moves it. The counters themselves are database rows, gone with each test's
    transaction."""
    from tthc.access import limits

    clock = LimitsClock(limits.now())
    monkeypatch.setattr(limits, "now", clock)
    return clock
