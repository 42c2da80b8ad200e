"""The operating shell: the `tthc` CLI on a fresh database, and `tthc serve` for real."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

TTHC = Path(sys.executable).with_name("tthc")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TTHC_")}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
                "TTHC_DATA_DIR": str(tmp_path / "data")})
    return env


def _tthc(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TTHC), *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), \
                response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


def test_serve_help_lists_its_options(tmp_path):
    result = _tthc("serve", "--help", env=_env(tmp_path))
    assert result.returncode == 0, result.stderr
    for option in ("--host", "--port", "--workers"):
        assert option in result.stdout


def test_migrate_creates_a_fresh_sqlite_database(tmp_path):
    result = _tthc("migrate", "--noinput", env=_env(tmp_path))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "fresh.sqlite3") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"organisation_unit", "dossiers_dossier", "scoring_subjectscore",
            "audit_auditentry", "auth_user"} <= tables


def test_serve_answers_pages_and_static_files(tmp_path):
    env = _env(tmp_path)
    assert _tthc("migrate", "--noinput", env=env).returncode == 0
    port = _free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    server = subprocess.Popen([str(TTHC), "serve", "--port", str(port), "--workers", "2"],
                              env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, html = _get(base + "/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"tthc serve did not answer:\n{log_path.read_text()}")
                time.sleep(0.2)
        assert status == 200
        assert "Chưa có kỳ đánh giá nào được công bố kết quả" in html
        assert "tthc score" not in html  # the command is for the staff, not the public page
        status, content_type, css = _get(base + "/static/web/tthc.css")
        assert (status, content_type.split(";")[0]) == (200, "text/css")
        assert ".demo-banner" in css
        status, _, _ = _get(base + "/static/admin/css/base.css")
        assert status == 200
        status, _, login = _get(base + "/admin/login/")
        assert status == 200 and "Quản trị tthc-scorecard" in login
        assert _get(base + "/xep-hang/2020-Q1/")[0] == 404
        assert (tmp_path / "data" / "static" / "web" / "tthc.css").is_file()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
