"""The installation's secret key: generated once, kept in the data directory.

Receipt codes, signed cookies (the counter tablet's), sessions and the rating
fingerprints are keyed with SECRET_KEY. A key anyone can read — the default that
earlier versions shipped in this repository — lets anyone forge them, so a fresh
installation makes its own on first start and stores it, owner-only (0600), in
``<TTHC_DATA_DIR>/secret_key``. An explicit ``TTHC_SECRET_KEY`` wins and the file is then
neither read nor created.

The file holds one key per line: the first signs; the others only verify what they
signed before a rotation (Django's SECRET_KEY_FALLBACKS), so receipts already printed
keep working — as Django's password hashers keep old hashes readable.

Imported by the settings module: no Django import here.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "secret_key"
# The default of earlier versions, in every copy of the repository: never a secret.
DEMO_KEY = "insecure-demo-key-set-TTHC_SECRET_KEY-in-production"
PUBLIC_KEYS = frozenset({DEMO_KEY})
# The prefix of the keys `django-admin startproject` writes into settings files.
_PUBLIC_PREFIX = "django-insecure-"
_HEADER = (
    "# tthc-scorecard: khóa bí mật của bản cài đặt này. Không chia sẻ, không sao chép sang máy khác.\n"
    "# This installation's secret keys. The first line signs; later lines only verify codes\n"
    "# signed before `tthc secret_rotate` (printed receipts). Keep this file 0600.\n"
)


class SecretError(Exception):
    """The key file cannot be read, created or rewritten; the message says why (vi / en)."""


@dataclass(frozen=True)
class Keys:
    current: str
    fallbacks: tuple[str, ...]
    # "environment" (TTHC_SECRET_KEY), "file" (the data directory's), "test-run" (the
    # settings' throwaway key inside pytest) or "none": no key could be read or created,
    # and the public demo key stands in (`problem` says why).
    source: str
    path: Path
    problem: str = ""


def is_public(key: str) -> bool:
    return key in PUBLIC_KEYS or key.startswith(_PUBLIC_PREFIX)


def new_key() -> str:
    # 48 random bytes; URL-safe base64 has no comma or space, so keys can be listed in
    # TTHC_SECRET_KEY_FALLBACKS and on lines of the file.
    return secrets.token_urlsafe(48)


def key_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def read_keys(path: Path) -> list[str]:
    """The keys of the file, current first; SecretError if it holds none."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SecretError(f"không đọc được tệp khóa {path} / cannot read the key file: {error}") from error
    keys = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not keys:
        raise SecretError(f"tệp khóa {path} không chứa khóa nào / the key file holds no key")
    return keys


def _write_new_file(path: Path, keys: list[str]) -> Path:
    """A complete file beside `path`, created 0600 (mkstemp), not yet in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{FILE_NAME}.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(_HEADER + "".join(f"{key}\n" for key in keys))
        file.flush()
        os.fsync(file.fileno())
    return Path(name)


def create_keys(path: Path) -> list[str]:
    """The file's keys, creating it with a new key if there is none yet.

    Several processes may start at once (gunicorn's workers, `make run`'s commands): the
    file is written in full under another name and linked into place, which fails if it
    already exists, so every process ends up with the one key that won.
    """
    if path.exists():
        return read_keys(path)
    try:
        staged = _write_new_file(path, [new_key()])
    except OSError as error:
        raise SecretError(f"không tạo được tệp khóa {path} / cannot create the key file: {error}") from error
    try:
        os.link(staged, path)
    except FileExistsError:
        pass  # another process made the key first: its key is the installation's
    except OSError as error:
        raise SecretError(f"không tạo được tệp khóa {path} / cannot create the key file: {error}") from error
    finally:
        staged.unlink(missing_ok=True)
    return read_keys(path)


def rotate_keys(path: Path) -> list[str]:
    """A new current key; the previous ones stay, for verification only."""
    old = read_keys(path)
    try:
        staged = _write_new_file(path, [new_key(), *old])
        os.replace(staged, path)
    except OSError as error:
        raise SecretError(f"không ghi được tệp khóa {path} / cannot rewrite the key file: {error}") from error
    return read_keys(path)


def resolve(environ: Mapping[str, str], data_dir: Path) -> Keys:
    """The keys the settings use: TTHC_SECRET_KEY (with TTHC_SECRET_KEY_FALLBACKS), else
    the data directory's file, created on first use. Never raises: without a usable key
    the public demo key stands in, and `tthc check --deploy` and `tthc serve` say why."""
    path = key_path(data_dir)
    explicit = environ.get("TTHC_SECRET_KEY", "").strip()
    if explicit:
        fallbacks = tuple(k.strip() for k in environ.get("TTHC_SECRET_KEY_FALLBACKS", "").split(",") if k.strip())
        return Keys(explicit, fallbacks, "environment", path)
    try:
        current, *fallbacks = create_keys(path)
    except SecretError as error:
        return Keys(DEMO_KEY, (), "none", path, problem=str(error))
    return Keys(current, tuple(fallbacks), "file", path)
