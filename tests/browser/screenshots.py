"""The documentation's pictures, made by the browser tests that check the same pages.

`make screenshots` (TTHC_SCREENSHOTS=1) writes them to docs/img/; in an ordinary test run
they go to the test's temporary folder, so a picture that can no longer be made fails the
test that makes it, not a reader of the docs months later."""

from __future__ import annotations

import os
from pathlib import Path

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


def for_docs() -> bool:
    return os.environ.get("TTHC_SCREENSHOTS") == "1"


def shot_folder(tmp_path: Path) -> Path:
    folder = DOCS_IMG if for_docs() else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shot(page, name: str, tmp_path: Path, *, min_bytes: int = 20_000, **options) -> Path:  # type: ignore[no-untyped-def]
    """Save the page (or `options` for Playwright's screenshot: full_page, clip) as `name`;
    a near-empty picture (a blank page, a missing stylesheet) fails."""
    path = shot_folder(tmp_path) / name
    page.screenshot(path=str(path), **options)
    assert path.stat().st_size > min_bytes, f"{name}: {path.stat().st_size} bytes"
    return path
