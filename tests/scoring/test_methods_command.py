"""`tthc methods`: the installed methodologies, their profiles and the one in force."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

import tthc
from tthc.engine import registry
from tthc.engine.registry import BUILTIN_DIR, RULES_DIR_ENV

# The built-in profile's version as its file says (bumped by every dated change).
PROFILE_VERSION = yaml.safe_load((BUILTIN_DIR / "nd61_tt01" / "profiles" / "dien-bien-1187.yaml")
                                 .read_text(encoding="utf-8"))["version"]


def methods(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("methods", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def methodology_copy(root: Path, method_id: str, in_force: str) -> Path:
    """The built-in nd61-tt01 folder under another id and dates (computed by the same module)."""
    folder = root / method_id
    shutil.copytree(BUILTIN_DIR / "nd61_tt01", folder, ignore=shutil.ignore_patterns("__pycache__"))
    for path, old, new in (
        (folder / "methodology.yaml", "id: nd61-tt01", f"id: {method_id}"),
        (folder / "methodology.yaml", "in_force: {from: 2019-01-06, to: 2025-06-30}", f"in_force: {in_force}"),
        (folder / "profiles" / "dien-bien-1187.yaml", "methodology: nd61-tt01", f"methodology: {method_id}"),
    ):
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_lists_the_built_in_methodology_its_dates_legal_basis_and_profile() -> None:
    out, err = methods("--on", "2020-06-30")
    assert "nd61-tt01 — Đánh giá việc giải quyết TTHC theo Nghị định 61/2018/NĐ-CP" in out
    assert "Hiệu lực: 06/01/2019–30/06/2025 (có hiệu lực ngày 30/06/2020)" in out
    assert "    - Nghị định 61/2018/NĐ-CP, Chương V\n    - Thông tư 01/2018/TT-VPCP, Chương III (Điều 13–15)" in out
    assert f"Thư mục: {BUILTIN_DIR / 'nd61_tt01'} (có sẵn)" in out
    assert (f"dien-bien-1187 — Tỉnh Điện Biên — Quyết định 1187/QĐ-UBND (2019); phiên bản {PROFILE_VERSION}; mặc định"
            in out)
    assert out.rstrip().endswith("Kỳ kết thúc ngày 30/06/2020 được chấm mặc định theo phương pháp nd61-tt01, "
                                 "bộ quy tắc dien-bien-1187.")
    assert "Evaluation" not in out  # Vietnamese only, no English repeated
    assert err == ""


def test_a_methodology_in_tthc_rules_dir_is_listed_with_its_folder(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = methodology_copy(tmp_path, "nd-moi", "{from: 2027-01-01}")
    monkeypatch.setenv(RULES_DIR_ENV, str(tmp_path))
    out, err = methods("--on", "2027-12-31")
    assert "Phương pháp đánh giá đã cài: 3" in out  # nd61-tt01, qd766 and this one
    assert "Hiệu lực: 01/01/2027–nay (có hiệu lực ngày 31/12/2027)" in out
    assert f"Thư mục: {folder} (từ {RULES_DIR_ENV}: {tmp_path})" in out
    assert "Hiệu lực: 06/01/2019–30/06/2025 (hết hiệu lực từ 01/07/2025)" in out
    assert "theo phương pháp nd-moi, bộ quy tắc dien-bien-1187." in out
    assert err == ""


def test_json_holds_the_listing_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    methodology_copy(tmp_path, "nd-moi", "{from: 2027-01-01}")
    monkeypatch.setenv(RULES_DIR_ENV, str(tmp_path))
    out, err = methods("--json", "--on", "2020-03-31")
    data = json.loads(out)
    assert (data["format_version"], data["on"], data["problems"], err) == (1, "2020-03-31", [], "")
    assert data["in_force"] == {"method": "nd61-tt01", "profile": "dien-bien-1187", "usable": True}
    nd61, qd766, new = data["methodologies"]  # by the day each came into force
    assert (qd766["id"], qd766["in_force_from"], qd766["default_from"]) == ("qd766", "2022-08-01", "2025-07-01")
    assert (nd61["id"], nd61["in_force_from"], nd61["in_force_to"], nd61["in_force_on"]) == (
        "nd61-tt01", "2019-01-06", "2025-06-30", True)
    assert nd61["legal_basis"][0] == "Nghị định 61/2018/NĐ-CP, Chương V"
    assert (nd61["source"], nd61["root"], nd61["usable"]) == ("builtin", str(BUILTIN_DIR), True)
    profiles = [(p["id"], p["version"], p["usable"]) for p in nd61["profiles"]]
    assert profiles == [("dien-bien-1187", PROFILE_VERSION, True)]
    assert (new["id"], new["in_force_to"], new["in_force_on"]) == ("nd-moi", None, False)
    assert (new["source"], new["root"], new["folder"]) == (RULES_DIR_ENV, str(tmp_path), str(tmp_path / "nd-moi"))


def test_on_picks_the_methodology_in_force_that_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    methodology_copy(tmp_path, "nd-moi", "{from: 2027-01-01}")
    monkeypatch.setenv(RULES_DIR_ENV, str(tmp_path))

    def chosen(day: str) -> dict | None:
        return json.loads(methods("--json", "--on", day)[0])["in_force"]

    # qd766 is in force from 2022-08-01 beside nd61-tt01, the default from 2025-07-01.
    assert chosen("2022-08-31")["method"] == "nd61-tt01"
    assert chosen("2025-06-30")["method"] == "nd61-tt01"
    assert chosen("2025-07-01")["method"] == "qd766"
    assert chosen("2027-01-01")["method"] == "nd-moi"
    assert chosen("2018-12-31") is None
    out, _ = methods("--on", "2018-12-31")
    assert "Không có phương pháp nào có hiệu lực ngày 31/12/2018" in out
    with pytest.raises(CommandError, match="không phải ngày"):
        methods("--on", "31/12/2018")


def test_a_broken_folder_gives_a_message_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "hong").mkdir()
    (tmp_path / "hong" / "methodology.yaml").write_text("id: [\n", encoding="utf-8")
    (tmp_path / "lac" / "profiles").mkdir(parents=True)
    (tmp_path / "lac" / "profiles" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    monkeypatch.setenv(RULES_DIR_ENV, str(tmp_path))
    out, err = methods("--on", "2020-06-30")
    assert "nd61-tt01 — " in out  # what works is still listed
    assert f"tệp quy tắc {tmp_path / 'hong' / 'methodology.yaml'} không đọc được" in err
    assert f"thư mục {tmp_path / 'lac'} có bộ quy tắc (x) cho phương pháp 'lac'" in err
    assert err.startswith("Có 2 lỗi trong các thư mục phương pháp:")
    assert len(json.loads(methods("--json")[0])["problems"]) == 2


def test_a_module_that_does_not_load_is_reported_through_the_command_line(tmp_path: Path) -> None:
    folder = methodology_copy(tmp_path, "nd-loi", "{from: 2027-01-01}")
    path = folder / "methodology.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("module: tthc.methods.nd61_tt01", ""),
                    encoding="utf-8")
    (folder / "method.py").write_text("METHOD = (\n", encoding="utf-8")
    env = {**os.environ, RULES_DIR_ENV: str(tmp_path),
           "PYTHONPATH": str(Path(tthc.__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", "from tthc.cli import main; main()", "methods", "--on", "2027-02-01"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0  # nd61-tt01 can still score
    assert "Traceback" not in done.stderr
    assert "phương pháp nd-loi: SyntaxError" in done.stderr
    assert "Mô-đun tính điểm: lỗi, không nạp được" in done.stdout
    assert "được chấm mặc định theo nd-loi/dien-bien-1187, nhưng bộ quy tắc này không dùng được" in done.stderr


def test_nothing_usable_is_exit_status_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "BUILTIN_DIR", tmp_path / "khong-co")
    monkeypatch.delenv(RULES_DIR_ENV, raising=False)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="Không có phương pháp nào dùng được") as raised:
        call_command("methods", stdout=out, stderr=err)
    assert raised.value.returncode == 1
    assert "Phương pháp đánh giá đã cài: 0" in out.getvalue()
    assert f"không có thư mục quy tắc {tmp_path / 'khong-co'}" in err.getvalue()


def test_a_profile_whose_values_do_not_resolve_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profiles = tmp_path / "nd61-tt01" / "profiles"
    profiles.mkdir(parents=True)
    text = (BUILTIN_DIR / "nd61_tt01" / "profiles" / "dien-bien-1187.yaml").read_text(encoding="utf-8")
    broken = text.replace("id: dien-bien-1187", "id: tinh-moi").replace("at_least: 12, up_to: 15",
                                                                        "at_least: 12, below: 14")
    (profiles / "tinh-moi.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.setenv(RULES_DIR_ENV, str(tmp_path))
    out, err = methods("--on", "2020-06-30")
    assert (f"tinh-moi — Tỉnh Điện Biên — Quyết định 1187/QĐ-UBND (2019); phiên bản {PROFILE_VERSION}; "
            f"lỗi, không dùng được; từ {RULES_DIR_ENV}: {tmp_path}") in out
    assert ("bộ quy tắc nd61-tt01/tinh-moi (tính ngày 30/06/2020): xếp loại classes.agency: "
            "'xuat_sac' và 'tot' phải nối liền nhau") in err
