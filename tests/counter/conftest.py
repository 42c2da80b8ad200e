"""Fixtures of the counter tests: the desk world, clients for each persona, a fresh rate-limit cache."""

from __future__ import annotations

import pytest
from counter_world import CounterWorld, counter_world, tablet
from django.test import Client


@pytest.fixture
def one_rate_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every request of a test in one rate-limit window: django-ratelimit's windows
    are fixed slices of the clock, and a test crossing an edge would see its count reset."""
    from django_ratelimit import core

    monkeypatch.setattr(core, "_get_window", lambda value, period: 4_102_444_800)


@pytest.fixture
def world(db: None) -> CounterWorld:
    return counter_world()


@pytest.fixture
def official_client(world: CounterWorld) -> Client:
    client = Client()
    client.force_login(world.user)
    return client


@pytest.fixture
def kiosk_client(world: CounterWorld) -> Client:
    return tablet(world.token)
