"""Per-dossier points as packed arrays (see ``models.DossierPoints``).

A run's per-dossier points are whole numbers (the engine's tallies are integer sums, so
that means are exact); they are stored as uint8, one column per entry of the run's
``layout["dossier_columns"]``, with NOT_APPLICABLE for N/A.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

NOT_APPLICABLE = 255


class PointsOutOfRange(ValueError):
    """A methodology gave per-dossier points the stored format cannot hold."""


def as_stored(matrix: np.ndarray) -> np.ndarray:
    """Float points (NaN for N/A) → the stored uint8 matrix, refusing what would not
    round-trip (negative, fractional or 255 and over) rather than storing it wrong."""
    known = matrix[~np.isnan(matrix)]
    if known.size and (known.min() < 0 or known.max() >= NOT_APPLICABLE
                       or not np.array_equal(known, np.round(known))):
        raise PointsOutOfRange("Điểm từng hồ sơ phải là số nguyên từ 0 đến 254.")
    return np.where(np.isnan(matrix), NOT_APPLICABLE, matrix).astype(np.uint8)


def pack_arrays(ids: np.ndarray, matrix: np.ndarray) -> tuple[bytes, bytes]:
    """Dossier ids and their points (uint8, one column per indicator, NOT_APPLICABLE for
    N/A) → the two stored blobs."""
    return (np.ascontiguousarray(ids, dtype="<i8").tobytes(),
            np.ascontiguousarray(matrix, dtype=np.uint8).tobytes())


def unpack(ids: bytes, points: bytes, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """The stored blobs → (ids, points matrix with `columns` columns)."""
    id_array = np.frombuffer(bytes(ids), dtype="<i8")
    matrix = np.frombuffer(bytes(points), dtype=np.uint8).reshape(len(id_array), columns)
    return id_array, matrix


def as_dict(row: np.ndarray, columns: Sequence[str]) -> dict[str, int | None]:
    return {n: None if v == NOT_APPLICABLE else int(v) for n, v in zip(columns, row.tolist(), strict=True)}
