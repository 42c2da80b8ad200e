"""An existing database upgrades with every row and number intact (issue 9: the app
boundaries follow the models).

`upgrade/before_app_boundaries.sql` is a SQLite database (`sqlite3 DB .dump`) made at
commit 68594e9, when Rating, Petition and CounterDevice lived in the app `feedback`:
`tthc migrate`, then a counter device (after a deleted one), a kiosk rating through it, a
paper rating, a petition (after a deleted one), the appraisers' group with the app's view
permissions, a leader allowed to change petitions and an admin log entry on the petition.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

TTHC = Path(sys.executable).with_name("tthc")
BEFORE = Path(__file__).resolve().parent / "upgrade" / "before_app_boundaries.sql"
# Content types follow their models; their ids (which permissions refer to) stay.
RELABELLED = {("feedback", "rating"): ("ratings", "rating"),
              ("feedback", "petition"): ("petitions", "petition"),
              ("feedback", "counterdevice"): ("counter", "counterdevice")}
# Rows the upgrade itself writes: the migrations it records, the relabelled content types.
BOOKKEEPING = {"django_migrations", "django_content_type", "sqlite_sequence"}
# Tables a later migration reshapes (generic stored scores, test_upgrade_scores.py checks
# that their numbers survive; import runs gain an outcome, test_import_outcome.py); this
# module checks the app move only.
RESHAPED = {"scoring_subjectscore", "scoring_scoringrun", "evaluation_appraisal",
            "evaluation_selfassessment", "importers_importrun"}
# Tables a later migration only adds nullable or defaulted columns to: every column and
# value they had is still there. Issue 10: the device's own time and the login that keyed
# a paper form on ratings, the refusal count on devices; issue 11: the national index's
# record fields.
EXTENDED = {"feedback_rating", "feedback_counterdevice", "organisation_unit", "catalogue_procedure",
            "dossiers_dossier", "feedback_petition"}
# Tables (with their content types) that a later migration adds: the shared counters of
# rate limits and log-ins (issue 10); the portal's published index figures (issue 12).
ADDED = {"access_limit_counter": ("access", "limitcounter"),
         "importers_publishedanswer": ("importers", "publishedanswer"),
         "importers_publishedunit": ("importers", "publishedunit"),
         "importers_publishedmetric": ("importers", "publishedmetric")}
# Migrations of the moved apps after the move, recorded by the same upgrade.
LATER = {("ratings", "0004_client_time_paper_entry"), ("counter", "0002_device_refusals"),
         ("petitions", "0002_index_fields")}

CHECK = """
import json
from datetime import datetime, timezone
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from tthc.counter.models import CounterDevice
from tthc.petitions.models import Petition
from tthc.ratings.models import Rating
rating = Rating.objects.select_related("device", "dossier").get(client_id="6f1c2a3e-0000-4000-8000-000000000001")
petition = Petition.objects.get(code="PA-2020-001")
added = Petition.objects.create(code="PA-2020-002", unit=petition.unit, received_at=datetime.now(timezone.utc))
print(json.dumps({
    "rating": [rating.dossier.code, rating.device.name, rating.satisfaction],
    "device_ratings": list(CounterDevice.objects.get(name="Quầy 1").ratings.values_list("pk", flat=True)),
    "petition": [petition.unit.code, petition.dossier.code, petition.about_official.code],
    "next_petition_id": added.pk,
    "leader_may_appraise": User.objects.get(username="lanhdao").has_perm("petitions.change_petition"),
    "group": sorted(f"{p.content_type.app_label}.{p.codename}"
                    for p in Group.objects.get().permissions.select_related("content_type")),
    "logged": str(LogEntry.objects.get().get_edited_object()),
}))
"""


def _tthc(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TTHC_")}
    env.update({"DATABASE_URL": f"sqlite:///{database}", "TTHC_DATA_DIR": str(database.parent / "data")})
    return subprocess.run([str(TTHC), *args], env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def _snapshot(database: Path, columns_of: dict[str, list[str]] | None = None
              ) -> tuple[dict[str, str], dict[str, list[tuple]], dict[str, list[tuple]]]:
    """Schema, rows and column declarations of every table; the rows of a table named in
    `columns_of` are read on those columns only (an extended table's old ones)."""
    with sqlite3.connect(database) as db:
        schema = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
        tables = [name for name, sql in schema.items() if sql.startswith("CREATE TABLE")]
        declared = {name: [row[1:] for row in db.execute(f'PRAGMA table_xinfo("{name}")')] for name in tables}
        rows = {}
        for name in tables:
            wanted = ", ".join(f'"{c}"' for c in (columns_of or {}).get(name, ())) or "*"
            rows[name] = db.execute(f'SELECT {wanted} FROM "{name}" ORDER BY 1').fetchall()
    return schema, rows, declared


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple, tuple]:
    database = tmp_path_factory.mktemp("upgrade") / "before.sqlite3"
    with sqlite3.connect(database) as db:
        db.executescript(BEFORE.read_text(encoding="utf-8"))
    before = _snapshot(database)
    result = _tthc("migrate", "--noinput", database=database)
    assert result.returncode == 0, result.stderr
    old_columns = {name: [column[0] for column in before[2][name]] for name in EXTENDED}
    return database, before, _snapshot(database, old_columns)


