"""Fixtures of the counter tests: the desk world, clients for each persona."""

from __future__ import annotations

import pytest
from counter_world import CounterWorld, counter_world, tablet
from django.test import Client


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
