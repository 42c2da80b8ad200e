"""The cycle's pages in English (the `django_language=en` cookie): headings, labels,
messages and the audit log's words; the audit files stay Vietnamese, and without the
cookie the pages stay Vietnamese."""

from __future__ import annotations

import pytest
from django.test import Client

from tthc.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def test_the_period_page_reads_in_english(quarter, personas):
    quarter.put("self_assessment")
    page = _english(personas.client("appraiser")).get("/ky/2020-Q1/").content.decode()
    for text in ("Steps of the period", "Self-assessment", "Appraiser's actions",
                 "Move on to the appraisal", "Recompute scores", "Next step"):
        assert text in page
    assert "Các bước của kỳ" not in page and "Thao tác của thẩm định viên" not in page


def test_the_appraisal_form_and_its_errors_read_in_english(quarter, personas):
    quarter.put("appraisal")
    client = _english(personas.client("appraiser"))
    page = client.get("/ky/2020-Q1/tham-dinh/STP/").content.decode()
    assert "Appraisal: Sở Tư pháp" in page  # the agency's name is data: as it is
    assert "Save appraised points" in page and "Agency's explanation" in page
    response = client.post("/ky/2020-Q1/tham-dinh/STP/", {"points_1": "0,5", "reason_1": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "CS1: a deduction (from 1,5 to 0,5) needs a stated reason." in page  # 1,5: Vietnamese numbers
    assert "The valid indicators were saved" in page


def test_the_audit_log_reads_in_english_and_its_files_stay_vietnamese(quarter, personas):
    AuditEntry.objects.create(actor="web:phan-anh", action="petition_submit",
                              object_type="petition", object_key="PA-1")
    client = _english(personas.client("appraiser"))
    page = client.get("/nhat-ky/").content.decode()
    assert "<h1>Change log</h1>" in page and "Done by" in page
    assert "Petition page (citizen)" in page and "Petition: received" in page
    csv = b"".join(client.get("/nhat-ky/nhat-ky-thay-doi.csv").streaming_content).decode("utf-8-sig")
    assert "Trang gửi phản ánh (người dân)" in csv and "Phản ánh: tiếp nhận" in csv
    assert "Petition" not in csv


def test_without_the_cookie_the_pages_stay_vietnamese(quarter, personas):
    page = personas.client("appraiser").get("/ky/2020-Q1/").content.decode()
    assert "Các bước của kỳ" in page and "Steps of the period" not in page


def test_the_public_results_read_in_english(quarter, personas):
    page = _english(Client()).get("/cong-khai/").content.decode()
    assert "Published evaluation results" in page
