"""The desk and the tablets pages in English (the switcher's cookie), Vietnamese by default."""

from __future__ import annotations

import pytest
from counter_world import CounterWorld
from django.contrib.auth import get_user_model
from django.test import Client
from english import english, headings, leftover_vietnamese

from tthc.access.models import AgencyLeader

pytestmark = pytest.mark.django_db

DATA = ("Sở Tư pháp", "Sở Tài chính", "Lò Thị Hoa", "Quầy STC", "Quầy 1", "Tiếng Việt")


def _leader(world: CounterWorld) -> Client:
    user = get_user_model().objects.create_user("lanh-dao-stp")
    AgencyLeader.objects.create(user=user, unit=world.desk)
    client = Client()
    client.force_login(user)
    return client


def test_the_desk_page_reads_english(world: CounterWorld, official_client: Client) -> None:
    html = english(official_client).get("/quay/").content.decode()
    assert "Dossiers received at the desk" in headings(html)
    assert "Send to the counter tablet" in html and "Gửi sang thiết bị đánh giá" not in html
    assert leftover_vietnamese(html, DATA) == []


def test_the_desk_page_is_vietnamese_by_default(world: CounterWorld, official_client: Client) -> None:
    html = official_client.get("/quay/").content.decode()
    assert "Hồ sơ tiếp nhận tại quầy" in headings(html) and "Dossiers received" not in html


def test_the_tablets_page_reads_english(world: CounterWorld) -> None:
    leader = _leader(world)
    html = english(leader).get("/quay/may-tinh-bang/").content.decode()
    assert "Counter tablets" in headings(html) and "Register a new tablet" in headings(html)
    assert leftover_vietnamese(html, DATA) == []
    assert "Thiết bị đánh giá tại quầy" in headings(_leader_vi(leader))


def _leader_vi(client: Client) -> str:
    client.cookies.pop("django_language")
    return client.get("/quay/may-tinh-bang/").content.decode()
