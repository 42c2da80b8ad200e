"""A small month of the national index (qd766) scored from the records, with a login for
every role: the scoring tests' month (tests/scoring/test_index_score.py — two province
agencies and a commune of the two-level organisation), scored by `tthc score`.
Imported by name (the test folders are not packages)."""

from __future__ import annotations

import sys
from io import StringIO
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

_TESTS = Path(__file__).resolve().parent
if str(_TESTS / "scoring") not in sys.path:
    sys.path.append(str(_TESTS / "scoring"))

from django.utils import timezone  # noqa: E402
from test_index_score import PERIOD, small_month  # noqa: E402

from tthc.access.models import AgencyLeader  # noqa: E402
from tthc.scoring.models import Period, PeriodState  # noqa: E402

__all__ = ["PERIOD", "IndexWorld", "index_world_create"]


class IndexWorld:
    """The month scored under qd766; users `leader` (of SXD) and `other_leader` (of STP)
    beside the personas (admin, appraiser, outsider, anonymous…)."""

    def __init__(self, personas: Any) -> None:
        self.units = small_month()
        call_command("score", "--period", PERIOD, "--method", "qd766", "--profile", "national", stdout=StringIO(),
                     stderr=StringIO())
        users = get_user_model().objects
        self.personas = personas
        self.users = {"leader": users.create_user("lanhdao-sxd", None, None),
                      "other_leader": users.create_user("lanhdao-stp", None, None)}
        AgencyLeader.objects.create(user=self.users["leader"], unit=self.units["SXD"])
        AgencyLeader.objects.create(user=self.users["other_leader"], unit=self.units["STP"])

    def publish(self) -> None:
        """The month approved and published under the index, as the appraiser leaves it."""
        Period.objects.filter(code=PERIOD).update(
            state=PeriodState.LOCKED, published_at=timezone.now(), published_method="qd766",
            published_profile="national")

    def client(self, name: str) -> Client:
        if name in self.users:
            client = Client()
            client.force_login(self.users[name])
            return client
        return self.personas.client(name)


def index_world_create(personas: Any) -> IndexWorld:
    return IndexWorld(personas)
