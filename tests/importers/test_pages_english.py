"""The portal figures' pages in English (the `django_language=en` cookie): the page's
own words; what the import says (the command's and the JSON's Vietnamese) stays as it is."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from portal_answers import encoded, satisfaction, units_create

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from reconcile_world import reconciled_month
from test_index_score import PERIOD

pytestmark = pytest.mark.django_db


def _english(personas, name: str):  # type: ignore[no-untyped-def]
    client = personas.client(name)
    client.cookies["django_language"] = "en"
    return client


def test_the_upload_page_reads_in_english(personas) -> None:  # type: ignore[no-untyped-def]
    units_create()
    client = _english(personas, "appraiser")
    page = client.get("/so-lieu-cong/nhap/").content.decode()
    assert "Import the index figures published by the National Public Service Portal" in page
    assert "Period of the figures" in page and "Import figures" in page
    page = client.post("/so-lieu-cong/nhap/", {"period": "2026-09", "files": [SimpleUploadedFile(
        "handling-satisfaction.json", encoded(satisfaction()), content_type="application/json")]},
    ).content.decode()
    assert "Import results for period 2026-09" in page and "In use" in page
    # Each file's outcome is the import's own words, the command's and the JSON's too.
    assert "đã lưu kết quả handling-satisfaction" in page


def test_the_reconciliation_reads_in_english(personas) -> None:  # type: ignore[no-untyped-def]
    reconciled_month()
    page = _english(personas, "appraiser").get(f"/so-lieu-cong/{PERIOD}/").content.decode()
    assert "Reconciliation with the portal's published figures" in page
    assert "By indicator" in page and "Portal points do not match the formula" in page
    assert "Đối chiếu với số liệu Cổng công bố" not in page
