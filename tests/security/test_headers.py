"""Issue 10, finding 8: security headers and the length of a staff log-in.

Before: no Content-Security-Policy, no Permissions-Policy, no HSTS even with
TTHC_HTTPS=1, and staff sessions lasting Django's 14 days. Now every response (public
page, staff page, API) carries a policy without inline script, HSTS is sent over HTTPS
when TTHC_HTTPS is set, and a log-in ends after 9 hours without a request (renewed
at most every 15 minutes, so that a page view is not a database write).
"""

from __future__ import annotations

import re
import runpy
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tthc.counter.credentials import COOKIE_MAX_AGE, COOKIE_NAME
from tthc.site import settings as settings_module
from tthc.site.sessions import RENEWED_AT

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "counter"))

from counter_world import counter_world, tablet

SRC = Path(__file__).resolve().parents[2] / "src" / "tthc"
# Rendered by WeasyPrint into PDF files, never sent to a browser as HTML: the policy
# does not apply to them, and their print styles are inline on purpose.
PDF_TEMPLATES = {"reports/templates/reports/pdf", "ratings/templates/ratings/receipt.html"}


def assert_security_headers(response) -> None:  # type: ignore[no-untyped-def]
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    features = dict(item.strip().split("=") for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_public_page_carries_the_security_headers() -> None:
    response = Client().get("/")
    assert response.status_code == 200
    assert_security_headers(response)
    assert "Strict-Transport-Security" not in response  # plain HTTP: never


def test_a_staff_page_carries_the_security_headers(personas) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.admin)
    for path in ("/admin/", "/nhat-ky/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_security_headers(response)


@pytest.mark.django_db
def test_an_api_response_carries_the_security_headers() -> None:
    response = Client().get("/api/dossiers/HS-1")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert_security_headers(response)


def settings_under(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **environ: str) -> dict[str, object]:
    """The settings module run afresh under this environment; its HTTPS-related values."""
    monkeypatch.setenv("TTHC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TTHC_HTTPS", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    fresh = runpy.run_path(settings_module.__file__)
    return {name: value for name, value in fresh.items()
            if name.startswith("SECURE_") or name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")}


@pytest.mark.django_db
def test_hsts_is_sent_over_https_only_with_tthc_https(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with override_settings(**settings_under(monkeypatch, tmp_path, TTHC_HTTPS="1")):
        response = Client().get("/", secure=True)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert_security_headers(response)
        assert Client().get("/").status_code == 301  # plain HTTP is redirected first
    with override_settings(**settings_under(monkeypatch, tmp_path)):
        assert "Strict-Transport-Security" not in Client().get("/", secure=True)


def test_a_staff_log_in_ends_after_a_working_day_without_a_request(personas) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(personas.admin)
    key = client.session.session_key

    def expiry():  # type: ignore[no-untyped-def]
        return Session.objects.get(pk=key).expire_date

    assert timezone.now() + timedelta(hours=8, minutes=59) < expiry() <= timezone.now() + timedelta(hours=9)

    # Twenty minutes later (the renewal's mark and the stored end moved back): a request
    # pushes the end back to 9 hours from now, and the cookie with it.
    session = client.session
    session[RENEWED_AT] -= 20 * 60
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(hours=8, minutes=40))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == 9 * 3600
    renewed = expiry()
    assert renewed > timezone.now() + timedelta(hours=8, minutes=59)

    # Right after, no renewal is due: a page view does not write the session.
    response = client.get("/admin/")
    assert "sessionid" not in response.cookies and expiry() == renewed

    # Nine hours without a request: the log-in is over.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_a_counter_tablet_stays_bound_without_a_session() -> None:
    """The tablet holds its own signed device cookie, not a log-in: the shorter staff
    sessions do not unbind it."""
    world = counter_world()
    kiosk = tablet(world.token)
    Session.objects.all().delete()
    response = kiosk.get(reverse("counter:kiosk"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert response.cookies[COOKIE_NAME]["max-age"] == COOKIE_MAX_AGE
    assert_security_headers(response)


def test_no_template_served_as_html_has_inline_script_style_or_handlers() -> None:
    """What makes `script-src 'self'` and `style-src 'self'` possible, kept so."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
    style = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
    found = []
    for template in sorted(SRC.glob("*/templates/**/*.html")):
        relative = template.relative_to(SRC).as_posix()
        if any(relative.startswith(skip) for skip in PDF_TEMPLATES):
            continue
        text = template.read_text(encoding="utf-8")
        for name, pattern in (("inline script", inline_script), ("handler", handler), ("style", style)):
            found += [f"{relative}: {name} {match.group(0)[:60]}" for match in pattern.finditer(text)]
    assert not found, "\n".join(found)
