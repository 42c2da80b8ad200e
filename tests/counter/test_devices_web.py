"""Counter tablets from the web: the administrator or the desk's leader registers,
renames, re-issues and revokes them; the token shows once, as text and QR code."""

from __future__ import annotations

import re

import pytest
from counter_world import CounterWorld
from django.contrib.auth import get_user_model
from django.test import Client

from tthc.access.models import AgencyLeader
from tthc.audit.models import AuditEntry
from tthc.counter import selectors
from tthc.counter.credentials import token_hash
from tthc.counter.models import CounterDevice

pytestmark = pytest.mark.django_db


def _leader(unit: object, name: str) -> Client:
    user = get_user_model().objects.create_user(name)
    AgencyLeader.objects.create(user=user, unit=unit)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _post(client: Client, url: str, data: dict[str, object] | None = None) -> object:
    """A POST as the browser sends it: with the CSRF token of the page's form."""
    page = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token, f"no form on {url}"
    return client.post(url, {"csrfmiddlewaretoken": token.group(1), **(data or {})})


@pytest.fixture
def leader(world: CounterWorld) -> Client:
    return _leader(world.desk, "lanh-dao-stp")


def _shown_token(client: Client) -> str:
    page = client.get("/quay/may-tinh-bang/khoa/")
    assert page["Cache-Control"].startswith("max-age=0") and "no-store" in page["Cache-Control"]
    found = re.search(r'<p class="device-token"[^>]*>([A-Z0-9-]+)</p>', page.content.decode())
    assert found, "the token is not on the page"
    assert "<svg" in page.content.decode() and 'class="qr"' in page.content.decode()
    return found.group(1)


def test_the_leader_registers_a_tablet_and_sees_its_token_once(world: CounterWorld, leader: Client) -> None:
    response = _post(leader, "/quay/may-tinh-bang/", {"desk": world.desk.pk, "name": " Quầy 2 "})
    assert response.status_code == 302 and response["Location"] == "/quay/may-tinh-bang/khoa/"
    token = _shown_token(leader)
    device = CounterDevice.objects.get(desk=world.desk, name="Quầy 2")
    assert device.token_hash == token_hash(token) and selectors.device_for_token(token) == device
    again = leader.get("/quay/may-tinh-bang/khoa/").content.decode()
    assert token not in again and "Khóa không còn hiển thị" in again
    entry = AuditEntry.objects.get(action="counter_device_add", object_key=str(device.pk))
    assert entry.after == {"name": "Quầy 2", "desk": "STP", "active": True}
    assert token not in str(entry.after) and token not in entry.reason


def test_the_qr_code_opens_the_bind_page_with_the_token_after_the_fragment(world: CounterWorld,
                                                                           leader: Client) -> None:
    _post(leader, "/quay/may-tinh-bang/", {"desk": world.desk.pk, "name": "Quầy 2"})
    page = leader.get("/quay/may-tinh-bang/khoa/").content.decode()
    # segno draws the modules; the link itself is checked through what the page names.
    assert "/quay/thiet-bi/gan/" in page and "Mã QR gắn thiết bị Quầy 2" in page


def test_a_leader_sees_and_registers_only_for_their_own_desk(world: CounterWorld, leader: Client) -> None:
    page = leader.get("/quay/may-tinh-bang/").content.decode()
    assert "Quầy 1" in page and "Quầy STC" not in page
    response = _post(leader, "/quay/may-tinh-bang/", {"desk": world.other_unit.pk, "name": "Lén"})
    assert response.status_code == 400
    assert not CounterDevice.objects.filter(name="Lén").exists()


