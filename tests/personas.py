"""Named personas for tests: who asks matters as much as what is asked.

Every access test names its persona. The outsider is always included: a logged-in
person with no business in the admin, who must be refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from tthc.web.services import appraiser_group_ensure

NAMES = ("admin", "appraiser", "anonymous", "outsider")


@dataclass(frozen=True)
class Personas:
    admin: AbstractBaseUser
    appraiser: AbstractBaseUser
    outsider: AbstractBaseUser

    def client(self, name: str) -> Client:
        """A test client logged in as the persona (not logged in for "anonymous")."""
        if name not in NAMES:
            raise ValueError(f"unknown persona {name!r}; one of {NAMES}")
        client = Client()
        if name != "anonymous":
            client.force_login(getattr(self, name))
        return client


def personas_create() -> Personas:
    # No passwords: clients log in with force_login, and hashing would cost ~0.3 s each.
    users = get_user_model().objects
    admin = users.create_superuser("persona-admin", "admin@example.invalid", None)
    appraiser = users.create_user("persona-appraiser", "appraiser@example.invalid", None,
                                  is_staff=True)
    appraiser.groups.add(appraiser_group_ensure())
    # An official of some agency: a real account, but no staff rights.
    outsider = users.create_user("persona-outsider", "outsider@example.invalid", None)
    return Personas(admin=admin, appraiser=appraiser, outsider=outsider)


@dataclass(frozen=True)
class AgencyPersonas:
    """The agency roles around one unit: its leader, one of its desk officials, and the
    leader of another agency (the outsider who must be refused this unit's data)."""

    leader: AbstractBaseUser
    desk_official: AbstractBaseUser
    other_leader: AbstractBaseUser

    def client(self, name: str) -> Client:
        client = Client()
        client.force_login(getattr(self, name))
        return client


def agency_personas_create(*, unit: Any, official: Any, other_unit: Any) -> AgencyPersonas:
    """Log-ins for the leader of `unit`, for `official` (a desk official of it) and for the
    leader of `other_unit`."""
    from tthc.access.models import AgencyLeader

    users = get_user_model().objects
    leader = users.create_user(f"persona-leader-{unit.code}", None, None)
    AgencyLeader.objects.create(user=leader, unit=unit)
    other = users.create_user(f"persona-leader-{other_unit.code}", None, None)
    AgencyLeader.objects.create(user=other, unit=other_unit)
    desk = users.create_user(f"persona-official-{official.code}", None, None)
    official.user = desk
    official.save(update_fields=["user"])
    return AgencyPersonas(leader=leader, desk_official=desk, other_leader=other)
