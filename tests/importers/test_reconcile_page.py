"""The reconciliation pages (/so-lieu-cong/…): the appraiser reads every unit's lines and
the unmatched units, a leader only their own unit's; the workbook holds the same lines
with the portal's texts as text; a unit's imports side by side and its months. Who may
open each page is the permission matrix (tests/access)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from portal_answers import encoded, metric, shape_a, unit_a
from reconcile_world import reconciled_month
from test_index_score import PERIOD

from tthc.access.models import AgencyLeader
from tthc.importers.portal_index_services import portal_index_import

pytestmark = pytest.mark.django_db
URL = f"/so-lieu-cong/{PERIOD}/"


def _leader_of(unit) -> Client:  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(f"lanh-dao-{unit.code}", None, None)
    AgencyLeader.objects.create(user=user, unit=unit)
    client = Client()
    client.force_login(user)
    return client


def test_the_appraiser_reads_every_line_flag_and_unmatched_unit(personas) -> None:  # type: ignore[no-untyped-def]
    reconciled_month()
    page = personas.client("appraiser").get(URL).content.decode()
    assert "Đối chiếu với số liệu Cổng công bố" in page
    assert "Sở Xây dựng" in page and "Điểm Cổng không khớp công thức" in page
    assert "Cổng ghi chú: TEMPORARY_DENOMINATOR — Mẫu số tạm tính" in page
    assert "H11.999" in page and "Xã Không Có" in page
    assert "Nhập số liệu Cổng công bố" in page  # the appraiser imports


def test_a_leader_sees_only_their_own_units_lines(personas) -> None:  # type: ignore[no-untyped-def]
    world = reconciled_month()
    own = _leader_of(world["SXD"]).get(URL).content.decode()
    assert "Sở Xây dựng" in own and "H11.999" not in own and "Nhập số liệu Cổng công bố" not in own
    other_leader = _leader_of(world["STP"])
    other = other_leader.get(URL).content.decode()
    assert "Sở Xây dựng" not in other and "chưa công bố (hoặc chưa nhập) số liệu của đơn vị mình" in other
    book = load_workbook(io.BytesIO(other_leader.get(f"{URL}doi-chieu.xlsx").content))
    assert list(book.active.iter_rows(min_row=2, values_only=True)) == []


def test_the_workbook_holds_the_lines_sorted_and_texts_as_text(personas) -> None:  # type: ignore[no-untyped-def]
    world = reconciled_month()
    world["SXD"].name = "=HYPERLINK(\"http://x\")"
    world["SXD"].save(update_fields=["name"])
    response = personas.client("appraiser").get(f"{URL}doi-chieu.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="doi-chieu-cong-{PERIOD}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    sheet = book[f"Đối chiếu {PERIOD}"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    stakes = [row["Điểm cần giải thích"] for row in rows]
    assert stakes == sorted(stakes, reverse=True)
    named = sheet.cell(row=2, column=header.index("Tên đơn vị") + 1)
    assert named.data_type == "s" and named.value.startswith("=")
    assert any(row["Điểm Cổng khớp công thức"] == "không khớp" for row in rows)
    assert book["Đơn vị chưa khớp"].cell(row=2, column=1).value == "H11.999"


def test_a_units_imports_side_by_side_and_its_months(personas) -> None:  # type: ignore[no-untyped-def]
    reconciled_month()
    # The portal revised 1.4 of September: the newer answer is current, the older kept.
    revised = shape_a([unit_a("Sở Xây dựng - Tỉnh Điện Biên", [metric("DOSSIER_SYNC", 1, 2, 50, 3, 6)],
                              code="H11.05")])
    portal_index_import(files=[("transparency-sua.json", encoded(revised))], period=PERIOD, actor="test")
    page = personas.client("appraiser").get(f"{URL}don-vi/SXD/").content.decode()
    assert "transparency.json · lịch sử" in page and "transparency-sua.json · đang dùng" in page
    assert "có thay đổi" in page
    assert 'data-chart="line"' in page and "Tháng 9 năm 2026" in page


def test_an_impossible_period_is_not_found(personas) -> None:  # type: ignore[no-untyped-def]
    assert personas.client("appraiser").get("/so-lieu-cong/2026-13/").status_code == 404


def test_page_two_has_numbered_links_that_keep_the_query(personas, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tthc.importers import reconcile_views

    reconciled_month()
    monkeypatch.setattr(reconcile_views, "PER_PAGE", 1)
    html = personas.client("appraiser").get(f"{URL}?tu=cong&trang=2").content.decode()
    assert 'aria-current="page">2<' in html and 'href="?tu=cong&amp;trang=1"' in html
    assert 'href="?tu=cong&amp;trang=3"' in html and 'rel="next"' in html
