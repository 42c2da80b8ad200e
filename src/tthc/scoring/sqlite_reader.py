"""Integer columns read from an SQLite file in a separate process, for the bulk path.

The bulk path reads the steps and supplements while it reads the dossiers. On
PostgreSQL a thread does it: the server works while the client waits. On SQLite a thread
made it slower: Python's sqlite3 module lets go of the GIL around every row's
`sqlite3_step` and takes it back to build the row, so two reading threads hand the GIL
over at each of millions of rows. Reading the year of a province (1,000,000 dossiers,
2.7 million steps, 2 cores, stored day numbers) took 10.4 s with the thread (13.4 s of
CPU, much of it in futex calls), 5.5 s one after the other, and 4.2 s with the steps
and supplements read by a process of their own (`python -m tthc.scoring.sqlite_reader`),
which has its own interpreter and GIL.

No Django here: the child starts with sqlite3 and numpy only. Its argument is a job in
JSON ({"database": path, "queries": [[sql, params, width], …]}); it writes, per query,
two little-endian int64 (rows, width) then the rows as int64. Every value must be a
non-NULL integer: the queries pack small values and NULLs into integers first.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from typing import IO, Any

import numpy as np

CHUNK = 50_000
_HEADER = np.dtype("<i8")


def read_ints(cursor: Any, sql: str, params: Sequence[object], width: int) -> np.ndarray:
    """The rows of `sql` as an int64 array of `width` columns. `cursor` is Django's (%s
    placeholders) or, in the child, sqlite3's with the query already converted."""
    cursor.execute(sql, params)
    parts = []
    while chunk := cursor.fetchmany(CHUNK):
        # Straight from the row tuples into the array: no Python list per column.
        parts.append(np.fromiter(itertools.chain.from_iterable(chunk), dtype=np.int64,
                                 count=width * len(chunk)))
    if not parts:
        return np.zeros((0, width), dtype=np.int64)
    return np.concatenate(parts).reshape(-1, width)


class Child:
    """A child process reading queries from one SQLite file; `result()` waits for it."""

    def __init__(self, database: str, queries: Sequence[tuple[str, Sequence[object], int]]) -> None:
        self.queries = list(queries)
        job = json.dumps({"database": database,
                          "queries": [[sql, list(params), width] for sql, params, width in queries]})
        # The job is an argument (a few kilobytes of SQL and dates): nothing to write to a
        # pipe while the child starts.
        self.process = subprocess.Popen([sys.executable, "-m", __name__, job],
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)

    def result(self) -> list[np.ndarray]:
        out, err = self.process.communicate()
        if self.process.returncode != 0:
            raise RuntimeError(f"sqlite_reader exited {self.process.returncode}: "
                               f"{err.decode(errors='replace').strip()[-2000:]}")
        arrays, at = [], 0
        for _ in self.queries:
            rows, width = np.frombuffer(out, dtype=_HEADER, count=2, offset=at).tolist()
            at += 2 * _HEADER.itemsize
            # A copy: arrays over the bytes read would be read-only.
            arrays.append(np.frombuffer(out, dtype=_HEADER, count=rows * width, offset=at)
                          .reshape(rows, width).astype(np.int64))
            at += rows * width * _HEADER.itemsize
        if at != len(out):
            raise RuntimeError(f"sqlite_reader wrote {len(out)} bytes, {at} expected")
        return arrays

    def close(self) -> None:
        """Stop the child if its result was not read (the caller failed first)."""
        if self.process.returncode is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def _serve(job: dict[str, Any], out: IO[bytes]) -> None:
    connection = sqlite3.connect(job["database"], timeout=30)
    try:
        cursor = connection.cursor()
        for sql, params, width in job["queries"]:
            # Django's placeholders, converted as its SQLite backend does.
            table = read_ints(cursor, sql % tuple("?" * len(params)), params, width)
            out.write(np.array(table.shape, dtype=_HEADER).tobytes())
            out.write(table.astype(_HEADER, copy=False).tobytes())
    finally:
        connection.close()


if __name__ == "__main__":
    _serve(json.loads(sys.argv[1]), sys.stdout.buffer)
    sys.stdout.buffer.flush()
