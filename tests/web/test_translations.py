"""The English catalogues (docs/translation.md): each compiles, is complete, and holds
every string its app marks for translation; the header's switcher changes the language
and back; Vietnamese stays the default; numbers and dates stay Vietnamese-style."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.utils import formats, translation
from ranking_rows import periods_publish, run_create

APPS = Path(__file__).resolve().parents[2] / "src" / "tthc"
CATALOGUES = sorted(APPS.glob("*/locale/en/LC_MESSAGES/django.po"))
ENTRY = re.compile(r'^(msgctxt|msgid) ((?:".*"\n?)+)', re.M)


def _keys(po: str) -> set[tuple[str | None, str]]:
    """(context, msgid) of every entry but the header."""
    keys, context = set(), None
    for kind, quoted in ENTRY.findall(po):
        text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', quoted))
        if kind == "msgctxt":
            context = text
            continue
        if text:
            keys.add((context, text))
        context = None
    return keys


def _app(po: Path) -> Path:
    return po.parents[3]


def test_there_are_catalogues() -> None:
    assert {_app(po).name for po in CATALOGUES} >= {"web", "access"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: _app(po).name)
def test_the_catalogue_compiles_and_every_message_is_translated(po: Path, tmp_path: Path) -> None:
    done = subprocess.run(["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(po)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # "N translated messages." alone: no ", M fuzzy translations" nor "K untranslated".
    assert re.search(r"^\d+ translated messages?\.$", done.stderr.strip().splitlines()[-1]), done.stderr


def test_a_message_reads_the_same_in_every_catalogue(tmp_path: Path) -> None:
    """Django merges the apps' catalogues and the first installed app wins: one Vietnamese
    text translated two ways would show the other app's English (use a context)."""
    import gettext

    seen: dict[object, tuple[str, str]] = {}
    clashes = []
    for po in CATALOGUES:
        mo = tmp_path / f"{_app(po).name}.mo"
        subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)
        with mo.open("rb") as file:
            catalogue = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
        for key, english in catalogue.items():
            if not key:
                continue  # the header
            first = seen.setdefault(key, (_app(po).name, english))
            if first[1] != english:
                clashes.append(f"{key!r}: {first[0]} {first[1]!r}, {_app(po).name} {english!r}")
    assert not clashes, "Translated two ways:\n" + "\n".join(clashes)


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: _app(po).name)
def test_every_marked_string_of_the_app_is_in_its_catalogue(po: Path, tmp_path: Path) -> None:
    """makemessages run over a copy of the app (the way `make messages` does) must find
    exactly the catalogue's messages: none missing (a page would show Vietnamese in
    English) and none left over."""
    copy = tmp_path / _app(po).name
    shutil.copytree(_app(po), copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "tthc.site.settings",
               "TTHC_DATA_DIR": str(tmp_path / "data")}
    # -P: run in the app's folder, its own modules (dashboards/selectors.py) must not
    # shadow the standard library's.
    done = subprocess.run([sys.executable, "-P", "-m", "django", "makemessages", "-l", "en", "--no-obsolete",
                           "--no-location"], cwd=copy, env=environ, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    found = _keys((copy / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    kept = _keys(po.read_text(encoding="utf-8"))
    assert found - kept == set(), "not in the catalogue: run `make messages` and translate them"
    assert kept - found == set(), "no longer used: run `make messages`"


# The switcher on the test client ------------------------------------------------------

@pytest.mark.django_db
def test_the_switcher_turns_the_page_english_and_back() -> None:
    client = Client()
    home = client.get("/").content.decode()
    assert '<html lang="vi">' in home and "Người dân, doanh nghiệp" in home
    assert 'action="/i18n/setlang/"' in home
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in home

    chosen = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert chosen.status_code == 302 and chosen["Location"] == "/"
    assert chosen.cookies["django_language"].value == "en"
    english = client.get("/").content.decode()
    assert '<html lang="en">' in english
    assert "Citizens and businesses" in english and "Người dân, doanh nghiệp" not in english
    assert 'value="en" lang="en" aria-current="true"' in english

    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Người dân, doanh nghiệp" in client.get("/").content.decode()


@pytest.mark.django_db
def test_vietnamese_is_the_default_whatever_the_browser_asks() -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/").content.decode()
    assert '<html lang="vi">' in html and "Người dân, doanh nghiệp" in html


@pytest.mark.django_db
def test_the_role_and_the_wait_read_english(personas) -> None:  # type: ignore[no-untyped-def]
    client = personas.client("appraiser")
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert "Role: Appraiser (provincial People&#x27;s Committee Office)" in html
    from tthc.access.logins import wait_message

    with translation.override("en"):
        assert wait_message(30) == "Too many failed log-ins. Try again in 30 seconds."
        assert wait_message(600) == "Too many failed log-ins. Try again in 10 minutes."
    assert wait_message(30) == "Đăng nhập sai quá nhiều lần. Xin thử lại sau 30 giây."


@pytest.mark.django_db
def test_numbers_and_dates_stay_vietnamese_style_in_english() -> None:
    run_create(period="2020-Q1")
    periods_publish("2020-Q1")
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert "Dossiers scored" in html
    assert "1.234" in html and "1,234" not in html  # dossiers scored, dot thousands
    assert re.search(r"<td>\d\d/\d\d/\d{4} \d\d:\d\d</td>", html)

    # Django's own formats under English are those of Vietnamese (tthc.site.formats.en).
    def written(language: str) -> list[object]:
        with translation.override(language):
            return [formats.number_format(Decimal("1234.5"), 1),
                    formats.date_format(date(2026, 12, 4), "SHORT_DATE_FORMAT"),
                    formats.time_format(datetime(2026, 12, 4, 14, 5)), formats.get_format("DATE_INPUT_FORMATS"),
                    formats.get_format("THOUSAND_SEPARATOR")]

    assert written("en") == written("vi")
    assert written("en")[:2] == ["1234,5", "04-12-2026"]
    with translation.override("en"):
        assert formats.date_format(date(2026, 12, 4)) == "04/12/2026"  # vi spells "Ngày … tháng … năm"
