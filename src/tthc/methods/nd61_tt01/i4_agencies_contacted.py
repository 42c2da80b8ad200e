"""Indicator 4 — agencies the applicant had to contact (TT 01/2018 art. 13.4).

The record's count, else the citizen's answer, else derived from the channels
(``agencies_contacted.derived``), read on ``agencies_contacted.ladder``. Where the
record and the citizen disagree, the record wins and the conflict is reported.
"""

from __future__ import annotations

import numpy as np

from tthc.engine.columns import CHANNELS, DossierColumns, Ints, ladder_array
from tthc.engine.dossier import Point
from tthc.engine.facts import Dossier
from tthc.engine.rules import ladder_points

from .parameters import Nd61Parameters

CODE = "4"


def conflict_message(cited: int, recorded: int) -> str:
    return (f"Mâu thuẫn chỉ số 4: phiếu đánh giá ghi {cited} cơ quan, hồ sơ ghi "
            f"{recorded}; theo hồ sơ.")


def explain(dossier: Dossier, p: Nd61Parameters) -> tuple[Point, tuple[str, ...]]:
    rating = dossier.rating
    cited = rating.agencies_contacted if rating is not None else None
    conflicts: tuple[str, ...] = ()
    if dossier.agencies_contacted is not None:
        contacted, source = dossier.agencies_contacted, "record"
        lines = [f"Hồ sơ ghi {contacted} cơ quan phải liên hệ."]
        if cited is not None and cited != contacted:
            conflict = conflict_message(cited, contacted)
            conflicts = (conflict,)
            lines.append(conflict)
    elif cited is not None:
        contacted, source = cited, "citizen"
        lines = [f"Hồ sơ không ghi; theo phiếu đánh giá của người dân: {contacted} cơ quan."]
    else:
        remote = (dossier.channel == "online"
                  and dossier.return_channel in p.remote_return_channels)
        contacted = p.derived_remote_agencies if remote else p.derived_other_agencies
        source = "derived"
        lines = [
            "Hồ sơ và phiếu đánh giá không ghi; suy ra: "
            + ("nộp trực tuyến và nhận kết quả trực tuyến/qua bưu chính" if remote
               else "có đến Bộ phận Một cửa")
            + f" → {contacted} cơ quan."
        ]
    points = ladder_points(p.agencies_ladder, contacted)
    lines.append(f"{contacted} cơ quan → {points} điểm.")
    return Point(points, source, tuple(lines)), conflicts


def count(cols: DossierColumns, rows: Ints, p: Nd61Parameters) -> tuple[Ints, list[tuple[str, str]]]:
    """Points of the scored dossiers, and the record-versus-citizen conflicts found."""
    recorded, cited = cols.agencies[rows], cols.rating_agencies[rows]
    online = CHANNELS.index("online")
    remote = (cols.channel[rows] == online) & np.isin(
        cols.return_channel[rows], [CHANNELS.index(c) for c in p.remote_return_channels])
    derived = np.where(remote, p.derived_remote_agencies, p.derived_other_agencies)
    contacted = np.where(recorded >= 0, recorded, np.where(cited >= 0, cited, derived))
    conflicting = np.flatnonzero((recorded >= 0) & (cited >= 0) & (recorded != cited))
    conflicts = [(cols.codes[int(rows[i])], conflict_message(int(cited[i]), int(recorded[i])))
                 for i in conflicting.tolist()]
    return ladder_array(contacted, p.agencies_ladder), conflicts
