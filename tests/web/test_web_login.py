"""One login page for officials and staff (the admin keeps its own, staff only)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_desk_official_without_staff_rights_can_log_in() -> None:
    get_user_model().objects.create_user("canbo", password="mat-khau-dai-du")
    client = Client()
    page = client.get("/dang-nhap/")
    assert page.status_code == 200 and "Đăng nhập" in page.content.decode()
    response = client.post("/dang-nhap/", {"username": "canbo", "password": "mat-khau-dai-du"})
    assert response.status_code == 302
    assert "Đăng xuất" in client.get("/").content.decode()


def test_a_wrong_password_is_refused_in_vietnamese() -> None:
    get_user_model().objects.create_user("canbo", password="mat-khau-dai-du")
    response = Client().post("/dang-nhap/", {"username": "canbo", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_password_guessing_is_rate_limited() -> None:
    # 10 attempts a minute per address. The limit counts in fixed one-minute windows: 21
    # attempts cross at most one window's end, so one window sees 11 of them.
    client = Client()
    codes = [client.post("/dang-nhap/", {"username": "x", "password": "y"}).status_code for _ in range(21)]
    assert codes[0] == 200
    assert 429 in codes
    assert set(codes) == {200, 429}
