"""CLGQ — online public services (12 points; metrics 3.1–3.3).

The portal's notes give sub-ratios with thresholds — procedures offered online (partial
or full) / procedures assigned, at 80% (3.1); dossiers received online, counted only
with an electronic result where the procedure requires a paper one, / dossiers received,
at 50% and times the sync ratio (3.3) — but not how they combine into the group's 12
points (methodology-qd766 §2, §6). Until that is known the group is not computed from
the records: its points are unknown (never 0), or the portal's published value once
imported, labelled as such.
"""

from __future__ import annotations

CODE = "ONLINE_SERVICES"
NOT_REPRODUCED = ("Chưa biết cách Cổng DVC quốc gia kết hợp các tỷ lệ 3.1–3.3 thành 12 điểm của nhóm: "
                  "chưa tính được từ dữ liệu của tỉnh, chưa biết điểm (không phải 0) cho đến khi nhập "
                  "số liệu Cổng công bố.")
