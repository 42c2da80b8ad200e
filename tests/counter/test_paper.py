"""Paper forms entered by staff: who entered each, in which batch, one rating per dossier."""

from __future__ import annotations

import pytest
from counter_world import CounterWorld
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from tthc.counter.services import entered_by_name
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db


def enter(client: Client, code: str, key: str = "1", batch: str = "L2020-03", **extra: str):  # type: ignore[no-untyped-def]
    data = {"batch": batch, "dossier_code": code, "satisfaction": key, "agencies_contacted": "",
            "disclosure_seen": "", "comment": "", **extra}
    return client.post("/quay/phieu-giay/", data, follow=True)


@pytest.fixture
def staff_client(world: CounterWorld) -> Client:
    """A clerk of the province who keys the paper forms of every agency (the permission)."""
    staff = get_user_model().objects.create_user("vanthu", first_name="Cầm Thị", last_name="Ánh",
                                                  is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="enter_paper_rating"))
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def colleague_client(world: CounterWorld) -> Client:
    """Hoa's colleague at the desk: keys the forms of the dossiers Hoa received."""
    client = Client()
    client.force_login(world.colleague_user)
    return client


def test_who_may_enter_paper_forms(world: CounterWorld, staff_client: Client, official_client: Client) -> None:
    anonymous = Client().get("/quay/phieu-giay/")
    assert anonymous.status_code == 302 and anonymous["Location"] == "/dang-nhap/?next=/quay/phieu-giay/"
    assert staff_client.get("/quay/phieu-giay/").status_code == 200
    assert official_client.get("/quay/phieu-giay/").status_code == 200
    outsider = Client()
    outsider.force_login(get_user_model().objects.create_user("outsider"))
    assert enter(outsider, "HS-STP-001").status_code == 403
    # Being staff is not enough: keying citizens' answers takes its own permission.
    staff = Client()
    staff.force_login(get_user_model().objects.create_user("quan-tri-vien", is_staff=True))
    assert staff.get("/quay/phieu-giay/").status_code == 403
    assert enter(staff, "HS-STP-001").status_code == 403
    assert Rating.objects.count() == 0


def test_a_form_records_who_entered_it_its_batch_and_its_answers(world: CounterWorld,
                                                                 colleague_client: Client) -> None:
    page = enter(colleague_client, "hs-stp-002", "2", agencies_contacted="3", disclosure_seen="2",
                 comment="  Cán bộ nhiệt tình  ")
    rating = Rating.objects.get()
    assert (rating.dossier, rating.channel, rating.satisfaction) == (world.dossiers[1], "paper", "satisfied")
    assert (rating.agencies_contacted, rating.disclosure_seen, rating.comment) == (3, "both", "Cán bộ nhiệt tình")
    assert (rating.entered_by, rating.batch) == ("Nguyễn Văn Nam (nam.nv)", "L2020-03")
    assert rating.entered_by_user == world.colleague_user
    assert rating.device is None and rating.client_id is None
    text = page.content.decode()
    assert "Đã lưu phiếu của hồ sơ HS-STP-002 (lô L2020-03)." in text
    assert "đã nhập <strong>1</strong> phiếu" in text


def test_the_batch_is_remembered_and_the_cursor_returns_to_the_dossier_code(
        world: CounterWorld, colleague_client: Client) -> None:
    assert _focused(colleague_client.get("/quay/phieu-giay/").content.decode()) == "batch"
    enter(colleague_client, "HS-STP-001", "1", batch="LÔ-07")
    page = colleague_client.get("/quay/phieu-giay/").content.decode()
    assert 'value="LÔ-07"' in page and _focused(page) == "dossier_code"
    enter(colleague_client, "HS-STP-003", "5", batch="LÔ-07")
    page = colleague_client.get("/quay/phieu-giay/").content.decode()
    assert "đã nhập <strong>2</strong> phiếu" in page
    assert [r.batch for r in Rating.objects.all()] == ["LÔ-07", "LÔ-07"]


def _focused(page: str) -> str:
    """The name of the one field rendered with autofocus."""
    tags = [tag for tag in page.split("<input")[1:] if "autofocus" in tag.split(">", 1)[0]]
    assert len(tags) == 1
    return tags[0].split('name="', 1)[1].split('"', 1)[0]


