"""The desk page: an official sends a dossier they received to their desk's tablet."""

from __future__ import annotations

import pytest
from counter_world import PASSWORD, CounterWorld, counter_world
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tthc.counter.models import CounterDevice
from tthc.counter.services import counter_device_add
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_log_in_page(world: CounterWorld) -> None:
    response = Client().get("/quay/")
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/?next=/quay/"


def test_a_login_with_no_official_and_no_staff_rights_is_refused(world: CounterWorld) -> None:
    outsider = get_user_model().objects.create_user("outsider")
    client = Client()
    client.force_login(outsider)
    for url in ("/quay/", "/quay/phieu-giay/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Không có quyền truy cập" in response.content.decode()
    assert client.post("/quay/gui/", {"device": world.device.pk, "dossier": "HS-STP-001"}).status_code == 403
    assert CounterDevice.objects.get(pk=world.device.pk).serving_dossier is None


def test_staff_without_an_official_get_a_clear_message(world: CounterWorld) -> None:
    staff = get_user_model().objects.create_user("clerk", is_staff=True)
    client = Client()
    client.force_login(staff)
    page = client.get("/quay/")
    assert page.status_code == 200
    assert "chưa được gắn với cán bộ nào" in page.content.decode()


def test_the_official_sees_their_own_dossiers_newest_first_and_the_desk_tablets(
        world: CounterWorld, official_client: Client) -> None:
    page = official_client.get("/quay/")
    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("HS-STP-004") < text.index("HS-STP-001")
    assert "HS-STP-900" not in text and "HS-STC-001" not in text  # a colleague's, another agency's
    assert "Quầy 1" in text and "Quầy STC" not in text
    assert text.count("Gửi sang thiết bị đánh giá<span") == 4


def test_one_click_shows_the_dossier_on_the_tablet(world: CounterWorld, official_client: Client) -> None:
    before = timezone.now()
    response = official_client.post("/quay/gui/", {"device": world.device.pk, "dossier": "HS-STP-002"})
    assert response.status_code == 302 and response["Location"] == "/quay/"
    device = CounterDevice.objects.get(pk=world.device.pk)
    assert device.serving_official == world.official
    assert device.serving_dossier == world.dossiers[1]
    assert device.serving_since is not None and device.serving_since >= before
    page = official_client.get("/quay/").content.decode()
    assert "Đã gửi hồ sơ HS-STP-002 sang thiết bị “Quầy 1”" in page
    assert 'đang mời đánh giá hồ sơ <a class="code" href="/ho-so/HS-STP-002/">HS-STP-002</a>' in page


def test_the_last_device_used_is_remembered(world: CounterWorld, official_client: Client) -> None:
    second = counter_device_add(name="Quầy 2", desk=world.desk, actor="test").device
    assert f'value="{world.device.pk}" selected' in official_client.get("/quay/").content.decode()
    official_client.post("/quay/gui/", {"device": second.pk, "dossier": "HS-STP-001"})
    assert f'value="{second.pk}" selected' in official_client.get("/quay/").content.decode()


def test_nobody_sends_a_colleagues_dossier_or_to_another_desks_tablet(
        world: CounterWorld, official_client: Client) -> None:
    official_client.post("/quay/gui/", {"device": world.device.pk, "dossier": "HS-STP-900"})
    official_client.post("/quay/gui/", {"device": world.other_device.pk, "dossier": "HS-STP-001"})
    official_client.post("/quay/gui/", {"device": "", "dossier": "HS-STP-001"})
    for device in CounterDevice.objects.all():
        assert device.serving_dossier is None
    page = official_client.get("/quay/").content.decode()
    assert "Không tìm thấy hồ sơ này" in page and "Chọn thiết bị" in page


def test_sending_needs_the_csrf_token(world: CounterWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user)
    assert client.post("/quay/gui/", {"device": world.device.pk, "dossier": "HS-STP-001"}).status_code == 403
    assert CounterDevice.objects.get(pk=world.device.pk).serving_dossier is None


def test_a_rated_dossier_has_no_send_button(world: CounterWorld, official_client: Client) -> None:
    Rating.objects.create(dossier=world.dossiers[0], channel="paper", satisfaction="satisfied")
    text = official_client.get("/quay/").content.decode()
    assert text.count("Gửi sang thiết bị đánh giá<span") == 3 and "Đã có đánh giá" in text


def test_an_official_without_staff_rights_logs_in_and_reaches_the_desk(db: None) -> None:
    counter_world(password=PASSWORD)
    client = Client()
    response = client.post("/dang-nhap/", {"username": "hoa.lt", "password": PASSWORD, "next": "/quay/"})
    assert response.status_code == 302 and response["Location"] == "/quay/"
    assert "Lò Thị Hoa" in client.get("/quay/").content.decode()
