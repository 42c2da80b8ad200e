"""Fixtures for the dashboards (the world itself: dashboard_world.py)."""

from __future__ import annotations

from typing import Any

import pytest
from dashboard_world import World, world_create


@pytest.fixture
def world(personas: Any) -> World:
    """STP (leader `leader`, desk official CB1 = `official`), STC (leader `other_leader`,
    official CB2 = `other_official`), HDB; 2020-Q1 scored. Personas: admin, appraiser,
    outsider (logged in, no role), anonymous."""
    return world_create(personas)
