"""What the cycle's pages tell a user about the next step: the appraised indicator stands
out, both forms link to the per-dossier evidence, nothing "after appraisal" is shown
before the appraisal, and going back from the appraisal is called a return."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_appraisal_page_marks_the_changed_indicator_and_links_the_evidence(quarter, personas):
    quarter.put("appraisal")
    client = personas.client("appraiser")
    client.post("/ky/2020-Q1/tham-dinh/STP/", {"points_6": "0,5", "reason_6": "Niêm yết thiếu"})
    html = client.get("/ky/2020-Q1/tham-dinh/STP/").content.decode()

    changed = [row for row in html.split("<tr")[1:] if 'class="changed"' in row]
    assert len(changed) == 1 and "6. " in changed[0] and "đã điều chỉnh" in changed[0]
    assert html.count("đã điều chỉnh") == 1
    assert 'href="/tong-quan/2020-Q1/don-vi/STP/"' in html
    assert "› Sở Tư pháp</p>" in html  # the crumb names the agency, not its code


def test_self_assessment_shows_no_appraised_total_before_the_appraisal(quarter, roles):
    quarter.put("self_assessment")
    html = roles.client("leader").get("/ky/2020-Q1/tu-danh-gia/STP/").content.decode()

    assert "Tổng điểm sau thẩm định" not in html
    assert "chưa thẩm định" in html and "Tạm tính" in html
    assert 'href="/tong-quan/2020-Q1/don-vi/STP/"' in html
    assert "cho tới khi thẩm định viên chuyển kỳ sang bước thẩm định" in html


def test_going_back_from_the_appraisal_is_a_return(quarter, personas):
    quarter.put("appraisal")
    html = personas.client("appraiser").get("/ky/2020-Q1/").content.decode()

    assert ">Trả về bước tự đánh giá</button>" in html
    assert "Mở bước tự đánh giá" not in html
    assert ">Phê duyệt và công bố</button>" in html