def test_no_table_changes_and_no_row_moves(upgraded: tuple[Path, tuple, tuple]) -> None:
    _, (schema_before, rows_before, declared_before), (schema_after, rows_after, declared_after) = upgraded
    changed = tuple(RESHAPED | EXTENDED | set(ADDED))
    assert {k: v for k, v in schema_after.items() if not k.startswith(changed)} == \
        {k: v for k, v in schema_before.items() if not k.startswith(changed)}
    for table in EXTENDED:
        assert set(declared_before[table]) <= set(declared_after[table]), table
    assert set(ADDED) <= set(rows_after)
    # The added models' own permissions are new rows; every other row stays as it was.
    added_types = {pk for pk, *model in rows_after["django_content_type"] if tuple(model) in set(ADDED.values())}
    rows_after = {**rows_after, "auth_permission": [row for row in rows_after["auth_permission"]
                                                    if row[1] not in added_types]}
    assert {"feedback_rating", "feedback_petition", "feedback_counterdevice"} <= set(rows_after)
    assert len(rows_before["feedback_rating"]) == 2
    for table, rows in rows_before.items():
        if table == "auth_permission":
            # Permissions keep their ids; the later migrations add one (ratings.0004).
            assert rows_after[table][:len(rows)] == rows
            assert {row[2] for row in rows_after[table][len(rows):]} == {"enter_paper_rating"}
        elif table not in BOOKKEEPING | RESHAPED:
            assert rows_after[table] == rows, table
    sequences = dict(rows_after["sqlite_sequence"])
    for table, last in rows_before["sqlite_sequence"]:
        if table.startswith("feedback_"):
            assert sequences[table] == last, table


def test_content_types_follow_their_models_and_keep_their_ids(upgraded: tuple[Path, tuple, tuple]) -> None:
    _, (_, rows_before, _), (_, rows_after, _) = upgraded
    expected = [(pk, *RELABELLED.get((label, model), (label, model))) for pk, label, model in
                rows_before["django_content_type"]]
    added = set(ADDED.values())
    assert [row for row in rows_after["django_content_type"] if tuple(row[1:]) not in added] == expected


def test_the_migration_history_is_recorded_under_the_new_labels(upgraded: tuple[Path, tuple, tuple]) -> None:
    _, (_, rows_before, _), (_, rows_after, _) = upgraded
    before = {(app, name) for _, app, name, _ in rows_before["django_migrations"]}
    after = {(app, name) for _, app, name, _ in rows_after["django_migrations"]}
    assert {m for m in after - before if m[0] in {"ratings", "petitions", "counter"}} == {
                              ("ratings", "0001_initial"),
                              ("ratings", "0002_counter_devices_and_petition_workflow"),
                              ("ratings", "0003_petition_and_counterdevice_moved"),
                              ("petitions", "0001_initial"), ("counter", "0001_initial")} | LATER
    assert before <= after


def test_the_upgraded_database_works_through_the_models(upgraded: tuple[Path, tuple, tuple]) -> None:
    database, _, _ = upgraded
    assert _tthc("migrate", "--check", database=database).returncode == 0
    result = _tthc("shell", "-c", CHECK, database=database)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {
        "rating": ["HS-STP-001", "Quầy 1", "very_satisfied"],
        "device_ratings": [1],
        "petition": ["STP", "HS-STP-001", "CB1"],
        "next_petition_id": 3,
        "leader_may_appraise": True,
        "group": ["counter.view_counterdevice", "petitions.view_petition", "ratings.view_rating"],
        "logged": "PA-2020-001",
    }
