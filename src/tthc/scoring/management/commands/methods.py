"""`tthc methods [--on YYYY-MM-DD] [--json]`: the installed methodologies and their profiles.

Lists what the registry (``tthc.engine.registry``) finds — built in and in the folders of
``TTHC_RULES_DIR`` — and which methodology and profile a period ending on a day is scored
under by default. It also tries what scoring would do with each: load the methodology's
module and resolve each profile's values, so that a new folder is checked before a period
is scored with it. What is wrong goes to standard error, one message per problem; the
exit status is 1 only when nothing is left to score with.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.engine.registry import BUILTIN_DIR, RULES_DIR_ENV, Installed, in_force_label, installed
from tthc.engine.rules import Methodology, RuleError

FORMAT_VERSION = 1


def _on(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' không phải ngày (YYYY-MM-DD)") from None


def _vn(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _attempt(action: Callable[[], Any]) -> str | None:
    """None if `action` runs; else what went wrong, in a sentence. A module of a
    methodology is the province's code: whatever it raises is reported, not shown as a
    traceback."""
    try:
        action()
    except RuleError as error:
        return str(error)
    except Exception as error:  # a plug-in's own failure (SyntaxError, NameError, …)
        return f"{type(error).__name__}: {error}"
    return None


def _found_in(table: Installed, path: Path) -> dict[str, str]:
    """Which root a folder or file was found under: the built-in folder or one of
    TTHC_RULES_DIR (the deepest, should two nest)."""
    roots = [root for root in table.roots if path.is_relative_to(root)]
    root = max(roots, key=lambda r: len(r.parts)) if roots else path.parent
    return {"source": "builtin" if root == BUILTIN_DIR else RULES_DIR_ENV, "root": str(root)}


def _check_day(methodology: Methodology, day: date) -> date:
    """The day a profile is resolved on to check it: `day`, moved inside the dates in force."""
    if methodology.in_force_to is not None and day > methodology.in_force_to:
        return methodology.in_force_to
    if methodology.in_force_from is not None and day < methodology.in_force_from:
        return methodology.in_force_from
    return day


def _profiles(table: Installed, methodology: Methodology, day: date,
              loaded: bool, problems: list[str]) -> list[dict[str, Any]]:
    out = []
    checked = _check_day(methodology, day)
    for profile_id, path in sorted(table.profile_paths.get(methodology.id, {}).items()):
        entry: dict[str, Any] = {"id": profile_id, "title_vi": None, "version": None, "path": str(path),
                                 **_found_in(table, path), "usable": False}
        try:
            profile = table.profile(methodology.id, profile_id)
        except RuleError as error:
            problems.append(str(error))
            out.append(entry)
            continue
        entry.update(title_vi=profile.title_vi, version=profile.version)
        if loaded:
            failed = _attempt(lambda pid=profile_id: table.rules(methodology.id, pid, checked))
            if failed:
                problems.append(f"bộ quy tắc {methodology.id}/{profile_id} (tính ngày {_vn(checked)}): {failed}")
            entry["usable"] = failed is None
        out.append(entry)
    if methodology.default_profile and methodology.default_profile not in table.profile_paths.get(
            methodology.id, {}):
        problems.append(f"phương pháp {methodology.id}: default_profile '{methodology.default_profile}' "
                        f"không có trong {methodology.folder / 'profiles'}")
    return out


def _stray_folders(table: Installed, problems: list[str]) -> None:
    """Folders the registry passed over: profiles for a methodology not installed, or
    neither a methodology nor profiles."""
    for method_id, paths in sorted(table.profile_paths.items()):
        if method_id not in table.methodologies:
            folders = sorted({str(p.parent.parent) for p in paths.values()})
            problems.append(f"thư mục {', '.join(folders)} có bộ quy tắc ({', '.join(sorted(paths))}) cho "
                            f"phương pháp '{method_id}', nhưng không có phương pháp nào mang mã đó "
                            "(thiếu methodology.yaml, hoặc tên thư mục không phải mã phương pháp)")
    for root in table.roots:
        if not root.is_dir():
            continue
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
            if not (folder / "methodology.yaml").is_file() and not (folder / "profiles").is_dir():
                problems.append(f"thư mục {folder} không có methodology.yaml hay profiles/: bỏ qua")


def catalogue(table: Installed, day: date) -> tuple[dict[str, Any], list[str]]:
    """The listing as a JSON-ready document (format_version 1), and the problems found."""
    problems = list(table.problems)
    methodologies = []
    for methodology in sorted(table.methodologies.values(), key=lambda m: (m.in_force_from or date.min, m.id)):
        failed = _attempt(lambda m=methodology: table.method(m.id))
        if failed:
            problems.append(f"phương pháp {methodology.id}: {failed}")
        profiles = _profiles(table, methodology, day, failed is None, problems)
        methodologies.append({
            "id": methodology.id, "title_vi": methodology.title_vi, "title_en": methodology.title_en,
            "in_force_from": methodology.in_force_from.isoformat() if methodology.in_force_from else None,
            "in_force_to": methodology.in_force_to.isoformat() if methodology.in_force_to else None,
            "in_force_on": methodology.in_force_on(day), "legal_basis": list(methodology.legal_basis),
            "default_from": methodology.default_from.isoformat() if methodology.default_from else None,
            "default_profile": methodology.default_profile, "folder": str(methodology.folder),
            **_found_in(table, methodology.folder), "loaded": failed is None,
            "usable": any(p["usable"] for p in profiles), "profiles": profiles,
        })
    _stray_folders(table, problems)
    try:
        method_id, profile_id = table.default_rule_set(day)
    except RuleError:
        in_force = None
    else:
        usable = any(p["id"] == profile_id and p["usable"]
                     for m in methodologies if m["id"] == method_id for p in m["profiles"])
        in_force = {"method": method_id, "profile": profile_id, "usable": usable}
        if not usable:
            problems.append(f"kỳ kết thúc ngày {_vn(day)} được chấm mặc định theo {method_id}/{profile_id}, "
                            "nhưng bộ quy tắc này không dùng được")
    return {"format_version": FORMAT_VERSION, "on": day.isoformat(), "in_force": in_force,
            "methodologies": methodologies, "problems": problems}, problems


def _status(entry: dict[str, Any], day: date) -> str:
    start = date.fromisoformat(entry["in_force_from"]) if entry["in_force_from"] else None
    end = date.fromisoformat(entry["in_force_to"]) if entry["in_force_to"] else None
    if entry["in_force_on"]:
        return f"có hiệu lực ngày {_vn(day)}"
    if start is not None and day < start:
        return f"chưa có hiệu lực ngày {_vn(day)}"
    return f"hết hiệu lực từ {_vn(end + timedelta(days=1))}" if end else f"không có hiệu lực ngày {_vn(day)}"


def _where(entry: dict[str, Any]) -> str:
    return "có sẵn" if entry["source"] == "builtin" else f"từ {RULES_DIR_ENV}: {entry['root']}"


def text(document: dict[str, Any], table: Installed) -> str:
    day = date.fromisoformat(document["on"])
    lines = [f"Phương pháp đánh giá đã cài: {len(document['methodologies'])}"]
    for entry in document["methodologies"]:
        methodology = table.methodologies[entry["id"]]
        lines += ["", f"{entry['id']} — {entry['title_vi']}",
                  f"  Hiệu lực: {in_force_label(methodology)} ({_status(entry, day)})",
                  *([f"  Mặc định cho các kỳ kết thúc từ {_vn(methodology.default_from)}"]
                    if methodology.default_from else []),
                  "  Căn cứ pháp lý:" + ("" if entry["legal_basis"] else " chưa ghi")]
        lines += [f"    - {basis}" for basis in entry["legal_basis"]]
        if not entry["loaded"]:
            lines.append("  Mô-đun tính điểm: lỗi, không nạp được")
        lines += [f"  Thư mục: {entry['folder']} ({_where(entry)})",
                  f"  Bộ quy tắc ({len(entry['profiles'])}):" if entry["profiles"] else "  Bộ quy tắc: chưa có"]
        for profile in entry["profiles"]:
            if profile["title_vi"] is None:
                lines.append(f"    {profile['id']} — lỗi, không dùng được ({profile['path']})")
                continue
            notes = [f"phiên bản {profile['version']}"]
            if profile["id"] == entry["default_profile"]:
                notes.append("mặc định")
            if entry["loaded"] and not profile["usable"]:
                notes.append("lỗi, không dùng được")
            if not Path(profile["path"]).is_relative_to(entry["folder"]):
                notes.append(_where(profile))
            lines.append(f"    {profile['id']} — {profile['title_vi']}; {'; '.join(notes)}")
    lines.append("")
    chosen = document["in_force"]
    if chosen:
        lines.append(f"Kỳ kết thúc ngày {_vn(day)} được chấm mặc định theo phương pháp {chosen['method']}, "
                     f"bộ quy tắc {chosen['profile']}.")
    else:
        lines.append(f"Không có phương pháp nào có hiệu lực ngày {_vn(day)}: khi chấm điểm, "
                     "hãy chọn --method và --profile.")
    return "\n".join(lines)


class Command(BaseCommand):
    help = ("Liệt kê các phương pháp đánh giá đã cài, bộ quy tắc của chúng và phương pháp "
            "có hiệu lực vào một ngày.")
    # It reads rule folders only: no database, no URLs — and it must work to diagnose a
    # broken installation.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=_on, metavar="YYYY-MM-DD",
                            help="ngày cuối kỳ cần biết phương pháp áp dụng (mặc định: hôm nay)")
        parser.add_argument("--json", action="store_true", help="JSON (format_version 1) trên stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["on"] or date.today()
        try:
            table = installed()
        except OSError as error:
            raise CommandError(f"Không đọc được thư mục phương pháp: {error}") from error
        document, problems = catalogue(table, day)
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(text(document, table))
        if problems:
            self.stderr.write(f"Có {len(problems)} lỗi trong các thư mục phương pháp:")
            for problem in problems:
                self.stderr.write("  - " + problem.replace("\n", "\n    "))
        if not any(entry["usable"] for entry in document["methodologies"]):
            raise CommandError("Không có phương pháp nào dùng được để chấm điểm: "
                               "hãy sửa các lỗi trên rồi chạy lại `tthc methods`.")
