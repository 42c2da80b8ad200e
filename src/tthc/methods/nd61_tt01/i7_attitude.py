"""Indicator 7 — attitude of the officials (TT 01/2018 art. 13.7).

0 when a petition about the receiving official, of a counted kind
(``attitude.complaint_kinds``), was upheld; otherwise the dossier's timing, with
``attitude.late_points`` when late (the law names only early and on time).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tthc.engine.columns import DossierColumns, Ints
from tthc.engine.dossier import TIMING_VI, Point, Timing
from tthc.engine.facts import Dossier, Petition

from .i1_handling_time import timing_points
from .parameters import Nd61Parameters

CODE = "7"


def explain(dossier: Dossier, timing: Timing | None, p: Nd61Parameters) -> Point:
    upheld = [
        petition for petition in dossier.petitions
        if petition.upheld is True and petition.kind in p.attitude_complaint_kinds
        and dossier.received_by is not None and petition.about_official == dossier.received_by
    ]
    ignored = [petition for petition in dossier.petitions if petition.upheld is not True]
    notes = tuple(f"Phản ánh {x.code} không được xác minh là đúng: không tính." for x in ignored)
    if upheld:
        codes = ", ".join(x.code for x in upheld)
        return Point(0, "record", (*notes, f"Phản ánh {codes} về cán bộ tiếp nhận "
                                            f"{dossier.received_by} được xác minh là đúng → 0 điểm."))
    if timing is None:
        return Point(None, "none", (*notes, "Không xác định được tiến độ: không áp dụng."))
    points = {Timing.EARLY: p.timing_points["early"],
              Timing.ON_TIME: p.timing_points["on_time"],
              Timing.LATE: p.attitude_late_points}[timing]
    return Point(points, "record", (*notes, f"Không có phản ánh đúng về cán bộ; hồ sơ "
                                            f"{TIMING_VI[timing]} → {points} điểm."))


def _complaints(cols: DossierColumns, petitions: Sequence[Petition], p: Nd61Parameters) -> np.ndarray:
    """Dossiers with an upheld complaint, of a counted kind, about their receiving official."""
    flagged = np.zeros(len(cols), dtype=np.bool_)
    relevant = [x for x in petitions if x.upheld is True and x.dossier_code is not None
                and x.about_official is not None and x.kind in p.attitude_complaint_kinds]
    if not relevant:
        return flagged
    # Look up only the few dossiers named: a dict of a million codes would cost more.
    named = {x.dossier_code for x in relevant}
    rows = {code: i for i, code in enumerate(cols.codes) if code in named}
    officials = {code: i for i, code in enumerate(cols.official_codes)}
    for x in relevant:
        row = rows.get(x.dossier_code or "")
        official = officials.get(x.about_official or "")
        if row is not None and official is not None and cols.official[row] == official:
            flagged[row] = True
    return flagged


def count(cols: DossierColumns, rows: Ints, petitions: Sequence[Petition], p: Nd61Parameters) -> Ints:
    by_timing = timing_points(cols.finished_day[rows], cols.due_day[rows], p, p.attitude_late_points)
    return np.where(_complaints(cols, petitions, p)[rows], 0, by_timing)
