"""The dashboards' test world: the small scored province of tests/scoring, with a login
for every role. Imported by name (the test folders are not packages)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.dateparse import parse_datetime

# The worlds of the scoring and web tests, reused rather than written again.
_TESTS = Path(__file__).resolve().parent.parent
for folder in ("scoring", "web"):
    if str(_TESTS / folder) not in sys.path:
        sys.path.append(str(_TESTS / folder))

from scoring_world import province  # noqa: E402

from tthc.access.models import AgencyLeader  # noqa: E402
from tthc.organisation.models import Official  # noqa: E402
from tthc.scoring.models import ScoringRun  # noqa: E402
from tthc.scoring.services import period_score  # noqa: E402

AS_OF = parse_datetime("2020-04-15T12:00:00+07:00")
# A drill-down row's dossier code: after the row's number, a link to the dossier's page
# for staff (`{% ma_ho_so %}`).
DOSSIER_CODE = re.compile(r'<p class="dossier-head"><span class="row-no">[^<]*</span> '
                          r'<strong><a class="code" href="/ho-so/[^"]+/">([^<]+)</a></strong>')


def score(period: str = "2020-Q1") -> ScoringRun:
    return period_score(period_code=period, actor="test", as_of=AS_OF).run


@dataclass(frozen=True)
class World:
    units: dict[str, Any]
    users: dict[str, Any]
    run: ScoringRun

    def client(self, name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(self.users[name])
        return client


def world_create(personas: Any) -> World:
    """STP (leader `leader`, desk official CB1 = `official`), STC (leader `other_leader`,
    official CB2 = `other_official`), HDB; 2020-Q1 scored. Personas: admin, appraiser,
    outsider (logged in, no role), anonymous."""
    units = province()
    users_model = get_user_model().objects
    leader = users_model.create_user("lanhdao-stp", None, None)
    AgencyLeader.objects.create(user=leader, unit=units["stp"], title="Giám đốc")
    other_leader = users_model.create_user("lanhdao-stc", None, None)
    AgencyLeader.objects.create(user=other_leader, unit=units["stc"])
    official = users_model.create_user("canbo-cb1", None, None)
    Official.objects.filter(pk=units["cb1"].pk).update(user=official)
    other = Official.objects.create(code="CB2", full_name="Quàng Văn Bình", unit=units["stc"])
    other_official = users_model.create_user("canbo-cb2", None, None)
    Official.objects.filter(pk=other.pk).update(user=other_official)
    units["cb2"] = other
    users = {"admin": personas.admin, "appraiser": personas.appraiser,
             "outsider": personas.outsider, "leader": leader, "other_leader": other_leader,
             "official": official, "other_official": other_official}
    return World(units, users, score("2020-Q1"))
