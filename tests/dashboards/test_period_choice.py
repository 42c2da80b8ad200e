"""The period selector on every page of a period, the period a session remembers, and
where each role lands after logging in."""

from __future__ import annotations

import re

import pytest
from dashboard_world import World, score
from django.test import Client

from tthc.evaluation.services import Key
from tthc.scoring import rule_sets
from tthc.scoring.models import PeriodState

pytestmark = pytest.mark.django_db

_OPTIONS = re.compile(r'<option value="(\d{4}[^"]*)"( selected)?>')
PASSWORD = "mat-khau-dai-du-de-thu"


@pytest.fixture
def two(world: World) -> World:
    """The world with 2019-Q4 scored too (before its dossiers: an empty quarter)."""
    score("2019-Q4")
    return world


def _picker(html: str) -> list[tuple[str, bool]]:
    form = html[html.index('<form class="period-picker"'):]
    form = form[:form.index("</form>")]
    return [(code, bool(chosen)) for code, chosen in _OPTIONS.findall(form)]


@pytest.mark.parametrize(("who", "path"), [
    ("appraiser", "/tong-quan/{p}/"),
    ("leader", "/tong-quan/{p}/don-vi/STP/"),
    ("leader", "/tong-quan/{p}/don-vi/STP/chi-so/1/"),
    ("leader", "/tong-quan/{p}/don-vi/STP/diem-con-giu-duoc/"),
    ("official", "/tong-quan/{p}/can-bo/CB1/"),
    ("leader", "/bao-cao/{p}/"),
])
def test_every_page_of_a_period_offers_the_others(two: World, who: str, path: str) -> None:
    client = two.client(who)
    html = client.get(path.format(p="2020-Q1")).content.decode()
    # Newest first, the page's own chosen.
    assert _picker(html) == [("2020-Q1", True), ("2019-Q4", False)]
    # Choosing one opens the same page under it, the rule set and level kept.
    method, profile = rule_sets.for_period("2020-Q1")
    response = client.get(path.format(p="2020-Q1"), {"ky": "2019-Q4", "method": method,
                                                     "profile": profile, "trang": "3"})
    assert response.status_code == 302
    assert response["Location"] == path.format(p="2019-Q4") + f"?method={method}&profile={profile}"


def test_the_public_is_offered_the_published_periods_only(two: World) -> None:
    key = Key("2020-Q1", *rule_sets.for_period("2020-Q1"))
    _publish(key)
    html = Client().get("/bao-cao/2020-Q1/").content.decode()
    assert _picker(html) == [("2020-Q1", True)]


def _publish(key: Key) -> None:
    from tthc.scoring.models import Period

    # Straight to published: the cycle's steps are tested in tests/evaluation.
    Period.objects.filter(code=key.period).update(state=PeriodState.LOCKED, published_method=key.method,
                                                  published_profile=key.profile)


def test_the_session_remembers_the_period_opened(two: World) -> None:
    client = two.client("appraiser")
    # Nothing opened yet: the latest.
    assert client.get("/tong-quan/")["Location"] == "/tong-quan/2020-Q1/"
    client.get("/tong-quan/2019-Q4/don-vi/STP/")
    assert client.get("/tong-quan/")["Location"] == "/tong-quan/2019-Q4/"
    assert client.get("/tong-quan/don-vi/STC/")["Location"] == "/tong-quan/2019-Q4/don-vi/STC/"
    # Another session starts at the latest again.
    assert two.client("admin").get("/tong-quan/")["Location"] == "/tong-quan/2020-Q1/"


def test_a_unit_page_without_a_period_is_the_units_only(two: World) -> None:
    assert two.client("leader").get("/tong-quan/don-vi/STP/")["Location"] == "/tong-quan/2020-Q1/don-vi/STP/"
    assert two.client("leader").get("/tong-quan/don-vi/STC/").status_code == 403
    assert two.client("outsider").get("/tong-quan/don-vi/STP/").status_code == 403


@pytest.mark.parametrize(("who", "start"), [
    ("appraiser", "/ky/"),
    ("leader", "/tong-quan/don-vi/STP/"),
    ("official", "/quay/"),
    ("admin", "/tong-quan/"),
    ("outsider", "/"),
])
def test_each_role_lands_on_its_own_start_page(world: World, who: str, start: str) -> None:
    user = world.users[who]
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    response = client.post("/dang-nhap/", {"username": user.get_username(), "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == start
    # A safe `next=` wins; another site's does not.
    client.logout()
    response = client.post("/dang-nhap/?next=/bao-cao/", {"username": user.get_username(), "password": PASSWORD})
    assert response["Location"] == "/bao-cao/"
    client.logout()
    response = client.post("/dang-nhap/?next=https://example.invalid/",
                           {"username": user.get_username(), "password": PASSWORD})
    assert response["Location"] == start


def test_the_national_index_offers_its_months(personas) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command
    from index_world import PERIOD, index_world_create

    index = index_world_create(personas)
    year, month = PERIOD.split("-")
    earlier = f"{year}-{int(month) - 1:02d}"
    call_command("score", "--period", earlier, "--method", "qd766", "--profile", "national",
                 stdout=StringIO(), stderr=StringIO())
    # A quarter scored under decree 61 is another methodology's: not offered here.
    call_command("score", "--period", "2020-Q1", stdout=StringIO(), stderr=StringIO())
    html = index.client("leader").get(f"/tong-quan/{PERIOD}/don-vi/SXD/").content.decode()
    assert _picker(html) == [(PERIOD, True), (earlier, False)]
    assert '<optgroup label="Tháng">' in html
    assert index.client("leader").get(f"/tong-quan/{PERIOD}/don-vi/SXD/", {"ky": earlier})["Location"] \
        == f"/tong-quan/{earlier}/don-vi/SXD/"


@pytest.mark.parametrize("wanted", ["2020-q4", "2020-Q9", "../admin", "2020-Q1"])
def test_a_choice_that_is_no_period_keeps_the_page(two: World, wanted: str) -> None:
    assert two.client("leader").get("/tong-quan/2020-Q1/don-vi/STP/", {"ky": wanted}).status_code == 200