def test_the_five_keys_follow_the_order_printed_on_the_form(world: CounterWorld, staff_client: Client) -> None:
    for key, dossier in zip("15", world.dossiers, strict=False):
        enter(staff_client, dossier.code, key)
    assert list(Rating.objects.order_by("dossier__code").values_list("satisfaction", flat=True)) == [
        "very_satisfied", "very_dissatisfied"]
    assert Rating.objects.first().entered_by == "Cầm Thị Ánh (vanthu)"


def test_an_unknown_dossier_code_is_explained_and_nothing_is_stored(world: CounterWorld,
                                                                     staff_client: Client) -> None:
    page = enter(staff_client, "HS-KHONG-CO", "2")
    text = page.content.decode()
    assert page.status_code == 200 and "Không tìm thấy hồ sơ có mã “HS-KHONG-CO”" in text
    assert _focused(text) == "dossier_code" and 'value="2"' in text  # only the code needs retyping
    assert Rating.objects.count() == 0


def test_a_second_form_for_a_rated_dossier_is_refused_and_the_first_stays(world: CounterWorld,
                                                                          staff_client: Client) -> None:
    enter(staff_client, "HS-STP-001", "1")
    page = enter(staff_client, "HS-STP-001", "4").content.decode()
    assert "đã có đánh giá trước đó; đánh giá đầu tiên được giữ nguyên" in page
    assert Rating.objects.get().satisfaction == "very_satisfied"
    assert "đã nhập <strong>1</strong> phiếu" in page
    identical = enter(staff_client, "HS-STP-001", "1").content.decode()
    assert "đã được nhập trước đó (giống hệt)" in identical and Rating.objects.count() == 1


def test_a_desk_official_enters_forms_of_their_own_unit_only(world: CounterWorld,
                                                              official_client: Client) -> None:
    text = enter(official_client, "HS-STC-001", "1").content.decode()
    assert "không thuộc đơn vị của ông/bà" in text and Rating.objects.count() == 0
    enter(official_client, "HS-STP-900", "1")  # a colleague's dossier at the same desk
    assert Rating.objects.get().dossier == world.colleague_dossier


@pytest.mark.parametrize(("field", "value", "message"), [
    ("satisfaction", "7", "Mức độ hài lòng là một phím từ 1 đến 5."),
    ("satisfaction", "", "Nhập mức độ hài lòng"),
    ("agencies_contacted", "x", "Số cơ quan là một chữ số"),
    ("disclosure_seen", "5", "Công khai thủ tục: phím 2"),
    ("comment", "a\x00b", "chứa ký tự điều khiển"),
    ("batch", "", "bắt buộc"),
])
def test_keys_out_of_range_are_refused_with_a_message(world: CounterWorld, staff_client: Client,
                                                      field: str, value: str, message: str) -> None:
    data = {"satisfaction": "1", field: value}
    page = enter(staff_client, "HS-STP-001", **data)  # type: ignore[arg-type]
    assert message in page.content.decode() and Rating.objects.count() == 0
    assert _focused(page.content.decode()) == field


def test_entry_needs_the_csrf_token(world: CounterWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user)
    response = client.post("/quay/phieu-giay/", {"batch": "L1", "dossier_code": "HS-STP-001", "satisfaction": "1"})
    assert response.status_code == 403 and Rating.objects.count() == 0


def test_entry_is_rate_limited_per_user(world: CounterWorld, staff_client: Client) -> None:
    codes = [staff_client.post("/quay/phieu-giay/", {"batch": "L1", "dossier_code": "HS-NONE",
                                                     "satisfaction": "1"}).status_code for _ in range(121)]
    assert codes[:120] == [200] * 120 and codes[120] == 429


def test_the_name_recorded_falls_back_to_the_login(world: CounterWorld) -> None:
    bare = get_user_model().objects.create_user("clerk2")
    assert entered_by_name(bare, None) == "clerk2"
    assert entered_by_name(world.user, world.official) == "Lò Thị Hoa (hoa.lt)"
