"""A small desk with dossiers to rate, officials with logins, and fresh rate limits."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # feedback_world

from feedback_world import FeedbackWorld, feedback_world_create


@pytest.fixture
def world(db: None) -> FeedbackWorld:
    return feedback_world_create()
