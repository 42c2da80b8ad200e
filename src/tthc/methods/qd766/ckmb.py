"""CKMB — transparency (18 points).

1.1–1.3 (publication on time, updates on time, full content: 12 points) are computed by
the portal from the national procedures database and the decisions publishing
procedures; a province's one-stop records do not hold them, so they are "not available
from records" — unknown points, never 0 — until the portal's published figures are
imported. 1.4 (`DOSSIER_SYNC`): dossiers received in the period and synchronised to the
national portal / dossiers received in the period (methodology-qd766 §3).
"""

from __future__ import annotations

from tthc.engine.columns import Bools
from tthc.engine.dossier import Lost, fmt_date

from .metrics import NOT_RECEIVED, DossierMetric, Part, Rows, Situation, costs, counted, outside, yes

# Metrics no province record can compute (their figures come from the portal).
FROM_PORTAL = {
    "PUBLISH_ON_TIME": "tỷ lệ công bố, công khai TTHC đúng hạn",
    "PUBLIC_UPDATE_ON_TIME": "tỷ lệ cập nhật, công khai TTHC đúng hạn",
    "PUBLIC_CONTENT_FULL": "tỷ lệ công khai đầy đủ nội dung TTHC",
}
PORTAL_ONLY = ("Cổng DVC quốc gia tính chỉ số này từ Cơ sở dữ liệu quốc gia về TTHC và các quyết định "
               "công bố TTHC; hồ sơ một cửa của tỉnh không có số liệu này: chưa biết điểm (không phải 0) "
               "cho đến khi nhập số liệu Cổng công bố.")


NOT_SYNCED = Lost("not_synced", "Chưa đồng bộ lên Cổng Dịch vụ công quốc gia")


def _sync(s: Situation) -> Part:
    if not s.handling.received:
        return outside(NOT_RECEIVED)
    synced = s.dossier.synced_at
    if synced is None:
        return costs([NOT_SYNCED], "Hồ sơ tiếp nhận trong kỳ, không ghi ngày đồng bộ lên Cổng DVC quốc gia.")
    return counted(f"Hồ sơ tiếp nhận trong kỳ, đồng bộ lên Cổng DVC quốc gia ngày {fmt_date(synced)}.")


def _sync_count(rows: Rows) -> tuple[Bools, Bools]:
    return rows.received, rows.received & yes(rows.field("synced_at"))


DOSSIER_SYNC = DossierMetric("DOSSIER_SYNC", ("dossiers.synced_at",), _sync, _sync_count)
