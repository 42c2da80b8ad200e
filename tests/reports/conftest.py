"""Fixtures of the report tests; the world itself is built in report_world.py."""

from __future__ import annotations

import pytest
from personas import Personas
from report_world import World, world_create

from tthc.audit.models import AuditEntry
from tthc.scoring.selectors import DEMO_LOADED_ACTION


@pytest.fixture
def world(personas: Personas) -> World:
    return world_create(personas)


@pytest.fixture
def demo_flag(db: None) -> AuditEntry:
    return AuditEntry.objects.create(actor="cli:demo", action=DEMO_LOADED_ACTION,
                                     object_type="dataset", object_key="dien-bien-2020")
