"""Per-dossier points as packed arrays (see ``models.DossierPoints``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tthc.engine.indicators import DOSSIER_INDICATORS

NOT_APPLICABLE = 255


def pack(ids: Sequence[int], points: dict[str, Sequence[int | None]]) -> tuple[bytes, bytes]:
    """Dossier ids and their points (one list per indicator) → the two stored blobs."""
    matrix = np.array([[NOT_APPLICABLE if v is None else v for v in points[n]] for n in DOSSIER_INDICATORS],
                      dtype=np.uint8).T if len(ids) else np.zeros((0, len(DOSSIER_INDICATORS)), dtype=np.uint8)
    return np.asarray(ids, dtype="<i8").tobytes(), np.ascontiguousarray(matrix).tobytes()


def unpack(ids: bytes, points: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The stored blobs → (ids, points matrix with one column per indicator)."""
    id_array = np.frombuffer(bytes(ids), dtype="<i8")
    matrix = np.frombuffer(bytes(points), dtype=np.uint8).reshape(len(id_array), len(DOSSIER_INDICATORS))
    return id_array, matrix


def as_dict(row: np.ndarray) -> dict[str, int | None]:
    return {n: None if v == NOT_APPLICABLE else int(v) for n, v in zip(DOSSIER_INDICATORS, row.tolist(), strict=True)}
