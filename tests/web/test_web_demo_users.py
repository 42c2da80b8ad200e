"""`tthc demo_users`: demo log-ins created once, reset on every run, announced as demo."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tthc.web.services import APPRAISER_GROUP, DEFAULT_DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _run() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("demo_users", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_creates_admin_and_appraiser_with_the_documented_password(monkeypatch):
    monkeypatch.delenv("TTHC_DEMO_PASSWORD", raising=False)
    out, err = _run()
    users = get_user_model().objects
    admin, appraiser = users.get(username="quantri"), users.get(username="thamdinh")
    assert admin.is_superuser and admin.is_staff
    assert appraiser.is_staff and not appraiser.is_superuser
    assert admin.check_password(DEFAULT_DEMO_PASSWORD)
    assert appraiser.check_password(DEFAULT_DEMO_PASSWORD)
    assert list(appraiser.groups.values_list("name", flat=True)) == [APPRAISER_GROUP]
    assert appraiser.has_perm("scoring.view_subjectscore")
    assert appraiser.has_perm("dossiers.view_dossier")
    assert not appraiser.has_perm("dossiers.change_dossier")
    assert not appraiser.has_perm("auth.view_user")
    assert "quantri" in out and "thamdinh" in out and DEFAULT_DEMO_PASSWORD in out
    assert "CẢNH BÁO: đây là tài khoản minh họa" in out.splitlines()[0]
    assert err == ""


def test_second_run_updates_and_takes_the_password_from_the_environment(monkeypatch):
    _run()
    monkeypatch.setenv("TTHC_DEMO_PASSWORD", "mat-khau-rieng-2024")
    out, _ = _run()
    users = get_user_model().objects
    assert users.filter(username__in=["quantri", "thamdinh"]).count() == 2
    assert users.get(username="quantri").check_password("mat-khau-rieng-2024")
    assert "cập nhật" in out and "tạo mới" not in out
    assert "mat-khau-rieng-2024" not in out  # a password of one's own is not echoed
