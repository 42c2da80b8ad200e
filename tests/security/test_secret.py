"""Issue 10, finding 1: the installation's own secret key.

Before: every installation signed receipt codes with the demo key written in the source,
so anyone could compute the code of any dossier and rate it; `tthc serve` and the deploy
check said nothing. Now a fresh installation makes its own key once (0600, in the data
directory), `tthc serve` refuses a public key outside the demo, the deploy check reports
it (tthc.E001 / E002 / W001) and `tthc secret_rotate` keeps old receipts verifiable.

Every key file here lives under tmp_path: no test touches the real data directory.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import runpy
import socket
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core import checks, signing
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from tthc.audit.models import AuditEntry
from tthc.counter.credentials import COOKIE_NAME, COOKIE_SALT
from tthc.ratings import codes
from tthc.ratings.models import Rating
from tthc.scoring.selectors import DEMO_LOADED_ACTION
from tthc.site import secret
from tthc.site import settings as settings_module

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ratings"))

from feedback_world import feedback_world_create

TTHC = Path(sys.executable).with_name("tthc")
DOSSIER = "HS-2020-0001"  # feedback_world's finished dossier
RATING = {"kenh": "", "satisfaction": "very_satisfied", "agencies_contacted": "1",
          "disclosure_seen": "both", "comment": ""}


def key_settings(path: Path) -> override_settings:
    """The settings a server started on this key file would have."""
    current, *old = secret.read_keys(path)
    return override_settings(SECRET_KEY=current, SECRET_KEY_FALLBACKS=old,
                             TTHC_SECRET_SOURCE="file", TTHC_SECRET_FILE=path, TTHC_SECRET_PROBLEM="")


def forged_code(dossier_code: str, key: str = secret.DEMO_KEY) -> str:
    """What an attacker computes from the public source code (codes.py's recipe)."""
    digest = hmac.new(key.encode() + b"tthc.feedback.receipt-code", dossier_code.encode(),
                      hashlib.sha256).digest()
    return base64.b32encode(digest).decode().translate(str.maketrans("", "", "01OIL"))[:8]


def tthc_ids(**settings: object) -> set[str]:
    with override_settings(**settings):
        return {m.id for m in checks.run_checks(include_deployment_checks=True)
                if m.id and m.id.startswith("tthc.") and not m.id.startswith("tthc.petitions")}


def subprocess_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TTHC_")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", TTHC_DATA_DIR=str(tmp_path / "data"), **extra)
    return env


# --- the key file ---------------------------------------------------------------


def test_a_fresh_installation_makes_its_own_key_once_owner_only(tmp_path: Path) -> None:
    first = secret.resolve({}, tmp_path / "data")
    path = tmp_path / "data" / "secret_key"

    assert (first.source, first.path, first.fallbacks) == ("file", path, ())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not secret.is_public(first.current) and len(first.current) >= 50
    written = path.read_bytes()
    again = secret.resolve({}, tmp_path / "data")
    assert again.current == first.current  # generated once: later starts read it
    assert path.read_bytes() == written
    assert secret.resolve({}, tmp_path / "other").current != first.current  # each its own


def test_an_explicit_key_wins_and_no_file_is_written(tmp_path: Path) -> None:
    keys = secret.resolve({"TTHC_SECRET_KEY": "k" * 60, "TTHC_SECRET_KEY_FALLBACKS": "old-1, old-2"},
                          tmp_path / "data")

    assert (keys.current, keys.fallbacks, keys.source) == ("k" * 60, ("old-1", "old-2"), "environment")
    assert not (tmp_path / "data").exists()


def test_the_settings_read_the_data_directory_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The settings module run afresh as `tthc` and gunicorn's workers run it: outside pytest.
    monkeypatch.delenv("PYTEST_VERSION")
    monkeypatch.delenv("TTHC_SECRET_KEY", raising=False)
    monkeypatch.setenv("TTHC_DATA_DIR", str(tmp_path / "data"))
    fresh = runpy.run_path(settings_module.__file__)
    [current] = secret.read_keys(tmp_path / "data" / "secret_key")
    assert (fresh["SECRET_KEY"], fresh["SECRET_KEY_FALLBACKS"], fresh["TTHC_SECRET_SOURCE"]) == (current, [], "file")
    assert fresh["SECRET_KEY"] != secret.DEMO_KEY

    monkeypatch.setenv("TTHC_SECRET_KEY", "x" * 60)
    explicit = runpy.run_path(settings_module.__file__)
    assert (explicit["SECRET_KEY"], explicit["TTHC_SECRET_SOURCE"]) == ("x" * 60, "environment")


def test_every_command_of_an_installation_uses_the_same_key(tmp_path: Path) -> None:
    """`make run` runs migrate, demo, … then serve: separate processes, one key."""
    env = subprocess_env(tmp_path)
    show = "from django.conf import settings; print(settings.SECRET_KEY)"
    printed = [subprocess.run([str(TTHC), "shell", "-c", show], env=env, capture_output=True, text=True,
                              timeout=120, check=True).stdout.splitlines()[-1] for _ in range(2)]

    assert printed[0] == printed[1] == secret.read_keys(tmp_path / "data" / "secret_key")[0]


