"""Fixtures of the importer tests: small CSV files written inline, and a base world."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from import_helpers import BASE, WriteFile

from tthc.importers.report import ImportReport
from tthc.importers.services import import_folder


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """write("dossiers.csv", '''header\\nrow''') → the path; text is dedented, UTF-8."""

    def make(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return make


@pytest.fixture
def world(db: None) -> ImportReport:
    """The base data set of data/base: 4 units, 2 officials, 2 procedures, 3 dossiers …"""
    report = import_folder(path=BASE, actor="test")
    assert report.ok and report.warnings == 0, [i.describe() for i in report.issues]
    return report
