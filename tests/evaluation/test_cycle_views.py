"""The cycle's pages per role: who reads, who acts, what each refusal looks like, and the
forms' errors beside their fields."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from tthc.audit.models import AuditEntry
from tthc.evaluation.models import Appraisal, SelfAssessment
from tthc.scoring.models import ScoringRun, SubjectScore

pytestmark = pytest.mark.django_db

PAGES = ["/ky/", "/ky/2020-Q1/", "/ky/2020-Q1/tu-danh-gia/STP/", "/ky/2020-Q1/tham-dinh/",
         "/ky/2020-Q1/tham-dinh/STP/"]
# persona → status per page, in the order of PAGES.
EXPECTED = {
    "admin": [200, 200, 200, 200, 200],
    "appraiser": [200, 200, 200, 200, 200],
    "leader": [200, 200, 200, 403, 403],
    "other_leader": [200, 200, 403, 403, 403],
    "desk_official": [403, 403, 403, 403, 403],
    "outsider": [403, 403, 403, 403, 403],
}


def _client(personas, roles, name: str) -> Client:
    if name in ("leader", "other_leader", "desk_official"):
        return roles.client(name)
    return personas.client(name)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_who_reads_which_cycle_page(quarter, personas, roles, name):
    quarter.put("self_assessment")
    client = _client(personas, roles, name)
    statuses = [client.get(path).status_code for path in PAGES]
    assert statuses == EXPECTED[name]


@pytest.mark.parametrize("path", [*PAGES, "/nhat-ky/"])
def test_anonymous_is_sent_to_the_login(quarter, personas, path):
    response = personas.client("anonymous").get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/dang-nhap/?next={path}"


def test_a_refusal_says_why_in_vietnamese(quarter, personas, roles):
    response = roles.client("other_leader").get("/ky/2020-Q1/tu-danh-gia/STP/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Chỉ lãnh đạo Sở Tư pháp được xem và giải trình" in html
    assert '<html lang="vi">' in html


@pytest.mark.parametrize("path", ["/ky/2031-Q1/", "/ky/2020-Q1/tu-danh-gia/KHONG/",
                                  "/ky/2020-Q1/tham-dinh/KHONG/", "/ky/2020-Q9/"])
def test_unknown_periods_and_units_are_404(quarter, personas, path):
    assert personas.client("appraiser").get(path).status_code == 404


def test_period_page_shows_the_five_steps_and_the_appraisers_actions(quarter, personas):
    quarter.put("self_assessment")
    html = personas.client("appraiser").get("/ky/2020-Q1/").content.decode()
    for step in ("Thu thập dữ liệu", "Tính điểm", "Tự đánh giá", "Thẩm định", "Phê duyệt, công bố"):
        assert step in html
    assert 'aria-current="step">3. Tự đánh giá' in html
    assert "Chuyển sang thẩm định" in html and "Trả về bước tính điểm" in html
    assert "Tính lại điểm" in html
    assert "Mở lại kỳ" not in html


def test_a_leader_sees_the_period_with_a_link_to_its_self_assessment_and_no_action(quarter, roles):
    quarter.put("self_assessment")
    html = roles.client("leader").get("/ky/2020-Q1/").content.decode()
    assert 'href="/ky/2020-Q1/tu-danh-gia/STP/"' in html
    main = html.split("<main>")[1].split("</main>")[0]
    assert "Chuyển sang thẩm định" not in main and "<button" not in main
    assert "do thẩm định viên (Văn phòng UBND tỉnh) thực hiện" in main


@pytest.mark.parametrize("name", ["leader", "admin", "outsider"])
def test_only_the_appraiser_acts_on_the_state(quarter, personas, roles, name):
    quarter.put("self_assessment")
    client = _client(personas, roles, name)
    for path, data in (("/ky/2020-Q1/chuyen-buoc/", {"to": "appraisal"}),
                       ("/ky/2020-Q1/tinh-diem/", {}), ("/ky/2020-Q1/mo-lai/", {"reason": "x"}),
                       ("/ky/tinh-diem/", {"period": "2020-Q2"})):
        assert client.post(path, data).status_code == 403
    assert quarter.period.state == "self_assessment"


def test_actions_are_post_only_and_need_the_csrf_token(quarter, personas):
    quarter.put("self_assessment")
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.appraiser)
    assert client.get("/ky/2020-Q1/chuyen-buoc/").status_code == 405
    assert client.post("/ky/2020-Q1/chuyen-buoc/", {"to": "appraisal"}).status_code == 403
    assert quarter.period.state == "self_assessment"


def test_the_appraiser_walks_the_period_forward_and_back(quarter, personas):
    client = personas.client("appraiser")
    quarter.put("open")
    response = client.post("/ky/2020-Q1/chuyen-buoc/", {"to": "self_assessment"}, follow=True)
    assert "Đã chuyển kỳ 2020-Q1: Cơ quan tự đánh giá." in response.content.decode()
    client.post("/ky/2020-Q1/chuyen-buoc/", {"to": "appraisal"})
    client.post("/ky/2020-Q1/chuyen-buoc/", {"to": "self_assessment", "reason": "Bổ sung giải trình"})
    assert quarter.period.state == "self_assessment"
    assert AuditEntry.objects.filter(action="period_state").latest("id").reason == "Bổ sung giải trình"


def test_a_refused_transition_is_shown_not_raised(quarter, personas):
    quarter.put("open")
    response = personas.client("appraiser").post("/ky/2020-Q1/chuyen-buoc/",
                                                 {"to": "locked", "confirm": "1"}, follow=True)
    assert response.status_code == 200
    assert "không thể chuyển sang" in response.content.decode()
    response = personas.client("appraiser").post("/ky/2020-Q1/chuyen-buoc/", {"to": "xoa"},
                                                 follow=True)
    assert "Bước chuyển không hợp lệ" in response.content.decode()
    assert quarter.period.state == "open"


def test_publishing_asks_for_confirmation(quarter, personas):
    quarter.put("appraisal")
    client = personas.client("appraiser")
    response = client.post("/ky/2020-Q1/chuyen-buoc/", {"to": "locked"}, follow=True)
    assert "Hãy đánh dấu ô xác nhận" in response.content.decode()
    assert quarter.period.state == "appraisal"
    client.post("/ky/2020-Q1/chuyen-buoc/", {"to": "locked", "confirm": "1"})
    assert quarter.period.state == "locked"
    assert quarter.period.published_at is not None


def test_reopening_without_a_reason_shows_the_error_beside_the_field(quarter, personas):
    quarter.put("locked")
    client = personas.client("appraiser")
    response = client.post("/ky/2020-Q1/mo-lai/", {"reason": "   "})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="reason-error">Mở lại kỳ đã công bố phải ghi rõ lý do.' in html
    assert quarter.period.state == "locked"

    client.post("/ky/2020-Q1/mo-lai/", {"reason": "Sai sót điểm chỉ số 6 của STP"})
    assert quarter.period.state == "appraisal"
    assert AuditEntry.objects.get(action="reopen_period").reason == "Sai sót điểm chỉ số 6 của STP"


@pytest.mark.parametrize("state", ["appraisal", "locked"])
def test_computing_is_refused_under_appraisal_and_when_locked(quarter, personas, state):
    quarter.put(state)
    response = personas.client("appraiser").post("/ky/2020-Q1/tinh-diem/", follow=True)
    assert ("đang thẩm định" if state == "appraisal" else "đã công bố và khóa") in \
        response.content.decode()
    assert ScoringRun.objects.filter(is_current=True).get() == quarter.run


def test_the_appraiser_computes_a_period_from_the_dossiers(db, personas):
    from scoring_world import province

    province()
    response = personas.client("appraiser").post("/ky/tinh-diem/", {"period": "2020-q1"},
                                                 follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/ky/2020-Q1/"
    assert "Đã tính điểm kỳ 2020-Q1: 2 hồ sơ được chấm" in html
    run = ScoringRun.objects.get(is_current=True)
    assert SubjectScore.objects.filter(run=run, unit__code="STP", subject_type="agency").exists()
    assert AuditEntry.objects.get(action="score_period").user == personas.appraiser


def test_a_malformed_new_period_is_refused(db, personas):
    response = personas.client("appraiser").post("/ky/tinh-diem/", {"period": "2020-Q7"}, follow=True)
    assert "không phải mã kỳ" in response.content.decode()
    assert not ScoringRun.objects.exists()


# --- Self-assessment ----------------------------------------------------------------

def test_the_leader_explains_indicators_in_the_step(quarter, roles):
    quarter.put("self_assessment")
    client = roles.client("leader")
    html = client.get("/ky/2020-Q1/tu-danh-gia/STP/").content.decode()
    assert html.count("<textarea") == 9
    assert 'name="points_' not in html  # computed points are not editable

    response = client.post("/ky/2020-Q1/tu-danh-gia/STP/",
                           {"explanation_3": "Phải lấy ý kiến Sở Xây dựng", "explanation_5": ""},
                           follow=True)
    assert "Đã lưu giải trình tự đánh giá." in response.content.decode()
    assert list(SelfAssessment.objects.values_list("indicator", "explanation")) == [
        ("3", "Phải lấy ý kiến Sở Xây dựng")]
    assert "Phải lấy ý kiến Sở Xây dựng" in response.content.decode()


@pytest.mark.parametrize(("state", "reason"), [
    ("open", "chỉ sửa giải trình được trong bước “Cơ quan tự đánh giá”"),
    ("appraisal", "chỉ sửa giải trình được trong bước"),
    ("locked", "Kỳ đã phê duyệt, công bố và khóa")])
def test_outside_its_step_the_self_assessment_is_read_only_with_the_reason(quarter, roles, state,
                                                                           reason):
    quarter.put(state)
    client = roles.client("leader")
    html = client.get("/ky/2020-Q1/tu-danh-gia/STP/").content.decode()
    assert "<textarea" not in html
    assert reason in html
    response = client.post("/ky/2020-Q1/tu-danh-gia/STP/", {"explanation_1": "muộn"}, follow=True)
    assert reason in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_appraisers_read_the_self_assessment_but_cannot_write_it(quarter, personas):
    quarter.put("self_assessment")
    client = personas.client("appraiser")
    html = client.get("/ky/2020-Q1/tu-danh-gia/STP/").content.decode()
    assert "<textarea" not in html and "thẩm định viên và quản trị chỉ xem" in html
    assert client.post("/ky/2020-Q1/tu-danh-gia/STP/", {"explanation_1": "x"}).status_code == 403


def test_another_agencys_leader_cannot_write_its_self_assessment(quarter, roles):
    quarter.put("self_assessment")
    response = roles.client("other_leader").post("/ky/2020-Q1/tu-danh-gia/STP/",
                                                 {"explanation_1": "x"})
    assert response.status_code == 403
    assert not SelfAssessment.objects.exists()


# --- Appraisal ----------------------------------------------------------------------

def test_appraisal_list_shows_totals_provisional_class_and_deductions(quarter, personas):
    quarter.put("appraisal")
    client = personas.client("appraiser")
    client.post("/ky/2020-Q1/tham-dinh/STP/", {"points_6": "0,5", "reason_6": "Niêm yết thiếu"})
    html = client.get("/ky/2020-Q1/tham-dinh/").content.decode()
    assert "Xếp loại, xếp hạng tạm tính" in html
    assert ">12,5</td>" in html and ">13,5</td>" in html
    row = html.split('href="/ky/2020-Q1/tham-dinh/STP/"')[1].split("</tr>")[0]
    assert "Tốt" in row and row.rstrip().endswith('<td class="num">1</td>')


def test_appraisal_form_keeps_every_input_and_shows_errors_beside_fields(quarter, personas):
    quarter.put("appraisal")
    client = personas.client("appraiser")
    response = client.post("/ky/2020-Q1/tham-dinh/STP/", {
        "points_1": "1,2", "reason_1": "Trễ hạn ở bước thẩm định",  # valid deduction
        "points_2": "2,5", "reason_2": "",  # off the scale
        "points_3": "1", "reason_3": "",  # deduction without a reason
        "points_4": "1.5", "reason_4": "",  # the self-score: nothing to store
    })
    html = response.content.decode()

    assert response.status_code == 400
    assert 'id="error_2">Điểm thẩm định phải từ 0 đến 2; đã nhập 2,5.' in html
    assert 'id="error_3">CS3: trừ điểm (từ 1,5 xuống 1,0) phải ghi rõ lý do.' in html
    assert 'id="points_2" value="2,5" aria-invalid="true"' in html
    assert 'id="points_3" value="1" aria-invalid="true"' in html
    assert "Trễ hạn ở bước thẩm định</textarea>" in html
    assert list(Appraisal.objects.values_list("indicator", "points")) == [("1", Decimal("1.2"))]
    # Totals as stored now: 13.5 - 0.3.
    assert "<strong>13,2</strong> — Tốt" in html and "Tạm tính" in html


def test_appraised_points_are_prefilled_with_a_comma(quarter, personas):
    quarter.put("appraisal")
    client = personas.client("appraiser")
    client.post("/ky/2020-Q1/tham-dinh/STP/", {"points_7": "0.7", "reason_7": "Phản ánh thái độ"})
    html = client.get("/ky/2020-Q1/tham-dinh/STP/").content.decode()
    assert 'id="points_7" value="0,7"' in html and 'id="points_1" value="1,5"' in html


def test_not_applicable_indicators_have_no_input(quarter, personas):
    quarter.put("appraisal")
    html = personas.client("appraiser").get("/ky/2020-Q1/tham-dinh/STC/").content.decode()
    assert 'name="points_' not in html
    assert html.count("Không áp dụng") == 9


@pytest.mark.parametrize("state", ["self_assessment", "locked"])
def test_appraisal_refuses_edits_outside_its_step(quarter, personas, state):
    quarter.put(state)
    client = personas.client("appraiser")
    html = client.get("/ky/2020-Q1/tham-dinh/STP/").content.decode()
    assert 'name="points_' not in html and "Chỉ xem:" in html
    response = client.post("/ky/2020-Q1/tham-dinh/STP/", {"points_1": "1", "reason_1": "x"},
                           follow=True)
    assert ("khóa" if state == "locked" else "chỉ sửa điểm thẩm định được") in \
        response.content.decode()
    assert not Appraisal.objects.exists()


def test_the_administrator_reads_the_appraisal_but_cannot_enter_it(quarter, personas):
    quarter.put("appraisal")
    client = personas.client("admin")
    html = client.get("/ky/2020-Q1/tham-dinh/STP/").content.decode()
    assert 'name="points_' not in html
    assert client.post("/ky/2020-Q1/tham-dinh/STP/", {"points_1": "1", "reason_1": "x"}
                       ).status_code == 403


@pytest.mark.parametrize("name", ["leader", "desk_official"])
def test_an_unpublished_ranking_is_refused_to_agency_roles(quarter, roles, name):
    response = roles.client(name).get("/xep-hang/2020-Q1/")
    assert response.status_code == 403
    assert "chưa công bố" in response.content.decode()


def test_the_period_list_shows_each_period_under_its_own_rule_set(quarter, personas):
    """In 2026 today's rule set is the national index; a 2020 quarter scored under nd61 is
    listed as scored, under nd61, unless another rule set is asked for."""
    from django.utils.timezone import localtime

    from tthc.scoring import rule_sets

    run = ScoringRun.objects.get(period__code="2020-Q1", is_current=True)
    assert (run.method, run.profile) == rule_sets.for_period("2020-Q1")
    client = personas.client("appraiser")
    row = _period_row(client.get("/ky/").content.decode(), "2020-Q1")
    assert f"<code>{run.method}</code> / <code>{run.profile}</code>" in row
    assert "Chưa tính" not in row
    assert localtime(run.computed_at).strftime("%d/%m/%Y %H:%M") in row

    method, profile = rule_sets.site_default()
    assert (method, profile) != (run.method, run.profile)
    asked = client.get(f"/ky/?method={method}&profile={profile}").content.decode()
    assert "Chưa tính" in _period_row(asked, "2020-Q1")
    assert f"Mọi kỳ theo bộ quy tắc <code>{method}</code> / <code>{profile}</code>." in asked


def _period_row(html: str, code: str) -> str:
    start = html.index(f"({code})")
    return html[start:html.index("</tr>", start)]



def test_the_appraisal_page_names_indicators_in_the_page_s_language(quarter, personas):
    """The rule data's English names (name_en) on English pages, the Vietnamese ones by default."""
    from tthc.evaluation.selectors import period_results
    from tthc.evaluation.services import Key

    spec = period_results(Key("2020-Q1"))["layout"].agency.indicators[0]
    assert spec.name_en and spec.name_en != spec.name_vi
    quarter.put("appraisal")
    client = personas.client("appraiser")
    vietnamese = client.get("/ky/2020-Q1/tham-dinh/STP/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/ky/2020-Q1/tham-dinh/STP/").content.decode()
    assert spec.name_vi in vietnamese and spec.name_en not in vietnamese
    assert spec.name_en in english and spec.name_vi not in english
    # The class too, from the run's bands (label_en).
    layout = period_results(Key("2020-Q1"))["layout"].agency
    row = next(r for level in period_results(Key("2020-Q1"))["levels"] for r in level["agencies"] if r["code"] == "STP")
    band = next(b for b in layout.classes if b.code == row["class_code"])
    assert f"— {band.label_vi}" in vietnamese and f"— {band.label_en}" in english
