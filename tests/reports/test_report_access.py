"""Who may download which report: every role × every report, published or not."""

from __future__ import annotations

import pytest
from report_world import PUBLISHED, UNPUBLISHED, World

ROLES = ("admin", "appraiser", "leader", "other_leader", "desk", "desk_other", "outsider",
         "anonymous")
OK, LOGIN, FORBIDDEN, MISSING = 200, 302, 403, 404

URLS = {
    "c": "/bao-cao/{period}/tong-hop.xlsx",
    "b": "/bao-cao/{period}/don-vi/STP.xlsx",
    "a_unit": "/bao-cao/{period}/can-bo-don-vi/STP.xlsx",
    "a": "/bao-cao/{period}/can-bo/CB-STP-1.xlsx",
}
# Expected status per report, per role, in the order of ROLES.
MATRIX = {
    (PUBLISHED, "c"): (OK, OK, OK, OK, OK, OK, OK, OK),
    (PUBLISHED, "b"): (OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    (PUBLISHED, "a_unit"): (OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, LOGIN),
    (PUBLISHED, "a"): (OK, OK, OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, LOGIN),
    # Unpublished: the public does not see the period at all; other agencies' data are
    # refused to the leaders and desk officials.
    (UNPUBLISHED, "c"): (OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, MISSING, MISSING),
    (UNPUBLISHED, "b"): (OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, MISSING, MISSING),
    (UNPUBLISHED, "a_unit"): (OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, MISSING, MISSING),
    (UNPUBLISHED, "a"): (OK, OK, OK, FORBIDDEN, OK, FORBIDDEN, MISSING, MISSING),
}
CASES = [(period, report, role, expected[index])
         for (period, report), expected in MATRIX.items() for index, role in enumerate(ROLES)]


@pytest.mark.parametrize(("period", "report", "role", "status"), CASES,
                         ids=[f"{p}-{r}-{who}" for p, r, who, _ in CASES])
def test_download_permissions(world: World, period: str, report: str, role: str,
                              status: int) -> None:
    url = URLS[report].format(period=period)
    response = world.client(role).get(url)
    assert response.status_code == status
    if status == OK:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert response.content[:2] == b"PK"  # a zip: an XLSX, not an empty page
    elif status == LOGIN:
        assert response["Location"].startswith("/dang-nhap/?next=")
    elif status == FORBIDDEN:
        assert "quyền" in response.content.decode()
        assert not response.get("Content-Disposition")


def test_pdf_download(world: World) -> None:
    response = world.client("leader").get(f"/bao-cao/{UNPUBLISHED}/don-vi/STP.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-b-2020-Q2-STP.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("url", [
    "/bao-cao/2019-Q1/tong-hop.xlsx",
    f"/bao-cao/{PUBLISHED}/don-vi/NOPE.xlsx",
    f"/bao-cao/{PUBLISHED}/can-bo-don-vi/NOPE.pdf",
    f"/bao-cao/{PUBLISHED}/can-bo/NOPE.xlsx",
    f"/bao-cao/{PUBLISHED}/tong-hop.docx",
    f"/bao-cao/{PUBLISHED}/tong-hop.xlsx?profile=Not%20a%20profile",
    f"/bao-cao/{PUBLISHED}/tong-hop.xlsx?profile=other-province",
])
@pytest.mark.parametrize("role", ["admin", "leader"])
def test_unknown_objects_are_404(world: World, url: str, role: str) -> None:
    assert world.client(role).get(url).status_code == 404


def test_official_without_a_score_in_the_period_is_404(world: World) -> None:
    from tthc.organisation.models import Official, Unit

    Official.objects.create(code="CB-NEW", full_name="Quàng Thị Mai",
                            unit=Unit.objects.get(code="STP"))
    assert world.client("admin").get(f"/bao-cao/{PUBLISHED}/can-bo/CB-NEW.xlsx").status_code == 404


def test_only_reads_are_allowed(world: World) -> None:
    assert world.client("admin").post(f"/bao-cao/{PUBLISHED}/tong-hop.xlsx").status_code == 405
