"""The bulk path's second reader on SQLite: a child process (tthc.scoring.sqlite_reader)
gives the same arrays as reading on Django's own connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from django.db import connection
from scoring_world import province

from tthc.engine.periods import Period
from tthc.scoring import columns, sqlite_reader


def _small_database(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (a INTEGER, b INTEGER, c TEXT)")
        db.executemany("INSERT INTO t VALUES (?, ?, ?)",
                       [(i, i * i - 7, "x" if i % 3 else "y") for i in range(120_001)])
    db.close()
    return path


def test_the_child_reads_what_this_process_reads(tmp_path: Path) -> None:
    path = _small_database(tmp_path / "small.sqlite3")
    # Django's %s placeholders, as the bulk loader writes its queries.
    queries = [("SELECT a, b FROM t WHERE c = %s", ["x"], 2),
               ("SELECT b FROM t WHERE a > %s", [10**9], 1),
               ("SELECT a, b, a + b FROM t", [], 3)]
    child = sqlite_reader.Child(str(path), queries)
    try:
        arrays = child.result()
    finally:
        child.close()
    with sqlite3.connect(path) as db:
        expected = [sqlite_reader.read_ints(db.cursor(), sql.replace("%s", "?"), params, width)
                    for sql, params, width in queries]
    assert [a.shape for a in arrays] == [(80_000, 2), (0, 1), (120_001, 3)]
    for got, want in zip(arrays, expected, strict=True):
        assert got.dtype == np.int64
        assert np.array_equal(got, want)
    assert arrays[2][-1].tolist() == [120_000, 120_000**2 - 7, 120_000 + 120_000**2 - 7]
    arrays[0][0, 0] = -1  # the caller may write into them


def test_a_failing_query_is_reported_with_the_databases_words(tmp_path: Path) -> None:
    path = _small_database(tmp_path / "small.sqlite3")
    child = sqlite_reader.Child(str(path), [("SELECT missing_column FROM t", [], 1)])
    try:
        with pytest.raises(RuntimeError, match="no such column: missing_column"):
            child.result()
    finally:
        child.close()


def test_a_child_whose_result_is_not_wanted_is_stopped(tmp_path: Path) -> None:
    path = _small_database(tmp_path / "small.sqlite3")
    child = sqlite_reader.Child(str(path), [("SELECT a, b FROM t", [], 2)])
    child.close()
    assert child.process.returncode is not None


# Committed rows (transaction=True): a backup waits for the test's open transaction.
@pytest.mark.django_db(transaction=True)
def test_the_steps_and_supplements_read_by_the_child_equal_the_inline_ones(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the child process reads SQLite files only; PostgreSQL uses a thread")
    province()
    period = Period.parse("2020-Q1")
    where, params = columns._where(period)
    queries = [columns._steps_query(where, params, 25200, scan)[0] for scan in (True, False)]
    queries += [columns._supplements_query(where, params, 25200, days=days)[0] for days in (False, True)]
    inline = columns._read_ints(queries)
    # The test database lives in memory: a copy in a file is what a child can open.
    copy = tmp_path / "copy.sqlite3"
    target = sqlite3.connect(copy)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    child = sqlite_reader.Child(str(copy), queries)
    try:
        arrays = child.result()
    finally:
        child.close()
    # The small province: one step, one supplement (read without and with its days).
    assert [len(a) for a in inline] == [1, 1, 1, 1] and inline[3].shape == (1, 3)
    for got, want in zip(arrays, inline, strict=True):
        assert np.array_equal(got, want)
