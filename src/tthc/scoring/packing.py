"""Per-dossier points as packed arrays (see ``models.DossierPoints``)."""

from __future__ import annotations

import numpy as np

from tthc.engine.rules import load_methodology

# The columns of runs stored so far: nd61-tt01's per-dossier indicators. Until runs record
# their own layout (issue 9, next step), readers take them from the methodology file.
DOSSIER_INDICATORS = load_methodology("nd61-tt01").dossier_indicators

NOT_APPLICABLE = 255


def pack_arrays(ids: np.ndarray, matrix: np.ndarray) -> tuple[bytes, bytes]:
    """Dossier ids and their points (uint8, one column per indicator, NOT_APPLICABLE for
    N/A) → the two stored blobs."""
    return (np.ascontiguousarray(ids, dtype="<i8").tobytes(),
            np.ascontiguousarray(matrix, dtype=np.uint8).tobytes())


def unpack(ids: bytes, points: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The stored blobs → (ids, points matrix with one column per indicator)."""
    id_array = np.frombuffer(bytes(ids), dtype="<i8")
    matrix = np.frombuffer(bytes(points), dtype=np.uint8).reshape(len(id_array), len(DOSSIER_INDICATORS))
    return id_array, matrix


def as_dict(row: np.ndarray) -> dict[str, int | None]:
    return {n: None if v == NOT_APPLICABLE else int(v) for n, v in zip(DOSSIER_INDICATORS, row.tolist(), strict=True)}
