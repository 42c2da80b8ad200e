"""A small desk with dossiers to rate, officials with logins, and fresh rate limits."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache

sys.path.insert(0, str(Path(__file__).resolve().parent))  # feedback_world

from feedback_world import FeedbackWorld, feedback_world_create


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    # Rate limits count in the process's cache; one test's requests must not limit the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db: None) -> FeedbackWorld:
    return feedback_world_create()