# --- forged and printed receipt codes ---------------------------------------------


@pytest.mark.django_db
def test_a_code_forged_under_the_public_demo_key_is_refused_on_a_fresh_install(tmp_path: Path) -> None:
    feedback_world_create()
    secret.resolve({}, tmp_path / "data")
    forged = forged_code(DOSSIER)

    with key_settings(tmp_path / "data" / "secret_key"):
        assert forged != codes.verification_code(DOSSIER)
        opened = Client().get(f"/danh-gia/{DOSSIER}/?m={forged}")
        sent = Client().post(f"/danh-gia/{DOSSIER}/", {"m": forged, **RATING})
        assert (opened.status_code, sent.status_code) == (403, 403)
        assert "Mã hồ sơ hoặc mã xác nhận không đúng" in sent.content.decode()
        assert not Rating.objects.filter(dossier__code=DOSSIER).exists()
        # The code printed on the receipt, made with the installation's key, is accepted.
        genuine = Client().post(f"/danh-gia/{DOSSIER}/", {"m": codes.verification_code(DOSSIER), **RATING})
        assert genuine.status_code == 302
        assert Rating.objects.get(dossier__code=DOSSIER).channel == "qr"


@pytest.mark.django_db
def test_an_old_receipt_code_still_verifies_after_rotation(tmp_path: Path) -> None:
    feedback_world_create()
    path = secret.resolve({}, tmp_path / "data").path
    with key_settings(path):
        printed = codes.verification_code(DOSSIER)
        tablet_cookie = signing.get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT).sign("device-token")
        call_command("secret_rotate", "--actor", "quantri", stdout=StringIO())

    first, second = secret.read_keys(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with key_settings(path):  # the server, restarted
        assert codes.verification_code(DOSSIER) != printed  # new receipts: the new key
        assert codes.verify(DOSSIER, printed)  # printed ones: still valid
        assert not codes.verify(DOSSIER, forged_code(DOSSIER))
        # A bound counter tablet's signed cookie stays valid too (Django's fallbacks).
        assert signing.get_cookie_signer(salt=COOKIE_NAME + COOKIE_SALT).unsign(tablet_cookie) == "device-token"
        assert Client().post(f"/danh-gia/{DOSSIER}/", {"m": printed, **RATING}).status_code == 302
        call_command("secret_rotate", stdout=StringIO())
    assert secret.read_keys(path)[1:] == [first, second]  # every older key is kept
    with key_settings(path):
        assert codes.verify(DOSSIER, printed)
    entry = AuditEntry.objects.filter(action="secret_rotated").order_by("id").first()
    assert (entry.actor, entry.before, entry.after) == ("quantri", {"keys": 1}, {"keys": 2})
    assert first not in str(entry.after) and second not in str(entry.after)  # never a key in the log


@pytest.mark.django_db
def test_rotation_says_to_restart_the_server_at_once(tmp_path: Path) -> None:
    # A receipt printed from the command line right after a rotation is signed with the
    # new key, which a server started before it does not hold: refused until a restart.
    feedback_world_create()
    path = secret.resolve({}, tmp_path / "data").path
    running = key_settings(path)  # the server's settings, read when it started
    out = StringIO()
    with key_settings(path):
        call_command("secret_rotate", stdout=out)
    with key_settings(path):  # `tthc receipt`, started after the rotation
        printed = codes.verification_code(DOSSIER)
    with running:
        assert not codes.verify(DOSSIER, printed)
    with key_settings(path):  # the server, restarted
        assert codes.verify(DOSSIER, printed)
    said = out.getvalue()
    assert "Khởi động lại máy chủ (`tthc serve`, mọi tiến trình) ngay bây giờ" in said
    assert "Restart the server (`tthc serve`, every process) right now" in said and "tthc receipt" in said


@pytest.mark.django_db
def test_rotation_is_refused_when_the_environment_holds_the_key() -> None:
    with override_settings(TTHC_SECRET_SOURCE="environment"), \
            pytest.raises(CommandError, match="TTHC_SECRET_KEY_FALLBACKS"):
        call_command("secret_rotate")
    assert not AuditEntry.objects.filter(action="secret_rotated").exists()


# --- the deploy check ---------------------------------------------------------------


def test_the_deploy_check_reports_a_public_or_missing_key(tmp_path: Path) -> None:
    fresh = secret.resolve({}, tmp_path / "data")
    assert tthc_ids(SECRET_KEY=fresh.current, TTHC_SECRET_SOURCE="file", TTHC_SECRET_FILE=fresh.path) == set()
    assert tthc_ids(SECRET_KEY=secret.DEMO_KEY, TTHC_SECRET_SOURCE="environment") == {"tthc.E001"}
    assert tthc_ids(SECRET_KEY="django-insecure-" + "a" * 50, TTHC_SECRET_SOURCE="environment") == {"tthc.E001"}
    # A public key kept "for verification" forges codes just as well.
    assert tthc_ids(SECRET_KEY=fresh.current, SECRET_KEY_FALLBACKS=[secret.DEMO_KEY],
                    TTHC_SECRET_SOURCE="environment") == {"tthc.E001"}
    # No key could be made (the data directory is a file here): the demo key stands in.
    (tmp_path / "not-a-folder").write_text("")
    missing = secret.resolve({}, tmp_path / "not-a-folder")
    assert (missing.current, missing.source) == (secret.DEMO_KEY, "none")
    assert tthc_ids(SECRET_KEY=missing.current, TTHC_SECRET_SOURCE="none",
                    TTHC_SECRET_PROBLEM=missing.problem) == {"tthc.E002"}
    # A key file others can read.
    fresh.path.chmod(0o644)
    assert tthc_ids(SECRET_KEY=fresh.current, TTHC_SECRET_SOURCE="file", TTHC_SECRET_FILE=fresh.path) == {"tthc.W001"}


@pytest.mark.parametrize("weak", [
    "x" * 60,  # long, but one character: fewer than 5 different ones
    "abcd" * 20,  # four different characters
    "Đ9#kq-short-but-varied-key-2026",  # 31 characters
])
def test_the_deploy_check_reports_a_weak_key(tmp_path: Path, weak: str) -> None:
    # Reproduced before the fix: an explicit TTHC_SECRET_KEY of this kind passed, since
    # only the demo key and the django-insecure- prefix were public; Django's own W009
    # only warns, and `tthc serve` starts on warnings.
    fresh = secret.resolve({}, tmp_path / "data").current
    assert tthc_ids(SECRET_KEY=weak, TTHC_SECRET_SOURCE="environment") == {"tthc.E001"}
    assert tthc_ids(SECRET_KEY=fresh, SECRET_KEY_FALLBACKS=[weak], TTHC_SECRET_SOURCE="environment") == {"tthc.E001"}
    with override_settings(SECRET_KEY=weak, TTHC_SECRET_SOURCE="environment"):
        [message] = [m for m in checks.run_checks(include_deployment_checks=True) if m.id == "tthc.E001"]
    assert "quá yếu" in message.msg and "is weak" in message.msg
    # At the bound: 50 characters, five different ones.
    assert tthc_ids(SECRET_KEY="abcde" * 10, TTHC_SECRET_SOURCE="environment") == set()


@pytest.mark.django_db
def test_serve_refuses_a_weak_key_outside_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tthc.scoring.management.commands import serve

    def execv(program: str, argv: list[str]) -> None:  # gunicorn would replace the test run
        raise AssertionError("serve started gunicorn on a weak key")

    monkeypatch.setattr(serve.os, "execv", execv)
    with override_settings(SECRET_KEY="change-me-please", TTHC_SECRET_SOURCE="environment",
                           STATIC_ROOT=tmp_path / "static"), pytest.raises(CommandError) as refused:
        call_command("serve", stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == 2
    assert "quá yếu" in str(refused.value) and "tthc.E001" in str(refused.value)
    assert not (tmp_path / "static").exists()


def test_the_check_is_a_deploy_check() -> None:
    with override_settings(SECRET_KEY=secret.DEMO_KEY, TTHC_SECRET_SOURCE="environment"):
        assert "tthc.E001" not in {m.id for m in checks.run_checks()}  # `tthc migrate` still runs


# --- tthc serve -----------------------------------------------------------------------


def test_serve_refuses_a_public_key_outside_the_demo(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = subprocess_env(tmp_path, TTHC_SECRET_KEY=secret.DEMO_KEY)
    assert subprocess.run([str(TTHC), "migrate", "--noinput"], env=env, capture_output=True,
                          timeout=120, check=False).returncode == 0
    result = subprocess.run([str(TTHC), "serve", "--port", str(port)], env=env, capture_output=True,
                            text=True, timeout=120, check=False)

    assert result.returncode == 2
    assert "Từ chối chạy với khóa bí mật công khai" in result.stderr
    assert "tthc.E001" in result.stderr
    assert "gunicorn" not in result.stdout + result.stderr  # refused before anything started
    assert not (tmp_path / "data" / "static").exists()


@pytest.mark.django_db
def test_serve_warns_but_runs_on_the_demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tthc.scoring.management.commands import serve

    class Started(Exception):
        pass

    def execv(program: str, argv: list[str]) -> None:  # gunicorn replacing the process
        raise Started(argv)

    monkeypatch.setattr(serve.os, "execv", execv)
    AuditEntry.objects.create(actor="demo", action=DEMO_LOADED_ACTION, object_type="dataset", object_key="demo")
    err = StringIO()
    with override_settings(SECRET_KEY=secret.DEMO_KEY, TTHC_SECRET_SOURCE="environment",
                           STATIC_ROOT=tmp_path / "static"), pytest.raises(Started):
        call_command("serve", stdout=StringIO(), stderr=err)
    assert "tthc.E001" in err.getvalue()
