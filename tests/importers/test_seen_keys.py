"""The memory of keys met in a file: a repeated key points back to its first line."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from tthc.importers.rows import SeenKeys


def first_lines_of_a_dictionary(batches: list[list[object]]) -> list[list[int]]:
    """The plain dictionary the compact structure stands for."""
    seen: dict[object, int] = {}
    line, result = 0, []
    for batch in batches:
        firsts = []
        for key in batch:
            line += 1
            firsts.append(seen.setdefault(key, line))
        result.append(firsts)
    return result


def first_lines(batches: list[list[object]]) -> list[list[int]]:
    seen, line, result = SeenKeys(), 0, []
    for batch in batches:
        lines = list(range(line + 1, line + 1 + len(batch)))
        line += len(batch)
        result.append(seen.first_lines(batch, lines))
    return result


keys = st.one_of(st.integers(0, 40), st.integers(2**32, 2**32 + 5), st.integers(-3, -1),
                 st.integers(2**63, 2**63 + 2), st.sampled_from(["HS1", "HS2", ("HS1", 2)]))


@given(st.lists(st.lists(keys, max_size=30), max_size=12))
def test_it_answers_like_a_dictionary(batches: list[list[object]]) -> None:
    assert first_lines(batches) == first_lines_of_a_dictionary(batches)


def test_many_batches_keep_few_runs_and_find_every_repeat() -> None:
    rnd = random.Random(7)
    batches = [[rnd.randrange(20_000) * 4_294_967_296 + rnd.randrange(1, 4)
                for _ in range(500)] for _ in range(200)]
    seen, line = SeenKeys(), 0
    expected = first_lines_of_a_dictionary(batches)
    for batch, wanted in zip(batches, expected, strict=True):
        lines = list(range(line + 1, line + 1 + len(batch)))
        line += len(batch)
        assert seen.first_lines(batch, lines) == wanted
    assert len(seen.runs) <= 12
    assert sum(len(keys) for keys, _ in seen.runs) == len({k for b in batches for k in b})
