"""Report (c) of the national index (a qd766 run) as XLSX and PDF, read back: the
national heading, the six groups as columns, unknown points as unknown (never 0), the
ranking per level, the marks; every text cell a text (tthc.cells)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from index_world import PERIOD, IndexWorld, index_world_create
from report_files import all_text, pdf_text, sheet_rows, table

from tthc.evaluation.services import Key
from tthc.reports.documents import report_file

pytestmark = pytest.mark.django_db
KEY = Key(PERIOD, "qd766", "national")


@pytest.fixture
def index(personas: Any) -> IndexWorld:
    return index_world_create(personas)


def test_the_xlsx_has_the_heading_the_groups_and_unknown_points(index: IndexWorld) -> None:
    rows = sheet_rows(report_file("c", "xlsx", KEY, issued_on=date(2026, 10, 5), demo=False).content)
    text = all_text(rows)
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Điện Biên, ngày 05 tháng 10 năm 2026", "CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP",
                 "Tháng 9 năm 2026", "qd766/national", "TẠM TÍNH — kỳ đánh giá chưa được phê duyệt",
                 "Quyết định 766/QĐ-TTg", "TDGQ: Tiến độ giải quyết (tối đa 20 điểm)."):
        assert line in text, line
    found = table(rows, "Thứ tự")
    header = list(found[0])
    assert header[5:11] == ["CKMB (tối đa 18)", "TDGQ (tối đa 20)", "CLGQ (tối đa 12)",
                            "TTTT (tối đa 10)", "MDSH (tối đa 22)", "MDHL (tối đa 18)"]
    agencies = [row for row in found if row["Mã"] in ("SXD", "STP")]
    sxd = agencies[0]
    assert [row["Mã"] for row in agencies] == ["SXD", "STP"]  # the order of known points
    assert sxd["Thứ tự"] == 1 and sxd["Xếp hạng"] == "chưa xếp hạng"
    assert sxd["TDGQ (tối đa 20)"] == 10 and sxd["CKMB (tối đa 18)"] == 3
    assert sxd["CLGQ (tối đa 12)"] == "chưa có số liệu"  # unknown, never 0
    assert Decimal(str(sxd["Tổng điểm đã có số liệu (tối đa 100)"])) == Decimal("42.83")
    assert sxd["Điểm chưa có số liệu"] == 26
    assert sxd["Xếp loại (tạm tính)"] == "Chưa xếp loại (còn điểm chưa có số liệu)"
    # The communes ranked apart, under their own section.
    assert "UBND cấp xã (1 đơn vị)" in text and any(row["Mã"] == "XMT" for row in found)


def test_the_pdf_has_the_heading_the_groups_and_unknown_points(index: IndexWorld) -> None:
    text = " ".join(pdf_text(report_file("c", "pdf", KEY, issued_on=date(2026, 10, 5),
                                         demo=True).content, layout=False).split())
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "DỮ LIỆU MINH HỌA", "TDGQ (tối đa 20,00)", "MDHL (tối đa 18,00)",
                 "chưa có số liệu", "chưa xếp hạng", "Sở Xây dựng", "42,83", "26,00",
                 "UBND cấp xã (1 đơn vị)"):
        assert line in text, line
