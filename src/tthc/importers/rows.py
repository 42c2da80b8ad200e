"""The records of an import on their way in, and what an import remembers across batches.

`Row` is one record being checked and stored; `Directory` the small tables codes refer
to; `SeenKeys` the keys met so far in a file, to find those repeated in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from tthc.catalogue.models import Procedure
from tthc.importers.checks import Known
from tthc.importers.fields import Problem
from tthc.importers.readers import SourceRow
from tthc.organisation.hierarchy import UnitTree
from tthc.organisation.models import Official, Unit

Key = tuple[Any, ...]
_INT64 = 2**63


class Directory:
    """Units, officials and procedures known to an import: stored, or created by it.

    These tables are small (thousands of rows), so each is read once per import and
    kept current as rows are created; dossiers are looked up per batch instead.
    """

    def __init__(self) -> None:
        self._maps: dict[str, dict[str, Known]] = {}
        self._trees: dict[str, UnitTree[str]] = {}

    def get(self, kind: str) -> dict[str, Known]:
        if kind not in self._maps:
            if kind == "unit":
                rows = Unit.objects.values_list("code", "id", "valid_from", "valid_to")
                self._maps[kind] = {c: Known(i, valid_from=f, valid_to=t) for c, i, f, t in rows}
            else:
                model = {"official": Official, "procedure": Procedure}[kind]
                rows = model.objects.values_list("code", "id")
                self._maps[kind] = {code: Known(pk) for code, pk in rows}
        return self._maps[kind]

    def tree(self, link: str = "parent") -> UnitTree[str]:
        """Each unit's `link` (its parent, or its successor) as stored or set so far."""
        if link not in self._trees:
            self._trees[link] = UnitTree(dict(Unit.objects.values_list("code", f"{link}__code")))
        return self._trees[link]

    def forget(self) -> None:
        """After a rolled-back file, what it created is gone again."""
        self._maps.clear()
        self._trees.clear()


class Row:
    """One record on its way to the database (slots: a province-year is millions)."""

    __slots__ = ("db_key", "first", "ids", "index", "key", "line", "names", "nested", "old",
                 "prefix", "problems", "raws", "stored", "values", "warnings")

    def __init__(self, line: int, prefix: str, problems: list[Problem],
                 index: int | None = None, names: Mapping[str, str] | None = None) -> None:
        self.line = line
        self.index = index
        self.prefix = prefix  # "steps[2]." for a record nested in a dossier
        self.names = names  # interchange field → the source's own name (portal keys)
        self.values: dict[str, Any] = {}  # parsed; only the fields given
        self.raws: dict[str, Any] = {}
        self.problems = problems
        self.nested: dict[str, list[SourceRow]] | None = None
        self.key: Key | None = None
        self.db_key: Any = None  # the key as stored (codes resolved to ids)
        self.first = line  # the line where the key first appears in the file
        self.ids: dict[str, Known | None] = {}
        self.stored: tuple[Any, ...] | None = None  # (pk, *columns) when the key exists
        self.old: dict[str, Any] | None = None
        self.warnings: list[Problem] | None = None

    def record_key(self) -> str:
        return "/".join(str(part) for part in self.key) if self.key else ""


class SeenKeys:
    """The line where each key first appeared in one file.

    A province-year is millions of keys. Kept in a dictionary, three million step keys
    (two int objects and an entry each) cost about 450 MB; here integer keys live in
    sorted numpy arrays, 16 bytes a key, searched a batch at a time. New keys form a
    run; runs of similar size are merged, so there are only a few to search. Other
    keys (codes, keys of unknown records) stay in a dictionary.
    """

    def __init__(self) -> None:
        self.other: dict[Any, int] = {}
        self.runs: list[tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]] = []

    def first_lines(self, keys: list[Any], lines: list[int]) -> list[int]:
        """For each key, in file order, the line it first appeared on (its own line
        the first time it is met)."""
        result = list(lines)
        wanted = []
        for index, key in enumerate(keys):
            if type(key) is int and 0 <= key < _INT64:
                wanted.append(index)
            else:
                result[index] = self.other.setdefault(key, lines[index])
        if not wanted:
            return result
        count = len(wanted)
        batch = np.fromiter((keys[i] for i in wanted), dtype=np.int64, count=count)
        at = np.fromiter((lines[i] for i in wanted), dtype=np.int64, count=count)
        first = at.copy()
        found = np.zeros(count, dtype=bool)
        for run_keys, run_lines in self.runs:
            position = np.minimum(np.searchsorted(run_keys, batch), len(run_keys) - 1)
            hit = run_keys[position] == batch
            first[hit] = run_lines[position[hit]]
            found |= hit
        new = np.flatnonzero(~found)
        if len(new):
            unique, first_index, inverse = np.unique(batch[new], return_index=True,
                                                     return_inverse=True)
            new_lines = at[new][first_index]
            first[new] = new_lines[inverse.reshape(-1)]
            self._add(unique, new_lines)
        for index, line in zip(wanted, first.tolist(), strict=True):
            result[index] = line
        return result

    def _add(self, keys: np.ndarray[Any, Any], lines: np.ndarray[Any, Any]) -> None:
        self.runs.append((keys, lines))
        while len(self.runs) > 1 and len(self.runs[-2][0]) <= 2 * len(self.runs[-1][0]):
            (keys_a, lines_a), (keys_b, lines_b) = self.runs[-2], self.runs[-1]
            merged = np.concatenate([keys_a, keys_b])
            order = np.argsort(merged, kind="stable")
            self.runs[-2:] = [(merged[order], np.concatenate([lines_a, lines_b])[order])]
