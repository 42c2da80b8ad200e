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


def _form_b(fmt: str, unit: str = "SXD") -> bytes:
    return report_file("b", fmt, KEY, unit=unit, issued_on=date(2026, 10, 5), demo=False).content


def test_form_b_xlsx_gives_each_metrics_figures_under_its_group_and_unknown_in_words(
        index: IndexWorld) -> None:
    rows = sheet_rows(_form_b("xlsx"))
    text = all_text(rows)
    assert "CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP" in text and "Sở Xây dựng (SXD)" in text
    found = {row["Nhóm, chỉ số"]: row for row in table(rows, "STT")}
    group = found["TDGQ. Tiến độ giải quyết (tối đa 20)"]
    assert group["Điểm tự chấm"] == 10 and group["Điểm tối đa"] == 20
    on_time = next(row for name, row in found.items() if name.startswith("2.1."))
    assert (on_time["Tử số"], on_time["Mẫu số"], on_time["Tỷ lệ"]) == (1, 2, Decimal("0.5"))
    assert on_time["Điểm tự chấm"] == 10 and on_time["Nguồn số liệu"] == "Từ hồ sơ của tỉnh"
    assert on_time["Điểm thẩm định"] is None  # the period has not reached the appraisal
    online = next(row for name, row in found.items() if name.startswith("3.1–3.3."))
    assert online["Tử số"] == online["Điểm tự chấm"] == "chưa có số liệu"  # never 0
    clgq = next(row for name, row in found.items() if name.startswith("CLGQ."))
    assert clgq["Điểm tự chấm"] == "chưa có số liệu" and "12 điểm chưa có số liệu" in clgq["Nhóm, chỉ số"]
    total = found["Tổng điểm đã có số liệu"]
    assert Decimal(str(total["Điểm tự chấm"])) == Decimal("42.83") and total["Điểm tối đa"] == 100
    assert "Còn 26 điểm chưa có số liệu (không phải 0 điểm)" in text
    assert "xếp hạng trong sở, ban, ngành: chưa xếp hạng" in text


def test_form_b_pdf_gives_the_figures_and_unknown_points(index: IndexWorld) -> None:
    text = " ".join(pdf_text(_form_b("pdf"), layout=False).split())
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Sở Xây dựng (SXD)", "Tử số", "Mẫu số",
                 "Tiến độ giải quyết", "50,00%", "Từ hồ sơ của tỉnh", "chưa có số liệu",
                 "Tổng điểm đã có số liệu", "42,83", "Còn 26,00 điểm chưa có số liệu", "chưa xếp hạng"):
        assert line in text, line


def test_form_b_after_an_appraisal_gives_the_appraised_points_and_keeps_unknown_unknown(
        index: IndexWorld) -> None:
    from tthc.evaluation import services
    from tthc.organisation.models import Unit
    from tthc.scoring.models import PeriodState

    for step in (PeriodState.SELF_ASSESSMENT, PeriodState.APPRAISAL):
        services.period_advance(KEY, to=step, user=index.personas.appraiser)
    services.appraisal_save(KEY, unit=Unit.objects.get(code="SXD"), indicator="ON_TIME", points="8",
                            reason="Biên bản kiểm tra hồ sơ SXD-1", user=index.personas.appraiser)
    found = {row["Nhóm, chỉ số"]: row for row in table(sheet_rows(_form_b("xlsx")), "STT")}
    on_time = next(row for name, row in found.items() if name.startswith("2.1."))
    assert (on_time["Điểm tự chấm"], on_time["Điểm thẩm định"]) == (10, 8)
    assert on_time["Lý do trừ, điều chỉnh điểm"] == "Biên bản kiểm tra hồ sơ SXD-1"
    assert found["TDGQ. Tiến độ giải quyết (tối đa 20)"]["Điểm thẩm định"] == 8
    online = next(row for name, row in found.items() if name.startswith("3.1–3.3."))
    assert online["Điểm thẩm định"] == "chưa có số liệu"
    total = found["Tổng điểm đã có số liệu"]
    assert Decimal(str(total["Điểm tự chấm"])) - Decimal(str(total["Điểm thẩm định"])) == 2
