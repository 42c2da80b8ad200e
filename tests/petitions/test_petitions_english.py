"""The petition form and tracking pages in English (the switcher's cookie), Vietnamese by default."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from english import english, headings, leftover_vietnamese
from petition_world import World

pytestmark = pytest.mark.django_db

DATA = ("Tiếng Việt",)


def test_the_petition_form_reads_english(world: World) -> None:
    html = english(Client()).get(reverse("petitions:submit")).content.decode()
    assert "Send the petition" in headings(html) and "Agency the petition is about" in headings(html)
    assert leftover_vietnamese(html, DATA) == []


def test_the_tracking_page_reads_english(world: World) -> None:
    html = english(Client()).get(reverse("petitions:track")).content.decode()
    assert "Track a petition" in headings(html) and "Tracking code" in headings(html)
    assert leftover_vietnamese(html, DATA) == []


def test_the_petition_pages_are_vietnamese_by_default(world: World) -> None:
    assert "Gửi phản ánh" in headings(Client().get(reverse("petitions:submit")).content.decode())
    assert "Mã theo dõi" in headings(Client().get(reverse("petitions:track")).content.decode())
