"""Fixtures for the dossier page: the dashboards' world (tests/dashboards/dashboard_world.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

_DASHBOARDS = Path(__file__).resolve().parent.parent / "dashboards"
if str(_DASHBOARDS) not in sys.path:
    sys.path.append(str(_DASHBOARDS))

from dashboard_world import World, world_create  # noqa: E402


@pytest.fixture
def world(personas: Any) -> World:
    """STP (leader `leader`, desk official CB1 = `official`), STC (leader `other_leader`,
    official CB2 = `other_official`), HDB; 2020-Q1 scored. HS-EARLY (STP, a step by STC),
    HS-LATE (STP, a supplement, a rating, a petition), HS-OPEN (HDB)."""
    return world_create(personas)
