"""Issue 10, findings 4 and 5: log-ins and rate limits.

4. /admin/login/ had no limit at all; /dang-nhap/ counted per worker in fixed windows,
   and a locked-out address was refused the right password too (one person behind an
   office's address locked out everyone).
5. Rate limits lived in each worker's memory (N workers, N times the documented limit);
   bad device tokens were counted per address, so one client behind a proxy locked out
   every tablet.

The fast tests drive the back-off with the limits' clock held by the test
(`limits_clock`, tests/conftest.py); the last one starts `tthc serve --workers 2` on a
scratch database and shows the limits holding across both workers.
"""

from __future__ import annotations

import concurrent.futures
import html
import http.client
import importlib.util
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tthc.access import logins
from tthc.access.models import LimitCounter
from tthc.api.http import token_hash
from tthc.audit.models import AuditEntry
from tthc.counter.models import CounterDevice
from tthc.organisation.models import Unit

PASSWORD = "mat-khau-dung-1"
FIRST_WAIT = 30.0
WAIT_VI = "Đăng nhập sai quá nhiều lần"


@pytest.fixture
def accounts(db: None, settings: Any) -> None:
    # A fast hasher: these tests are about counting, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TTHC_LOGIN_BACKOFF_SECONDS = FIRST_WAIT
    users = get_user_model().objects
    users.create_user("canbo", password=PASSWORD)
    users.create_user("thamdinh", password=PASSWORD)
    users.create_superuser("quantri", password=PASSWORD)


def log_in(username: str, password: str, address: str = "10.1.1.1", url: str = "/dang-nhap/") -> Any:
    return Client(REMOTE_ADDR=address).post(url, {"username": username, "password": password})


# The back-off itself -------------------------------------------------------------------

def test_the_wait_doubles_with_each_further_failure_up_to_fifteen_minutes(settings: Any) -> None:
    settings.TTHC_LOGIN_BACKOFF_SECONDS = 30
    assert [logins.delay(n, 5) for n in range(4, 11)] == [0, 30, 60, 120, 240, 480, 900]
    assert logins.delay(10_000, 5) == 900


def test_five_attempts_then_each_failure_lengthens_the_wait(accounts: None, limits_clock: Any) -> None:
    assert [logins.attempt("canbo", "10.1.1.1") for _ in range(5)] == [0] * 5
    assert logins.attempt("canbo", "10.1.1.1") == 30
    limits_clock.advance(10)
    # Refused attempts check nothing and count nothing: hammering does not lengthen the wait.
    assert [logins.attempt("canbo", "10.1.1.1") for _ in range(20)] == [20] * 20
    limits_clock.advance(20)
    assert logins.attempt("canbo", "10.1.1.1") == 0  # the sixth, after 30 s
    assert logins.attempt("canbo", "10.1.1.1") == 60
    limits_clock.advance(60)
    assert logins.attempt("canbo", "10.1.1.1") == 0
    assert logins.attempt("canbo", "10.1.1.1") == 120


def test_guessing_from_many_addresses_is_slowed_per_account(accounts: None) -> None:
    assert [logins.attempt("canbo", f"10.2.0.{n}") for n in range(10)] == [0] * 10
    assert logins.attempt("canbo", "10.2.0.99") == 30
    assert logins.attempt("CanBo ", "10.2.0.98") == 30  # one account, however it is typed
    assert logins.attempt("thamdinh", "10.2.0.99") == 0


def test_failures_are_forgotten_a_day_after_the_last(accounts: None, limits_clock: Any) -> None:
    for _ in range(5):
        logins.attempt("canbo", "10.1.1.1")
    limits_clock.advance(24 * 3600)
    assert [logins.attempt("canbo", "10.1.1.1") for _ in range(5)] == [0] * 5


# Through the log-in pages ---------------------------------------------------------------

def test_the_site_login_waits_and_lets_another_account_from_the_same_address_in(
        accounts: None, limits_clock: Any) -> None:
    wrong = [log_in("canbo", f"doan-{n}").status_code for n in range(8)]
    assert wrong == [200] * 5 + [429] * 3

    # The right password is held back while the account waits, and told how long…
    held = log_in("canbo", PASSWORD)
    assert held.status_code == 429 and held["Retry-After"] == "30"
    assert f"{WAIT_VI}. Xin thử lại sau 30 giây." in held.content.decode()
    # …but a colleague behind the same address logs in to her own account.
    assert log_in("thamdinh", PASSWORD).status_code == 302

    limits_clock.advance(FIRST_WAIT)
    assert log_in("canbo", PASSWORD).status_code == 302
    # The success cleared the account: its owner's next typo is an ordinary one.
    assert log_in("canbo", "go-nham").status_code == 200


