"""API fixtures: devices with tokens, a few dossiers."""

from __future__ import annotations

from typing import Any

import pytest
from api_world import world_create


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    return world_create()
