"""The upload page of the portal's published figures (/so-lieu-cong/nhap/): the same
service as the command, CSRF, the file size bound, the outcome and the unmatched units.
Who may open it is the permission matrix (tests/access)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from portal_answers import encoded, progress, satisfaction, units_create

from tthc.importers.models import PublishedAnswer
from tthc.importers.portal_index import MAX_ANSWER_BYTES

pytestmark = pytest.mark.django_db
URL = "/so-lieu-cong/nhap/"


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/json")


def test_the_appraiser_imports_and_sees_the_outcome_and_the_unmatched_units(personas) -> None:  # type: ignore[no-untyped-def]
    units_create()
    client = personas.client("appraiser")
    response = client.post(URL, {"period": "2026-09", "files": [
        _upload("handling-satisfaction.json", encoded(satisfaction())),
        _upload("dvc-progress-tree.json", encoded(progress()))]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kết quả nhập kỳ 2026-09" in page and "Đơn vị chưa khớp (1)" in page
    assert "H11.999" in page and "Xã Không Có" in page and "portal_code" in page
    assert PublishedAnswer.objects.filter(period="2026-09").count() == 2
    assert PublishedAnswer.objects.get(answer="handling-satisfaction").actor == personas.appraiser.username
    # The history lists both imports.
    assert client.get(URL).content.decode().count("Đang dùng") == 2


def test_a_refused_file_is_named_and_nothing_of_it_is_stored(personas) -> None:  # type: ignore[no-untyped-def]
    response = personas.client("admin").post(URL, {"period": "2026-09", "files": [
        _upload("transparency.json", encoded(satisfaction()))]})
    assert response.status_code == 200
    assert "transparency.json" in response.content.decode() and "Không lưu gì từ tệp này" in response.content.decode()
    assert not PublishedAnswer.objects.exists()


def test_a_file_over_the_bound_is_refused_before_it_is_read(personas) -> None:  # type: ignore[no-untyped-def]
    response = personas.client("appraiser").post(URL, {"period": "2026-09", "files": [
        _upload("transparency.json", b" " * (MAX_ANSWER_BYTES + 1))]})
    assert response.status_code == 400 and "lớn quá" in response.content.decode()


def test_a_wrong_period_is_a_refused_form(personas) -> None:  # type: ignore[no-untyped-def]
    response = personas.client("appraiser").post(URL, {"period": "2026-13", "files": [
        _upload("transparency.json", encoded(satisfaction()))]})
    assert response.status_code == 400 and "không hợp lệ" in response.content.decode()


def test_the_form_needs_its_csrf_token(personas) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.appraiser)
    response = client.post(URL, {"period": "2026-09", "files": [_upload("transparency.json", b"{}")]})
    assert response.status_code == 403
    assert not PublishedAnswer.objects.exists()


def test_user_typed_text_is_shown_as_text(personas) -> None:  # type: ignore[no-untyped-def]
    units_create()
    answer = progress()
    answer["data"]["children"][1]["departmentName"] = "<script>alert(1)</script>"
    response = personas.client("appraiser").post(URL, {"period": "2026-09", "files": [
        _upload("dvc-progress-tree.json", encoded(answer))]})
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_outsider_is_refused_and_nothing_is_stored(personas) -> None:  # type: ignore[no-untyped-def]
    response = personas.client("outsider").post(URL, {"period": "2026-09", "files": [
        _upload("handling-satisfaction.json", encoded(satisfaction()))]})
    assert response.status_code == 403
    assert not PublishedAnswer.objects.exists()


def test_a_body_over_the_bound_is_refused_before_the_form_is_read(personas) -> None:  # type: ignore[no-untyped-def]
    from tthc.importers.portal_index_services import MAX_FILES
    client = personas.client("appraiser")
    response = client.generic("POST", URL, b"x", CONTENT_TYPE="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(MAX_FILES * MAX_ANSWER_BYTES + 10**6))
    assert response.status_code == 413 and "vượt quá giới hạn" in response.content.decode()
