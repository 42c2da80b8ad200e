"""`tthc counter_device_add`: a tablet for a desk, its token printed once, only its hash kept."""

from __future__ import annotations

import hashlib
import re
from io import StringIO

import pytest
from counter_world import CounterWorld
from django.core.management import call_command
from django.core.management.base import CommandError

from tthc.audit.models import AuditEntry
from tthc.counter.models import CounterDevice
from tthc.counter.selectors import device_for_token

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"device token: (\S+)")


def add(*args: str) -> str:
    out = StringIO()
    call_command("counter_device_add", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_token_once_and_stores_only_its_hash(world: CounterWorld) -> None:
    output = add("--desk", "STP", "--name", "Quầy 2")
    token = TOKEN.search(output).group(1)  # type: ignore[union-attr]
    device = CounterDevice.objects.get(desk=world.desk, name="Quầy 2")
    assert device.active and device.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(CounterDevice.objects.values()))
    assert device_for_token(token) == device
    entry = AuditEntry.objects.get(action="counter_device_add", object_key=str(device.pk))
    assert entry.after == {"name": "Quầy 2", "desk": "STP", "active": True} and token not in str(entry.after)


def test_a_new_token_replaces_the_old_one_at_once(world: CounterWorld) -> None:
    output = add("--desk", "STP", "--name", "Quầy 1", "--new-token")
    token = TOKEN.search(output).group(1)  # type: ignore[union-attr]
    assert device_for_token(world.token) is None
    assert device_for_token(token) == world.device
    assert AuditEntry.objects.filter(action="counter_device_token_renew").count() == 1


def test_unknown_desk_duplicate_name_and_missing_device_are_refused(world: CounterWorld) -> None:
    with pytest.raises(CommandError, match="Không có đơn vị"):
        add("--desk", "XYZ", "--name", "Quầy 1")
    with pytest.raises(CommandError, match="đã có thiết bị"):
        add("--desk", "STP", "--name", "Quầy 1")
    with pytest.raises(CommandError, match="không có thiết bị"):
        add("--desk", "STC", "--name", "Quầy 7", "--new-token")
    assert CounterDevice.objects.count() == 2


def test_an_inactive_device_no_longer_answers_to_its_token(world: CounterWorld) -> None:
    CounterDevice.objects.filter(pk=world.device.pk).update(active=False)
    assert device_for_token(world.token) is None
    assert device_for_token("") is None and device_for_token("x" * 1000) is None
