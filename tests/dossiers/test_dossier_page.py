"""One dossier's page (/ho-so/<code>/) and the header's search: what each role sees, and
what the page shows of the record, its steps, supplements, rating, petitions and points."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template import Context, Template
from django.utils.html import escape

from tthc.access.roles import PUBLIC, viewer_of
from tthc.engine.registry import installed
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    """The page's words, tags removed and spaces collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# Who sees which dossier: HS-LATE (STP's, received by CB1), HS-EARLY (STP's, a step by STC),
# HS-OPEN (HDB's). 200 the page, 404 the same page as an unknown code, 403 no staff role.
SCOPE = {
    "admin": {"HS-LATE": 200, "HS-EARLY": 200, "HS-OPEN": 200},
    "appraiser": {"HS-LATE": 200, "HS-EARLY": 200, "HS-OPEN": 200},
    "leader": {"HS-LATE": 200, "HS-EARLY": 200, "HS-OPEN": 404},
    "other_leader": {"HS-LATE": 404, "HS-EARLY": 200, "HS-OPEN": 404},
    "official": {"HS-LATE": 200, "HS-EARLY": 200, "HS-OPEN": 404},
    "other_official": {"HS-LATE": 404, "HS-EARLY": 404, "HS-OPEN": 404},
    "outsider": {"HS-LATE": 403, "HS-EARLY": 403, "HS-OPEN": 403},
}


@pytest.mark.parametrize("role", sorted(SCOPE))
def test_each_role_sees_the_dossiers_of_its_scope(world: Any, role: str) -> None:
    client = world.client(role)
    for code, status in SCOPE[role].items():
        response = client.get(f"/ho-so/{code}/")
        assert response.status_code == status, (role, code)
        if status == 404:
            # Out of scope reads exactly as a code that does not exist.
            unknown = client.get("/ho-so/HS-KHONG-CO/")
            assert _text(response).replace(code, "X") == _text(unknown).replace("HS-KHONG-CO", "X")


def test_anonymous_visitors_are_sent_to_the_log_in(world: Any) -> None:
    for url in ("/ho-so/HS-LATE/", "/ho-so/?ma=HS-LATE"):
        response = world.client("anonymous").get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_an_account_without_a_role_is_refused_before_any_look_up(world: Any) -> None:
    known = world.client("outsider").get("/ho-so/HS-LATE/")
    unknown = world.client("outsider").get("/ho-so/HS-KHONG-CO/")
    assert known.status_code == unknown.status_code == 403
    assert "Chỉ cán bộ, công chức" in _text(known)
    assert _text(known) == _text(unknown)


def test_the_page_shows_the_record_steps_supplements_rating_and_petition(world: Any) -> None:
    Rating.objects.filter(dossier__code="HS-LATE").update(comment="<b>Chờ lâu</b>\nlần hai")
    response = world.client("admin").get("/ho-so/HS-LATE/")
    assert response.status_code == 200
    text = _text(response)
    assert "Sở Tư pháp" in text and "Lò Thị Hoa" in text and "Cấp phiếu lý lịch tư pháp" in text
    assert "02/03/2020 08:00" in text and "31/03/2020 23:30" in text  # Vietnamese dates, local time
    assert "Đã giải quyết — quá hạn" in text                            # status and timing in words
    assert "03/03/2020 09:00" in text and "04/03/2020 09:00" in text    # the supplement request
    assert "Không hài lòng" in text and "Phiếu giấy" in text            # the rating, in words
    html = response.content.decode()
    assert "&lt;b&gt;Chờ lâu&lt;/b&gt;<br>lần hai" in html              # the comment as text
    assert 'href="/phan-anh/xu-ly/' in html and "PA1" in text           # the petition's desk page
    # Links to the unit's and the official's pages of the period explained.
    assert 'href="/tong-quan/2020-Q1/don-vi/STP/"' in html
    assert 'href="/tong-quan/2020-Q1/can-bo/CB1/"' in html


def test_each_indicator_has_its_points_and_the_engine_evidence(world: Any) -> None:
    from tthc.scoring.explanations import dossier_explain

    expected = dossier_explain(code="HS-LATE")
    response = world.client("leader").get("/ho-so/HS-LATE/")
    text = _text(response)
    assert expected is not None and expected.result.indicators
    for code, point in expected.result.indicators.items():
        spec = next(i for i in expected.indicators if i.code == code)
        assert re.search(rf"{re.escape(spec.short)}\s*:", text)
        for line in point.evidence:
            assert escape(line) in response.content.decode()


def test_the_steps_say_which_was_late(world: Any) -> None:
    response = world.client("admin").get("/ho-so/HS-EARLY/")
    html = response.content.decode()
    row = re.search(r"<tr><td class=\"num\">1</td>.*?</tr>", html, re.S)
    assert row is not None
    assert "Sở Tài chính" in row.group(0) and "quá hạn" in row.group(0)  # due 05/02, ended 06/02


def test_both_methodologies_are_reachable_like_tthc_explain(world: Any) -> None:
    client = world.client("appraiser")
    for method in installed().methodologies:
        response = client.get("/ho-so/HS-LATE/", {"method": method, "ky": "2020-03"})
        assert response.status_code == 200, method
        text = _text(response)
        assert "kỳ 2020-03" in text or "Không giải thích được" in text
    # The choice is offered: every installed methodology, the dossier's periods.
    html = client.get("/ho-so/HS-LATE/").content.decode()
    for method in ("nd61-tt01", "qd766"):
        assert f'<option value="{method}"' in html
    assert '<option value="2020-Q1" selected>' in html


def test_a_name_no_rule_file_could_have_is_no_page(world: Any) -> None:
    client = world.client("admin")
    assert client.get("/ho-so/HS-LATE/", {"profile": "../../etc"}).status_code == 404
    assert client.get("/ho-so/HS-LATE/", {"ky": "2020-Q9"}).status_code == 404
    response = client.get("/ho-so/HS-LATE/", {"method": "khong-co"})
    assert response.status_code == 200 and "Không giải thích được" in _text(response)


def test_the_search_normalises_the_code_and_redirects(world: Any) -> None:
    client = world.client("official")
    for typed in ("hs late", "HS.LATE", "  hs-late "):
        response = client.get("/ho-so/", {"ma": typed})
        assert response.status_code == 302 and response["Location"] == "/ho-so/HS-LATE/", typed
    # Typed into the address bar in another form: to the code's own address.
    assert client.get("/ho-so/hs.late/")["Location"] == "/ho-so/HS-LATE/"


def test_a_code_not_found_gets_a_helpful_page(world: Any) -> None:
    response = world.client("leader").get("/ho-so/", {"ma": "hs khong co"})
    assert response.status_code == 404
    text = _text(response)
    assert "Không tìm thấy hồ sơ" in text and "HS-KHONG-CO" in text
    assert "cơ quan mình giải quyết" in text  # what a leader may see
    assert 'name="ma"' in response.content.decode()  # and a box to try again
    blank = world.client("leader").get("/ho-so/", {"ma": " "})
    assert blank.status_code == 200 and "Tra cứu hồ sơ" in _text(blank)


def test_the_header_has_the_search_box_for_staff_only(world: Any) -> None:
    assert 'action="/ho-so/"' in world.client("leader").get("/").content.decode()
    assert 'action="/ho-so/"' not in world.client("outsider").get("/").content.decode()
    assert 'action="/ho-so/"' not in world.client("anonymous").get("/").content.decode()


def test_a_dossier_code_is_a_link_for_staff_and_text_for_the_public(world: Any) -> None:
    template = Template("{% load ho_so %}{% ma_ho_so code %}")
    staff = template.render(Context({"viewer": viewer_of(world.users["leader"]), "code": "HS-<1>"}))
    assert staff == '<a class="code" href="/ho-so/HS-%3C1%3E/">HS-&lt;1&gt;</a>'
    public = template.render(Context({"viewer": PUBLIC, "code": "HS-1"}))
    assert public == '<span class="code">HS-1</span>'
    slash = template.render(Context({"viewer": viewer_of(world.users["leader"]), "code": "A/B"}))
    assert slash == '<span class="code">A/B</span>'


def test_codes_on_staff_pages_link_to_the_dossier(world: Any) -> None:
    """The drill-down (the official's page) and the petition's desk page."""
    client = world.client("leader")
    assert 'href="/ho-so/HS-LATE/"' in client.get("/tong-quan/2020-Q1/can-bo/CB1/").content.decode()
    desk = client.get("/phan-anh/xu-ly/").content.decode()
    petition = re.search(r'href="(/phan-anh/xu-ly/\d+/)"', desk)
    assert petition is not None
    assert 'href="/ho-so/HS-LATE/"' in client.get(petition.group(1)).content.decode()


def test_the_explanation_reads_only_the_dossiers_catalogue_and_gives_the_same_points(world: Any) -> None:
    """`dossier_explain` builds its context for the one dossier (`only_for`): the points and
    evidence are those of the province's whole catalogue."""
    from django.utils import timezone

    from tthc.engine.method import explain_dossier
    from tthc.engine.periods import Period as Span
    from tthc.engine.rules import load_rules
    from tthc.scoring import loaders
    from tthc.scoring.explanations import dossier_explain
    from tthc.scoring.services import build_context

    for code in ("HS-LATE", "HS-EARLY", "HS-OPEN"):
        explained = dossier_explain(code=code, period="2020-Q1")
        assert explained is not None
        span = Span.parse("2020-Q1")
        full = build_context(rules=load_rules(explained.method, explained.profile, span.end),
                             years=[2019, 2020, 2021], as_of=loaders.local(timezone.now()), period=span)
        assert explain_dossier(explained.dossier, full).indicators == explained.result.indicators, code


def test_indicator_names_are_the_runs_as_on_the_dashboards_and_reports(world: Any) -> None:
    """One source for an indicator's name: the layout the period's run stored, which the
    dashboards and the reports print, not the rule file read again today."""
    from tthc.evaluation.services import Key
    from tthc.reports.documents import report_data

    layout = dict(world.run.layout)
    stored = "Số lần yêu cầu bổ sung hồ sơ (tên lưu cùng lần tính)"
    layout["indicators"] = [dict(spec, name_vi=stored) if str(spec["code"]) == "3" else spec
                            for spec in layout["indicators"]]
    world.run.layout = layout
    world.run.save(update_fields=["layout"])
    page = world.client("leader").get("/ho-so/HS-LATE/?ky=2020-Q1").content.decode()
    assert stored in page
    report = report_data("b", Key("2020-Q1"), unit="STP")
    assert stored in [line.name for line in report.lines]
    dashboard = world.client("leader").get("/tong-quan/2020-Q1/don-vi/STP/chi-so/3/").content.decode()
    assert stored in dashboard
