"""Petition fixtures: a small world."""

from __future__ import annotations

import pytest
from petition_world import World, world_create


@pytest.fixture
def world(db: None) -> World:
    return world_create()
