"""Who may open which dashboard: every role × every page, refusals and unknown objects."""

from __future__ import annotations

import pytest
from dashboard_world import World

pytestmark = pytest.mark.django_db

OVERVIEW = "/tong-quan/2020-Q1/"
STP = "/tong-quan/2020-Q1/don-vi/STP/"
STC = "/tong-quan/2020-Q1/don-vi/STC/"
STP_I1 = "/tong-quan/2020-Q1/don-vi/STP/chi-so/1/"
STC_I2 = "/tong-quan/2020-Q1/don-vi/STC/chi-so/2/"
CB1 = "/tong-quan/2020-Q1/can-bo/CB1/"
CB2 = "/tong-quan/2020-Q1/can-bo/CB2/"
PAGES = (OVERVIEW, STP, STC, STP_I1, STC_I2, CB1, CB2)

# Expected answer of each page per role: a status, or ("→", where it redirects).
MATRIX = {
    "admin": {page: 200 for page in PAGES},
    "appraiser": {page: 200 for page in PAGES},
    "leader": {OVERVIEW: ("→", STP), STP: 200, STC: 403, STP_I1: 200, STC_I2: 403,
               CB1: 200, CB2: 403},
    "other_leader": {OVERVIEW: ("→", STC), STP: 403, STC: 200, STP_I1: 403, STC_I2: 200,
                     CB1: 403, CB2: 200},
    "official": {OVERVIEW: ("→", CB1), STP: 403, STC: 403, STP_I1: 403, STC_I2: 403,
                 CB1: 200, CB2: 403},
    "other_official": {OVERVIEW: ("→", CB2), STP: 403, STC: 403, STP_I1: 403, STC_I2: 403,
                       CB1: 403, CB2: 200},
    # Logged in without a role: the public, whose page is /cong-khai/.
    "outsider": {page: 403 for page in PAGES},
}


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_each_role_gets_exactly_its_pages(world: World, role: str) -> None:
    client = world.client(role)
    for page, expected in MATRIX[role].items():
        response = client.get(page)
        if isinstance(expected, tuple):
            assert response.status_code == 302, (role, page)
            assert response["Location"] == expected[1], (role, page)
        else:
            assert response.status_code == expected, (role, page, response.status_code)
        if expected == 403:
            # A refusal says why, in Vietnamese, and shows none of the page's data.
            assert "Tổng điểm" not in response.content.decode()


def test_another_agencys_leader_is_refused_not_shown_an_empty_page(world: World) -> None:
    response = world.client("other_leader").get(STP_I1)
    assert response.status_code == 403
    assert "HS-LATE" not in response.content.decode()


@pytest.mark.parametrize("page", [*PAGES, "/tong-quan/"])
def test_anonymous_is_sent_to_the_login_with_the_page_to_return_to(world: World, page: str) -> None:
    response = world.client("anonymous").get(page)
    assert response.status_code == 302
    assert response["Location"] == f"/dang-nhap/?next={page}"


@pytest.mark.parametrize("page", [
    "/tong-quan/2019-Q1/",                           # no such period
    "/tong-quan/2020-Q3/",                           # a period nobody scored
    "/tong-quan/2020-Q1/don-vi/KHONG-CO/",            # no such unit
    "/tong-quan/2020-Q1/don-vi/KHONG-CO/chi-so/1/",
    "/tong-quan/2020-Q1/don-vi/STP/chi-so/0/",        # not an indicator of the run's layout
    "/tong-quan/2020-Q1/don-vi/STP/chi-so/10/",
    "/tong-quan/2020-Q1/don-vi/STP/chi-so/CS1/",      # the short name is no code
    "/tong-quan/2020-Q1/can-bo/KHONG-CO/",            # no such official
    "/tong-quan/2020-Q1/?cap=tinh",                   # no such level
    "/tong-quan/2020-Q1/?method=nd61-tt01&profile=tinh-khac",  # a profile never run
])
def test_unknown_objects_are_404(world: World, page: str) -> None:
    assert world.client("admin").get(page).status_code == 404


def test_index_goes_to_the_latest_scored_period(world: World) -> None:
    from dashboard_world import score

    score("2020-Q2")
    response = world.client("appraiser").get("/tong-quan/")
    assert response["Location"] == "/tong-quan/2020-Q2/"


def test_index_prefers_the_quarter_to_the_year_ending_the_same_day(world: World) -> None:
    from dashboard_world import score

    score("2020")
    score("2020-Q4")
    response = world.client("admin").get("/tong-quan/")
    assert response["Location"] == "/tong-quan/2020-Q4/"


def test_the_filter_form_lands_on_the_period_chosen_with_its_filters(world: World) -> None:
    response = world.client("admin").get("/tong-quan/", {"ky": "2020-Q1", "cap": "district",
                                                          "quy-tac": "nd61-tt01/dien-bien-1187"})
    assert response["Location"] == "/tong-quan/2020-Q1/?cap=district"


def test_leader_is_sent_to_its_agency_keeping_the_filters(world: World) -> None:
    response = world.client("leader").get(OVERVIEW + "?cap=district")
    assert response["Location"] == STP + "?cap=district"


def test_pages_only_answer_reads(world: World) -> None:
    assert world.client("admin").post(OVERVIEW).status_code == 405