def test_the_admin_login_is_limited_too_and_shares_the_count(accounts: None, limits_clock: Any) -> None:
    statuses = [log_in("quantri", f"doan-{n}", url="/admin/login/").status_code for n in range(4)]
    assert statuses == [200] * 4
    assert log_in("quantri", "doan-5").status_code == 200  # the fifth, at the site's page
    held = log_in("quantri", PASSWORD, url="/admin/login/")
    assert held.status_code == 429 and held["Retry-After"] == "30"
    assert WAIT_VI in held.content.decode()

    limits_clock.advance(FIRST_WAIT)
    client = Client(REMOTE_ADDR="10.1.1.1")
    response = client.post("/admin/login/", {"username": "quantri", "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_office_address_waits_only_after_many_failures_and_not_for_its_own_staff(
        accounts: None, settings: Any, limits_clock: Any) -> None:
    settings.TTHC_LOGIN_OFFICE_FAILURES = 4
    assert log_in("thamdinh", PASSWORD, address="10.3.3.3").status_code == 302  # works there
    for name in ("a", "b", "c", "d"):
        assert log_in(name, "sai", address="10.3.3.3").status_code == 200
    # Someone tried four accounts from there: the address now waits, for an account that
    # has not logged in from there…
    assert log_in("canbo", PASSWORD, address="10.3.3.3").status_code == 429
    # …not for the colleague who has (the right password is not locked out), nor from
    # elsewhere; and after the wait the right password gets in.
    assert log_in("thamdinh", PASSWORD, address="10.3.3.3").status_code == 302
    assert log_in("canbo", PASSWORD, address="10.4.4.4").status_code == 302
    limits_clock.advance(FIRST_WAIT)
    assert log_in("canbo", PASSWORD, address="10.3.3.3").status_code == 302


def test_tthc_unlock_lets_the_account_in_at_once(accounts: None) -> None:
    for n in range(10):  # from two addresses: the account's own limit is reached
        log_in("canbo", f"doan-{n}", address=f"10.5.0.{n % 2}")
    assert log_in("canbo", PASSWORD, address="10.5.0.9").status_code == 429
    assert log_in("canbo", PASSWORD, address="10.5.0.1").status_code == 429

    call_command("unlock", "canbo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert log_in("canbo", PASSWORD, address="10.5.0.1").status_code == 302
    entry = AuditEntry.objects.get(action="login_unlock")
    assert (entry.object_key, entry.actor) == ("canbo", "cli")


def test_the_counters_hold_no_user_name_or_address(accounts: None) -> None:
    log_in("canbo", "sai", address="10.6.6.6")
    keys = list(LimitCounter.objects.values_list("key", flat=True))
    assert len(keys) == 3
    assert not any("canbo" in key or "10.6.6.6" in key for key in keys)


# Device tokens -------------------------------------------------------------------------

def test_bad_device_tokens_from_one_address_do_not_lock_out_the_good_ones(db: None) -> None:
    desk = Unit.objects.create(code="STP", name="Sở Tư pháp", kind="province_agency")
    CounterDevice.objects.create(name="Quầy 1", desk=desk, token_hash=token_hash("khoa-tot-1"))
    proxy = "192.0.2.80"  # every tablet of the office, and the guesser, behind one proxy

    guessed = [Client(HTTP_AUTHORIZATION=f"Bearer doan-{n}", REMOTE_ADDR=proxy).get("/api/dossiers/HS-X").status_code
               for n in range(60)]
    stale = Client(HTTP_AUTHORIZATION="Bearer khoa-da-thu-hoi", REMOTE_ADDR=proxy)
    retried = [stale.get("/api/dossiers/HS-X").status_code for _ in range(31)]
    good = Client(HTTP_AUTHORIZATION="Bearer khoa-tot-1", REMOTE_ADDR=proxy)
    served = [good.get("/api/dossiers/HS-X").status_code for _ in range(100)]

    assert guessed == [401] * 60
    assert retried == [401] * 30 + [429]  # a token retried past 30 a minute is held back
    assert served == [404] * 100  # accepted (the dossier does not exist), never refused


# Every worker counts in the same place --------------------------------------------------

SERVE_ENV = {"TTHC_LOGIN_BACKOFF_SECONDS": "4", "TTHC_ALLOWED_HOSTS": "127.0.0.1", "TTHC_PUBLIC_PAGE_RATE": "10/m"}
TTHC = Path(sys.executable).with_name("tthc")
CREATE_USERS = f"""
from django.contrib.auth import get_user_model
users = get_user_model().objects
users.create_user("canbo", password="{PASSWORD}")
users.create_user("thamdinh", password="{PASSWORD}")
users.create_superuser("quantri", password="{PASSWORD}")
"""


class Browser:
    """One visitor: a CSRF cookie and its form token; every request on a new connection
    (gunicorn's sync workers take connections in turn)."""

    def __init__(self, port: int) -> None:
        self.port = port
        _, page, headers = self.request("GET", "/dang-nhap/")
        self.cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)  # type: ignore[union-attr]
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, Any]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.token})
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={self.cookie}"}
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            return response.status, text, response.headers
        finally:
            connection.close()

    def log_in(self, username: str, password: str, path: str = "/dang-nhap/") -> tuple[int, str, Any]:
        return self.request("POST", path, {"username": username, "password": password})

    def at_once(self, calls: list[tuple[Any, ...]]) -> list[int]:
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            return [status for status, _, _ in pool.map(lambda call: call[0](*call[1:]), calls)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.skipif(importlib.util.find_spec("gunicorn") is None, reason="gunicorn is not installed")
def test_login_and_public_limits_hold_across_two_workers(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TTHC_") and key != "DATABASE_URL"}
    env |= SERVE_ENV | {"DATABASE_URL": f"sqlite:///{tmp_path / 'tthc.sqlite3'}", "TTHC_DATA_DIR": str(tmp_path),
                        "TTHC_SECRET_KEY": secrets.token_urlsafe(50)}
    subprocess.run([TTHC, "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=120)
    subprocess.run([TTHC, "shell", "-c", CREATE_USERS], env=env, check=True, timeout=60, capture_output=True)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([TTHC, "serve", "--workers", "2", "--port", str(port)], env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 40
        while True:
            try:
                browser = Browser(port)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)

        # 12 wrong passwords for one account, four at a time: exactly 5 are checked.
        wrong = browser.at_once([(browser.log_in, "canbo", f"doan-{n}") for n in range(12)])
        assert sorted(wrong) == [200] * 5 + [429] * 7
        status, page, headers = browser.log_in("canbo", PASSWORD)
        assert status == 429 and WAIT_VI in html.unescape(page)
        canbo_free_at = time.monotonic() + float(headers["Retry-After"])
        # Another account from the same address is not held back.
        assert browser.log_in("thamdinh", PASSWORD)[0] == 302

        # The admin's log-in counts the same way.
        admin = browser.at_once([(browser.log_in, "quantri", f"doan-{n}", "/admin/login/") for n in range(8)])
        assert sorted(admin) == [200] * 5 + [429] * 3

        # A public endpoint: 10 petitions an hour per address, whichever worker answers.
        petitions = browser.at_once([(browser.request, "POST", "/phan-anh/gui/", {"unit": "KHONG-CO", "content": "x"})
                                     for _ in range(15)])
        assert sum(status != 429 for status in petitions) == 10 and petitions.count(429) == 5
        # The public pages, likewise (10 a minute here, TTHC_PUBLIC_PAGE_RATE).
        pages = browser.at_once([(browser.request, "GET", "/cong-khai/") for _ in range(15)])
        assert pages.count(200) == 10 and pages.count(429) == 5

        # After the wait, the right password gets in.
        time.sleep(max(0.0, canbo_free_at - time.monotonic()) + 0.3)
        assert browser.log_in("canbo", PASSWORD)[0] == 302
    finally:
        server.terminate()
        server.wait(timeout=30)

    posts = re.findall(r"\bPOST (\d{3}) .*<(\d+)>", log.read_text())
    assert len(posts) == 12 + 2 + 8 + 15 + 1
    assert len({pid for _, pid in posts}) == 2, "both workers answered"
