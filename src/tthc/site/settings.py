"""Django settings for tthc-scorecard.

Every value that differs between machines comes from the environment (see
docs/operations.md). Without any environment the project runs as a local demo on the
embedded SQLite database in ``<repository>/data/``.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tthc.site import secret

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The data directory holds the embedded database; override with TTHC_DATA_DIR.
DATA_DIR = Path(os.environ.get("TTHC_DATA_DIR", PACKAGE_DIR.parent.parent / "data"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("TTHC_DEBUG", False)
# The installation's own key (tthc.site.secret): TTHC_SECRET_KEY if set, else the data
# directory's secret_key file, generated on first use; older keys of the file (after
# `tthc secret_rotate`) or of TTHC_SECRET_KEY_FALLBACKS only verify. Inside a pytest run
# (pytest sets PYTEST_VERSION) without TTHC_SECRET_KEY, a throwaway key for the run: the
# suite never writes a secret into the data directory. Servers a test starts are other
# processes (pytest not imported there) and use their own TTHC_DATA_DIR's file.
if "PYTEST_VERSION" in os.environ and "pytest" in sys.modules and not os.environ.get("TTHC_SECRET_KEY"):
    _KEYS = secret.Keys(f"tthc-test-run-{secret.new_key()}", (), "test-run", secret.key_path(DATA_DIR))
else:
    _KEYS = secret.resolve(os.environ, DATA_DIR)
SECRET_KEY = _KEYS.current
SECRET_KEY_FALLBACKS = list(_KEYS.fallbacks)
# For the checks (tthc.site.checks) and `tthc serve`: where the key came from and, when
# none could be read or created, why.
TTHC_SECRET_SOURCE = _KEYS.source
TTHC_SECRET_FILE = _KEYS.path
TTHC_SECRET_PROBLEM = _KEYS.problem
ALLOWED_HOSTS = [h for h in os.environ.get("TTHC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    # First, so that its templates (the demo banner on admin/base_site.html) win.
    "tthc.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "tthc.audit",
    "tthc.organisation",
    "tthc.catalogue",
    "tthc.dossiers",
    "tthc.ratings",
    "tthc.importers",
    "tthc.scoring",
    "tthc.counter",
    "tthc.petitions",
    "tthc.api",
    "tthc.access",
    "tthc.evaluation",
    "tthc.dashboards",
    "tthc.reports",
    "tthc.demo",
]

MIDDLEWARE = [
    # Outermost, so that every response gets the Content-Security-Policy and
    # Permissions-Policy (tthc.site.headers), the rate limiter's 429 included.
    "tthc.site.headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese unless the language switcher chose English (not Accept-Language).
    "tthc.site.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tthc.site.sessions.SessionRenewalMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A log-in refused for its back-off answers 429 (tthc.access.logins).
    "tthc.access.logins.LoginWaitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tthc.site.urls"
WSGI_APPLICATION = "tthc.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGE_CODE and LANGUAGES for <html lang> and the language switcher.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tthc.web.context_processors.demo_banner",
                "tthc.web.context_processors.viewer",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'tthc.sqlite3'}"),
        conn_max_age=int(os.environ.get("TTHC_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database's folder is not in the repository; create it on first use.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while an import or a scoring run writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 30}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "vi"
# Each named in itself: the header's language switcher shows these names.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# English pages write numbers and dates as the Vietnamese ones do (1.234,5; 04/12/2026):
# the figures are the province's, read beside its Vietnamese documents (docs/translation.md).
FORMAT_MODULE_PATH = ["tthc.site.formats"]
# The header's language switcher (django.views.i18n.set_language) remembers the choice
# for a year; without the cookie every page is Vietnamese.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Rate limits and failed log-ins count in one database table that every worker sees
# (tthc.access.limits, created by a migration; docs/operations.md, "Limits and where
# they are stored"). No cache holds them.
AUTHENTICATION_BACKENDS = [
    # First: refuses an attempt that must wait before any password is checked.
    "tthc.access.logins.LoginBackOff",
    "django.contrib.auth.backends.ModelBackend",
]
# The first wait after too many failed log-ins, in seconds; it doubles with each further
# failure, up to 15 minutes.
TTHC_LOGIN_BACKOFF_SECONDS = float(os.environ.get("TTHC_LOGIN_BACKOFF_SECONDS", "30"))
# Failed log-ins from one address (any account) before that address waits too: an office
# behind one address shares it.
TTHC_LOGIN_OFFICE_FAILURES = int(os.environ.get("TTHC_LOGIN_OFFICE_FAILURES", "100"))
# Behind a reverse proxy, the request header holding the client's address
# (X-Forwarded-For, X-Real-IP; Django's META spelling HTTP_X_REAL_IP works too); of a
# list, read from the right past the trusted proxies' entries. Only set it when the proxy
# always sets or appends that header itself. Unset: REMOTE_ADDR, the connection's own.
TTHC_CLIENT_IP_HEADER = os.environ.get("TTHC_CLIENT_IP_HEADER") or None
# The proxies whose header is believed: addresses or networks, comma-separated. A request
# from any other address counts under that address, whatever header it sends. Default: a
# proxy on this host (loopback).
TTHC_TRUSTED_PROXIES = [entry.strip() for entry in os.environ.get("TTHC_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
                        if entry.strip()]
for _entry in TTHC_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_entry, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TTHC_TRUSTED_PROXIES: “{_entry}” không phải địa chỉ hay dải địa chỉ IP "
            f"/ is not an IP address or network") from None
# Public pages (all together) and each kind of generated public file (the summary
# report, open data CSV, open data JSON), per client address.
TTHC_PUBLIC_PAGE_RATE = os.environ.get("TTHC_PUBLIC_PAGE_RATE", "120/m")
TTHC_PUBLIC_FILE_RATE = os.environ.get("TTHC_PUBLIC_FILE_RATE", "20/m")

# Citizens' feedback (issue 4); each can be set in the environment. The petition answer
# deadline and the dragged-on threshold are dated rule parameters, not settings
# (petitions.answer_working_days / petitions.prolonged_after_days in the profile).
# How long after the official sends a dossier the counter tablet offers to rate it.
TTHC_KIOSK_ASK_MINUTES = int(os.environ.get("TTHC_KIOSK_ASK_MINUTES", "15"))
# Requests per counter-device token, and refused attempts per presented (bad) token.
TTHC_API_RATE = os.environ.get("TTHC_API_RATE", "600/m")
TTHC_API_AUTH_FAILURE_RATE = os.environ.get("TTHC_API_AUTH_FAILURE_RATE", "30/m")
# Refused attempts per client address, all tokens together; past it a wrong token is
# refused without being counted (made-up tokens cannot fill the counters' table).
TTHC_API_AUTH_FAILURE_ADDRESS_RATE = os.environ.get("TTHC_API_AUTH_FAILURE_ADDRESS_RATE", "300/m")

# Reports (issue 5): the issuing body printed top left ("upper line|lower line"), the
# place before the date, and who signs. Another province sets its own.
TTHC_REPORT_ISSUER = os.environ.get("TTHC_REPORT_ISSUER", "UBND TỈNH ĐIỆN BIÊN|VĂN PHÒNG")
TTHC_REPORT_PLACE = os.environ.get("TTHC_REPORT_PLACE", "Điện Biên")
TTHC_REPORT_SIGNER = os.environ.get("TTHC_REPORT_SIGNER", "CHÁNH VĂN PHÒNG")

SESSION_COOKIE_HTTPONLY = True
# A staff log-in ends after 9 hours without a request, not Django's two weeks: longer
# than any pause in a working day, shorter than a night, so a log-in left open at the
# office is over by the next morning. Requests push the end back (tthc.site.sessions
# renews at most every 15 minutes), so an official at work all day stays logged in.
# Counter tablets do not log in: they hold a signed device cookie of their own
# (tthc.counter.credentials), which this does not shorten.
SESSION_COOKIE_AGE = 9 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Rating links carry the receipt's code (?m=…): no other site is told the address.
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("TTHC_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # Browsers that have seen the site over HTTPS never try plain HTTP again for a year,
    # host names under it included. Not "preload": that is a commitment to a list kept
    # by browser makers, for the province to decide.
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("TTHC_LOG_LEVEL", "WARNING")},
}
