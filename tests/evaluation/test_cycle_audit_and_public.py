"""The audit log page and its exports (read back), and the public results pages."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from ranking_rows import periods_publish

from tthc.audit.models import AuditEntry
from tthc.evaluation import services
from tthc.evaluation.exports import BOM, HEADERS
from tthc.evaluation.services import Key

pytestmark = pytest.mark.django_db
KEY = Key("2020-Q1")


@pytest.fixture
def history(quarter, personas, roles):
    """A quarter walked to publication and reopened, every step through the services."""
    services.period_advance(KEY, to="self_assessment", user=personas.appraiser)
    services.self_assessment_save(KEY, unit=quarter.stp, indicator=6, explanation="Đang cập nhật",
                                  user=roles.leader)
    services.period_advance(KEY, to="appraisal", user=personas.appraiser)
    services.appraisal_save(KEY, unit=quarter.stp, indicator=6, points="0,5",
                            reason="Niêm yết thủ tục chưa đầy đủ", user=personas.appraiser)
    services.period_advance(KEY, to="locked", user=personas.appraiser)
    services.period_reopen(KEY, user=personas.appraiser, reason="Khiếu nại của Sở Tư pháp")
    # An entry of another period, and one older than the rest.
    AuditEntry.objects.create(actor="cli", action="score_period", object_type="period",
                              object_key="2020-Q2/nd61-tt01/dien-bien-1187")
    old = AuditEntry.objects.create(actor="cli", action="score_period", object_type="period",
                                    object_key="2020-Q1/nd61-tt01/dien-bien-1187")
    AuditEntry.objects.filter(pk=old.pk).update(at=datetime(2020, 4, 2, 3, 0, tzinfo=UTC))
    return quarter


@pytest.mark.parametrize(("persona", "status"), [("admin", 200), ("appraiser", 200),
                                                 ("outsider", 403)])
def test_who_reads_the_audit_log(history, personas, persona, status):
    client = personas.client(persona)
    for path in ("/nhat-ky/", "/nhat-ky/nhat-ky-thay-doi.csv", "/nhat-ky/nhat-ky-thay-doi.xlsx"):
        assert client.get(path).status_code == status


@pytest.mark.parametrize("name", ["leader", "desk_official"])
def test_agency_roles_do_not_read_the_audit_log(history, roles, name):
    assert roles.client(name).get("/nhat-ky/").status_code == 403


def test_the_log_shows_who_when_what_before_after_and_why(history, personas):
    html = personas.client("appraiser").get("/nhat-ky/").content.decode()
    for label in ("Mở lại kỳ đã công bố", "Phê duyệt, công bố kỳ", "Điểm thẩm định",
                  "Giải trình tự đánh giá", "Chuyển bước của kỳ", "Tính điểm kỳ"):
        assert label in html
    assert "Khiếu nại của Sở Tư pháp" in html and "persona-appraiser" in html
    assert "persona-leader-STP" in html
    # Before and after, in words: the state's Vietnamese name, the points with a comma.
    assert "trạng thái: Đã phê duyệt, công bố (khóa) → Đang thẩm định" in html
    assert "điểm thẩm định: — → 0,5" in html and "lý do: — → Niêm yết thủ tục chưa đầy đủ" in html
    assert "{&quot;" not in html and "locked" not in html


def test_filters_by_period_action_user_and_dates(history, personas):
    client = personas.client("appraiser")

    def shown(query: str) -> int:
        return client.get("/nhat-ky/?" + query).content.decode().count("<th scope=\"row\">")

    assert shown("key_prefix=2020-Q2") == 1
    assert shown("key_prefix=2020-Q1") == 7
    assert shown("action=reopen_period") == 1
    assert shown("username=persona-leader-STP") == 1
    assert shown("until=2020-04-02") == 1  # the old entry, 10:00 local time on 2 April
    assert shown("until=2020-04-01") == 0
    assert shown("since=2020-04-03") == 7  # all but the old entry
    assert shown("since=2020-04-03&key_prefix=2020-Q1&action=appraisal") == 1
    response = client.get("/nhat-ky/?since=2020-05-01&until=2020-04-01")
    assert "“Đến ngày” phải sau hoặc bằng “Từ ngày”." in response.content.decode()


def test_the_log_is_paginated(history, personas, monkeypatch):
    from tthc.evaluation import views

    monkeypatch.setattr(views, "AUDIT_PAGE_SIZE", 3)
    client = personas.client("appraiser")
    first = client.get("/nhat-ky/?key_prefix=2020-Q1").content.decode()
    last = client.get("/nhat-ky/?key_prefix=2020-Q1&page=3").content.decode()
    assert first.count('<th scope="row">') == 3 and 'href="?key_prefix=2020-Q1&amp;page=2"' in first
    assert last.count('<th scope="row">') == 1 and "Trang sau" not in last


def test_csv_export_is_the_filtered_list_with_a_bom(history, personas):
    response = personas.client("admin").get("/nhat-ky/nhat-ky-thay-doi.csv?key_prefix=2020-Q1")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="nhat-ky-thay-doi.csv"' in response["Content-Disposition"]
    assert body.startswith(BOM)
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert tuple(rows[0]) == HEADERS
    assert len(rows) == 1 + 7
    reopen = rows[1]
    assert reopen[1:5] == ["persona-appraiser", "persona-appraiser", "Mở lại kỳ đã công bố",
                           "kỳ đánh giá"]
    # One readable column of changes, no JSON.
    assert reopen[6:] == ["trạng thái: Đã phê duyệt, công bố (khóa) → Đang thẩm định",
                          "Khiếu nại của Sở Tư pháp"]
    assert not any("{" in cell for row in rows for cell in row)


def test_xlsx_export_reads_back(history, personas):
    response = personas.client("appraiser").get("/nhat-ky/nhat-ky-thay-doi.xlsx?action=appraisal")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Nhật ký thay đổi"
    assert rows[0] == HEADERS
    assert len(rows) == 2
    assert rows[1][3:6] == ("Điểm thẩm định", "điểm thẩm định",
                            "2020-Q1/nd61-tt01/dien-bien-1187/STP/6")
    assert "lý do: — → Niêm yết thủ tục chưa đầy đủ" in rows[1][6]
    assert "điểm thẩm định: — → 0,5" in rows[1][6]


def test_a_petition_entry_reads_in_words(history, personas):
    """Field names, choices, instants (Vietnam's time) and the actor, as a reader says them."""
    AuditEntry.objects.create(
        actor="web:phan-anh", action="petition_submit", object_type="petition",
        object_key="PA-2026-000001", before=None,
        after={"status": "received", "answer_due_at": "2026-12-23T10:00:00+00:00"})
    rows = [row for row in csv.reader(io.StringIO(b"".join(
        personas.client("admin").get("/nhat-ky/nhat-ky-thay-doi.csv?action=petition_submit")
        .streaming_content).decode("utf-8")[1:]))]
    entry = rows[1]
    assert entry[2] == "Trang gửi phản ánh (người dân)"
    assert "hạn trả lời: — → 23/12/2026 17:00" in entry[6]
    assert "trạng thái: — → Đã tiếp nhận" in entry[6]
    html = personas.client("admin").get("/nhat-ky/?action=petition_submit").content.decode()
    assert "Trang gửi phản ánh (người dân)" in html and "2026-12-23T" not in html


def test_audit_words_name_actors_fields_and_values():
    from tthc.audit import words

    assert words.actor_label("api:device-7") == "Máy tính bảng tại quầy (thiết bị số 7)"
    assert words.actor_label("web:canbo") == "canbo (trên trang web)"
    assert words.actor_label("import:dossiers.csv") == "Nhập dữ liệu từ tệp dossiers.csv"
    assert words.actor_label("something-new") == "something-new"
    # An import update speaks in the importer's column labels.
    assert words.field_label("unit", "parent_code") == "mã đơn vị cấp trên"
    assert words.field_label("period", "state") == "trạng thái"
    assert words.field_label("period", "not_a_field") == "not_a_field"
    assert words.value_text("appraisal", "points", "1.50") == "1,50"
    assert words.value_text("unit", "valid_to", "2025-12-31") == "31/12/2025"
    assert words.value_text("dossier", "", 12345) == "12.345"
    assert words.value_text("dossier", "", True) == "có"


# --- /cong-khai/ --------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["anonymous", "outsider", "appraiser"])
def test_the_public_list_shows_published_periods_only(quarter, personas, persona):
    from ranking_rows import run_create

    run_create(period="2020-Q2")
    periods_publish("2020-Q1")
    html = personas.client(persona).get("/cong-khai/").content.decode()
    assert 'href="/cong-khai/2020-Q1/"' in html and "/cong-khai/2020-Q2/" not in html
    assert 'href="/cong-khai/2020-Q1/du-lieu.csv"' in html


@pytest.mark.parametrize("state", ["open", "self_assessment", "appraisal"])
@pytest.mark.parametrize("persona", ["anonymous", "appraiser"])
def test_an_unpublished_period_is_404_on_the_public_page(quarter, personas, state, persona):
    quarter.put(state)
    assert personas.client(persona).get("/cong-khai/2020-Q1/").status_code == 404


def test_the_public_page_shows_the_appraised_results(history, personas):
    services.period_advance(KEY, to="locked", user=personas.appraiser)  # republished
    html = personas.client("anonymous").get("/cong-khai/2020-Q1/").content.decode()
    full_table = html.split('role="region"', 1)[1]  # after the phone's short table
    stp = full_table.split("Sở Tư pháp")[1].split("</tr>")[0]
    cells = [c.split(">")[-1] for c in stp.split("</td>")[:-1]]
    # I1…I9 (I6 appraised 0,5), self total, appraised total, class, satisfaction.
    assert cells[5] == "0,5" and cells[9:12] == ["13,5", "12,5", "Tốt"]
    assert "92,5%" in stp and "86,4% – 96,0%" in stp and "n = 40" in stp
    # The index by its name; the rule-set id and version are the staff's (issue 13).
    assert "Đánh giá việc giải quyết TTHC theo Nghị định 61/2018/NĐ-CP" in html
    assert "nd61-tt01/dien-bien-1187@2019-11-23" not in html and "<code>nd61-tt01</code>" not in html
    assert "Kết quả đã được điều chỉnh sau lần công bố đầu" in html
    assert 'href="/cong-khai/2020-Q1/du-lieu.json"' in html
    assert "tạm tính" not in html.lower()


def test_a_new_records_blank_fields_are_left_out():
    from tthc.audit import words

    assert words.changes_text("petition", None, {"official": None, "status": "received"}) == \
        "trạng thái: — → Đã tiếp nhận"


def test_page_two_keeps_the_filters_and_numbers_the_pages(history, personas, monkeypatch):
    from tthc.evaluation import views

    monkeypatch.setattr(views, "AUDIT_PAGE_SIZE", 3)
    html = personas.client("appraiser").get("/nhat-ky/?key_prefix=2020-Q1&page=2").content.decode()
    assert html.count('<th scope="row">') == 3 and "Trang 2/3" in html
    assert 'aria-current="page">2<' in html
    for number in (1, 3):
        assert f'href="?key_prefix=2020-Q1&amp;page={number}"' in html
