"""Indicator 6 — public disclosure of the procedure (TT 01/2018 art. 13.6).

The citizen's answer, else the unit's catalogue flags (posted at the office, published
online: both 2, one 1, none 0 — ``disclosure.points``), else not applicable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np

from tthc.engine.columns import DISCLOSURES, MISSING, DossierColumns, Ints
from tthc.engine.dossier import Context, Point, catalogue_entry, dossier_catalogue_entry
from tthc.engine.facts import Dossier, UnitProcedure

from .parameters import params

CODE = "6"


def catalogue_disclosure(entry: UnitProcedure) -> str:
    """Disclosure read from the catalogue flags: both, one or none (unknown = not confirmed)."""
    flags = int(entry.posted_on_site is True) + int(entry.published_online is True)
    return ("none", "one", "both")[flags]


def explain(dossier: Dossier, ctx: Context) -> Point:
    table = params(ctx.rules).disclosure_points
    seen = dossier.rating.disclosure_seen if dossier.rating is not None else None
    if seen is not None:
        points = table[seen]
        return Point(points, "citizen", (f"Người dân trả lời về công khai thủ tục: "
                                         f"'{seen}' → {points} điểm.",))
    entry = dossier_catalogue_entry(dossier, ctx)
    if entry is None:
        return Point(None, "none", ("Không có phiếu trả lời và thủ tục không có trong danh mục "
                                    "của đơn vị: không áp dụng.",))
    points = table[catalogue_disclosure(entry)]
    return Point(points, "catalogue", (
        f"Theo danh mục của đơn vị: niêm yết tại trụ sở: "
        f"{'có' if entry.posted_on_site else 'không/chưa xác nhận'}; công khai điện tử: "
        f"{'có' if entry.published_online else 'không/chưa xác nhận'} → {points} điểm.",
    ))


def _from_catalogue(cols: DossierColumns, rows: Ints,
                    unit_procedures: Mapping[tuple[str, str], Sequence[UnitProcedure]],
                    table: Mapping[str, int]) -> Ints:
    """Points from the catalogue flags for the given rows (-1 when no entry)."""
    out = np.full(len(rows), MISSING, dtype=np.int64)
    if not len(rows):
        return out
    n_procedures = max(len(cols.procedure_codes), 1)
    keys = cols.unit[rows] * n_procedures + cols.procedure[rows]
    unique, inverse = np.unique(keys, return_inverse=True)
    for k, key in enumerate(unique.tolist()):
        unit_code = cols.unit_codes[key // n_procedures]
        procedure_code = cols.procedure_codes[key % n_procedures]
        entries = unit_procedures.get((unit_code, procedure_code), ())
        where = np.flatnonzero(inverse == k)
        if len(entries) <= 1:
            entry = entries[0] if entries else None
            out[where] = MISSING if entry is None else table[catalogue_disclosure(entry)]
            continue
        # Several dated entries for one pair: choose per dossier, as `explain` does.
        for i in where.tolist():
            row = int(rows[i])
            day = cols.finished_day[row] if cols.finished_day[row] >= 0 else cols.received_day[row]
            chosen = catalogue_entry(entries, date.fromordinal(int(day)))
            out[i] = MISSING if chosen is None else table[catalogue_disclosure(chosen)]
    return out


def count(cols: DossierColumns, rows: Ints,
          unit_procedures: Mapping[tuple[str, str], Sequence[UnitProcedure]],
          table: Mapping[str, int]) -> Ints:
    seen = cols.rating_disclosure[rows]
    answer = np.array([table[d] for d in DISCLOSURES], dtype=np.int64)
    points = np.where(seen >= 0, answer[np.maximum(seen, 0)], MISSING)
    unanswered = np.flatnonzero(seen < 0)
    points[unanswered] = _from_catalogue(cols, rows[unanswered], unit_procedures, table)
    return points
