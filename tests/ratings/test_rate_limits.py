"""Rate limits of the public rating pages, per client, by a keyed hash of the address."""

from __future__ import annotations

import pytest
from django.test import Client
from feedback_world import FeedbackWorld

from tthc.access.limits import client_address
from tthc.access.models import LimitCounter
from tthc.ratings import views
from tthc.ratings.codes import verification_code
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db
TOO_MANY = "Quá nhiều yêu cầu"


def limit(rate: str) -> int:
    return int(rate.split("/")[0])


def client(address: str = "192.0.2.10") -> Client:
    return Client(REMOTE_ADDR=address)


def test_rating_posts_over_the_limit_get_the_429_page(world: FeedbackWorld) -> None:
    phone = client()
    url = f"/danh-gia/{world.finished.code}/"
    good = {"m": verification_code(world.finished.code), "satisfaction": "satisfied"}
    statuses = [phone.post(url, good).status_code for _ in range(limit(views.RATING_RATE))]

    refused = phone.post(url, good)

    assert statuses[0] == 302 and set(statuses[1:]) == {302}  # identical resends: thanks again
    assert refused.status_code == 429
    assert TOO_MANY in refused.content.decode()
    assert "Quá nhiều yêu cầu" in refused.content.decode()
    assert client("192.0.2.11").post(url, good).status_code == 302  # another client is not limited
    assert Rating.objects.count() == 1


def test_lookups_over_the_limit_get_the_429_page(world: FeedbackWorld) -> None:
    phone = client()
    form = {"dossier_code": world.finished.code, "code": verification_code(world.finished.code)}
    for _ in range(limit(views.LOOKUP_RATE)):
        assert phone.post("/danh-gia/", form).status_code == 302

    assert phone.post("/danh-gia/", form).status_code == 429


def test_five_wrong_codes_block_the_client_even_with_the_right_one(world: FeedbackWorld) -> None:
    phone = client()
    for guess in range(limit(views.FAILED_CODE_RATE)):
        response = phone.post("/danh-gia/", {"dossier_code": world.finished.code, "code": f"GUESS{guess}AA"})
        assert response.status_code == 403

    right = {"dossier_code": world.finished.code, "code": verification_code(world.finished.code)}
    assert phone.post("/danh-gia/", right).status_code == 429
    assert phone.get(world.rate_url(world.finished)).status_code == 429
    assert client("192.0.2.99").post("/danh-gia/", right).status_code == 302


def test_wrong_codes_on_the_link_count_too(world: FeedbackWorld) -> None:
    phone = client("2001:db8:1:2::10")
    for guess in range(limit(views.FAILED_CODE_RATE)):
        assert phone.get(world.rate_url(world.finished, f"GUESS{guess}AA")).status_code == 403

    # Another address of the same IPv6 /64 is the same household.
    assert client("2001:db8:1:2::99").get(world.rate_url(world.finished)).status_code == 429


def test_a_missing_code_is_not_a_guess(world: FeedbackWorld) -> None:
    phone = client()
    for _ in range(limit(views.FAILED_CODE_RATE) + 1):
        assert phone.get(f"/danh-gia/{world.finished.code}/").status_code == 403

    assert phone.get(world.rate_url(world.finished)).status_code == 200


def test_the_counters_hold_no_address(world: FeedbackWorld) -> None:
    client("192.0.2.10").post("/danh-gia/", {"dossier_code": "X", "code": "GUESSAAA"})

    keys = list(LimitCounter.objects.values_list("key", flat=True))
    assert keys
    assert not any("192.0.2.10" in key for key in keys)


@pytest.mark.parametrize(("header", "meta", "expected"), [
    (None, {"REMOTE_ADDR": "203.0.113.7"}, "203.0.113.7"),
    # Unset, a header is the client's word: never read.
    (None, {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "198.51.100.4"}, "203.0.113.7"),
    # Behind a proxy that sets X-Real-IP, the header is the client; REMOTE_ADDR is the proxy.
    ("HTTP_X_REAL_IP", {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "198.51.100.4"}, "198.51.100.4"),
    # The proxy appends what it saw: the right-most entry; what the client claimed is ignored.
    ("X-Forwarded-For", {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 198.51.100.4"},
     "198.51.100.4"),
    # A request that did not pass the proxy (no header, or no address in it): the connection's.
    ("HTTP_X_REAL_IP", {"REMOTE_ADDR": "203.0.113.7"}, "203.0.113.7"),
    ("HTTP_X_REAL_IP", {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_REAL_IP": "không phải địa chỉ"}, "203.0.113.7"),
    # One household's IPv6 addresses count as one.
    (None, {"REMOTE_ADDR": "2001:db8:1:2:aaaa::1"}, "2001:db8:1:2::"),
])
def test_client_address_follows_the_configured_header(settings, header, meta, expected) -> None:  # type: ignore[no-untyped-def]
    from django.test import RequestFactory

    settings.TTHC_CLIENT_IP_HEADER = header
    request = RequestFactory().get("/danh-gia/")
    request.META.update(meta)
    assert client_address(request) == expected
