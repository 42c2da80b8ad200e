"""A synthetic province of every kind loads without loss, and loads again unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from synthetic_province import generate, write

from tthc.dossiers.models import Dossier, Step
from tthc.importers.services import import_folder
from tthc.ratings.models import Rating


@pytest.mark.django_db
def test_a_synthetic_province_loads_completely_and_idempotently(tmp_path: Path) -> None:
    rows = generate(300, seed=7)
    write(rows, tmp_path)
    report = import_folder(path=tmp_path, actor="test")
    assert report.ok and report.warnings == 0, [i.describe() for i in report.issues[:5]]
    assert {kind: c.created for kind, c in report.by_kind.items()} == {
        kind: len(kind_rows) for kind, kind_rows in rows.items()}
    assert Dossier.objects.count() == 300
    assert Step.objects.count() == 600
    assert Rating.objects.count() == 150

    again = import_folder(path=tmp_path, actor="test")
    assert (again.created, again.updated, again.rejected) == (0, 0, 0)
    assert again.unchanged == report.created
