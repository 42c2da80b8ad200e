"""`tthc import`: summary, listed rows, exit status 0 / 1 / 2 (interchange.md §4)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from import_helpers import BASE, WriteFile

from tthc.organisation.models import Unit

TTHC = Path(sys.executable).with_name("tthc")


def run(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run([str(TTHC), "import", *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def test_a_fresh_database_is_migrated_and_loaded(tmp_path: Path) -> None:
    database = tmp_path / "fresh.sqlite3"
    result = run("all", str(BASE), database=database)
    assert result.returncode == 0, result.stderr
    assert "Tổng: thêm mới 18, cập nhật 0, không đổi 0, bị từ chối 0, cảnh báo 0." in result.stdout
    with sqlite3.connect(database) as connection:
        (count,) = connection.execute("select count(*) from dossiers_dossier").fetchone()
    assert count == 3
    again = run("all", str(BASE), database=database)
    assert again.returncode == 0
    assert "không đổi 18" in again.stdout


def test_rejected_rows_exit_1_and_are_listed(tmp_path: Path, write: WriteFile) -> None:
    path = write("units.csv", "code,name,kind\nSTP,Sở Tư pháp,sở\nSYT,Sở Y tế,province_agency\n")
    result = run("units", str(path), database=tmp_path / "db.sqlite3")
    assert result.returncode == 1
    assert 'units.csv:2 kind — giá trị (sở) không hợp lệ' in result.stdout
    assert "/ the value (sở) is unknown" in result.stdout
    assert "bị từ chối 1" in result.stdout
    # A terminal is not attached: no progress bar is drawn on stderr.
    assert "dòng/s" not in result.stderr and "it/s" not in result.stderr


@pytest.mark.parametrize("args", [("unit", "units.csv"), ("units", "missing.csv"),
                                  ("all", "missing-folder"), ("units",)],
                         ids=["unknown-kind", "missing-file", "missing-folder", "no-path"])
def test_wrong_usage_exits_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "units.csv").write_text("code,name,kind\n", encoding="utf-8")
    paths = [str(tmp_path / a) if "." in a or "folder" in a else a for a in args]
    result = run(*paths, database=tmp_path / "db.sqlite3")
    assert result.returncode == 2, (result.stdout, result.stderr)


@pytest.mark.django_db
def test_the_command_prints_warnings_on_stderr(capsys: pytest.CaptureFixture[str],
                                               write: WriteFile) -> None:
    call_command("import", "all", str(BASE))
    path = write("ratings.csv", "dossier_code,channel\nHS003,kiosk\n")
    call_command("import", "ratings", str(path), "--actor", "clerk")
    out, err = capsys.readouterr()
    assert "ratings.csv:2 satisfaction — đánh giá không có mức độ hài lòng" in err
    assert "ratings: thêm mới 1" in out


@pytest.mark.django_db
def test_the_command_reports_an_unreadable_file_and_fails(write: WriteFile) -> None:
    path = write("units.csv", b"\x00\x01\x02binary")
    with pytest.raises(CommandError) as raised:
        call_command("import", "units", str(path))
    assert raised.value.returncode == 1
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_all_takes_exactly_one_folder() -> None:
    with pytest.raises(CommandError) as raised:
        call_command("import", "all", str(BASE), str(BASE))
    assert raised.value.returncode == 2