def test_a_leader_of_another_unit_cannot_touch_this_desks_tablets(world: CounterWorld) -> None:
    other = _leader(world.other_unit, "lanh-dao-stc")
    for action in ("doi-ten", "cap-lai-khoa", "thu-hoi"):
        url = f"/quay/may-tinh-bang/{world.device.pk}/{action}/"
        assert other.get(url).status_code == 404
        page = other.get(f"/quay/may-tinh-bang/{world.other_device.pk}/{action}/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        assert token
        assert other.post(url, {"csrfmiddlewaretoken": token.group(1), "name": "X"}).status_code == 404
    device = CounterDevice.objects.get(pk=world.device.pk)
    assert device.active and device.name == "Quầy 1" and device.token_hash == token_hash(world.token)


def test_renaming_keeps_the_token_and_is_audited(world: CounterWorld, leader: Client) -> None:
    response = _post(leader, f"/quay/may-tinh-bang/{world.device.pk}/doi-ten/", {"name": "Quầy 1 — Tư pháp"})
    assert response.status_code == 302
    assert "Đã đổi tên thiết bị “Quầy 1” thành “Quầy 1 — Tư pháp”." in leader.get(response["Location"]).content.decode()
    assert selectors.device_for_token(world.token).name == "Quầy 1 — Tư pháp"
    entry = AuditEntry.objects.get(action="counter_device_rename")
    assert (entry.before, entry.after) == ({"name": "Quầy 1"}, {"name": "Quầy 1 — Tư pháp"})


def test_a_name_taken_at_the_desk_is_refused(world: CounterWorld, leader: Client) -> None:
    _post(leader, "/quay/may-tinh-bang/", {"desk": world.desk.pk, "name": "Quầy 2"})
    response = _post(leader, f"/quay/may-tinh-bang/{world.device.pk}/doi-ten/", {"name": "Quầy 2"})
    assert response.status_code == 400 and "đã có thiết bị “Quầy 2”" in response.content.decode()


def test_reissuing_revokes_the_old_token_and_shows_the_new_one_once(world: CounterWorld, leader: Client) -> None:
    confirm = leader.get(f"/quay/may-tinh-bang/{world.device.pk}/cap-lai-khoa/").content.decode()
    assert "hết hiệu lực ngay" in confirm
    response = _post(leader, f"/quay/may-tinh-bang/{world.device.pk}/cap-lai-khoa/")
    assert response["Location"] == "/quay/may-tinh-bang/khoa/"
    token = _shown_token(leader)
    assert token != world.token
    assert selectors.device_for_token(world.token) is None
    assert selectors.device_for_token(token) == world.device
    assert AuditEntry.objects.filter(action="counter_device_token_renew", object_key=str(world.device.pk)).exists()


def test_revoking_stops_the_tablet_and_frees_its_name(world: CounterWorld, leader: Client,
                                                      kiosk_client: Client) -> None:
    response = _post(leader, f"/quay/may-tinh-bang/{world.device.pk}/thu-hoi/")
    assert response.status_code == 302
    page = leader.get("/quay/may-tinh-bang/").content.decode()
    assert "Đã thu hồi thiết bị “Quầy 1”" in page and "Đã thu hồi" in page
    assert selectors.device_for_token(world.token) is None
    assert kiosk_client.get("/quay/thiet-bi/trang-thai/").status_code == 401
    entry = AuditEntry.objects.get(action="counter_device_revoke")
    assert entry.before["active"] is True and entry.after["active"] is False
    # A revoked tablet is not re-issued; its name may go to a new one.
    assert _post(leader, f"/quay/may-tinh-bang/{world.device.pk}/cap-lai-khoa/").status_code == 400
    assert _post(leader, "/quay/may-tinh-bang/", {"desk": world.desk.pk, "name": "Quầy 1"}).status_code == 302


def test_the_administrator_chooses_the_desk(world: CounterWorld) -> None:
    admin = get_user_model().objects.create_superuser("quan-tri", None, None)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    page = client.get("/quay/may-tinh-bang/").content.decode()
    assert "Quầy 1" in page and "Quầy STC" in page and '<select name="desk"' in page
    assert _post(client, "/quay/may-tinh-bang/", {"desk": world.other_unit.pk, "name": "Quầy 2"}).status_code == 302
    assert CounterDevice.objects.filter(desk=world.other_unit, name="Quầy 2").exists()


def test_without_a_csrf_token_nothing_changes(world: CounterWorld, leader: Client) -> None:
    response = leader.post(f"/quay/may-tinh-bang/{world.device.pk}/thu-hoi/")
    assert response.status_code == 403
    assert CounterDevice.objects.get(pk=world.device.pk).active


def test_desk_officials_are_refused_and_told_who_registers(world: CounterWorld, official_client: Client) -> None:
    assert official_client.get("/quay/may-tinh-bang/").status_code == 403
    CounterDevice.objects.update(active=False)
    page = official_client.get("/quay/").content.decode()
    assert "tthc counter_device_add" not in page
    assert "Lãnh đạo đơn vị hoặc quản trị hệ thống đăng ký máy tính bảng" in page and "/quay/may-tinh-bang/" in page


def test_the_bind_page_no_longer_sends_people_to_a_shell_command(world: CounterWorld) -> None:
    page = Client().get("/quay/thiet-bi/gan/").content.decode()
    assert "counter_device_add" not in page and "counter/bind.js" in page
