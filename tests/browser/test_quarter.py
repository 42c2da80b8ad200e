"""One full quarter in Chromium, as the province runs it (issue 5):

the appraiser computes 2020-Q1 and opens the self-assessment → STP's leader explains an
indicator → the appraiser moves to appraisal and deducts points with a reason →
publishes → the public page shows the period with the appraised total → the locked
period refuses edits → the appraiser reopens it with a reason → the audit log shows it.
The main pages pass axe (WCAG 2.1 AA) on the way.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from accessibility import assert_accessible

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scoring"))

from scoring_world import province

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1360, "height": 900}
PASSWORD = "mat-khau-thu-nghiem-2020"
REASON = "Kiểm tra thực tế: niêm yết thủ tục chưa đầy đủ"
REOPEN = "Sở Tư pháp khiếu nại điểm chỉ số; thẩm định lại"


def accounts_create() -> None:
    """An appraiser, and the leader of Sở Tư pháp (STP)."""
    from django.contrib.auth import get_user_model

    from tthc.access.models import AgencyLeader
    from tthc.organisation.models import Unit
    from tthc.web.services import appraiser_group_ensure

    users = get_user_model().objects
    appraiser = users.create_user("thamdinh-thu", None, PASSWORD, is_staff=True)
    appraiser.groups.add(appraiser_group_ensure())
    leader = users.create_user("lanhdao-thu", None, PASSWORD)
    AgencyLeader.objects.create(user=leader, unit=Unit.objects.get(code="STP"))


@pytest.fixture
def session(browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh desktop browser session per person (new_session()); closed at the end."""
    contexts = []

    def new_session(username: str | None = None):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        if username:
            page.goto("/dang-nhap/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            with page.expect_navigation():
                page.get_by_role("button", name="Đăng nhập").click()
        return page

    yield new_session
    for context in contexts:
        context.close()


def click(page, name: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def message(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator(".messages").inner_text()


def test_a_full_quarter_from_computing_to_an_audited_reopening(session) -> None:  # type: ignore[no-untyped-def]
    province()
    accounts_create()
    appraiser = session("thamdinh-thu")

    # 1. Compute the quarter from its dossiers.
    appraiser.goto("/ky/")
    assert_accessible(appraiser)
    appraiser.fill("#id_period", "2020-Q1")
    click(appraiser, "Tính điểm")
    assert appraiser.url.endswith("/ky/2020-Q1/")
    assert "Đã tính điểm kỳ 2020-Q1" in message(appraiser)
    assert appraiser.locator("[aria-current=step]").inner_text().startswith("2. Tính điểm")
    assert_accessible(appraiser)

    # 2. Open the self-assessment.
    click(appraiser, "Mở bước tự đánh giá")
    assert "Cơ quan tự đánh giá" in message(appraiser)

    # 3. The agency's leader explains indicator 3.
    leader = session("lanhdao-thu")
    leader.goto("/ky/2020-Q1/")
    assert leader.get_by_role("button", name="Chuyển sang thẩm định").count() == 0
    with leader.expect_navigation():
        leader.get_by_role("link", name=re.compile("Tự đánh giá, giải trình của Sở Tư pháp")).click()
    leader.fill("#explanation_3", "Phải lấy ý kiến Sở Xây dựng nên kéo dài thời gian")
    click(leader, "Lưu giải trình")
    assert "Đã lưu giải trình tự đánh giá." in message(leader)
    assert_accessible(leader)

    # 4. Appraisal: a deduction on the first indicator with points, refused without a reason.
    appraiser.reload()
    click(appraiser, "Chuyển sang thẩm định")
    appraiser.goto("/ky/2020-Q1/tham-dinh/")
    assert "Xếp loại, xếp hạng tạm tính" in appraiser.content()
    assert_accessible(appraiser)
    with appraiser.expect_navigation():
        appraiser.get_by_role("link", name="Sở Tư pháp").click()
    assert "Phải lấy ý kiến Sở Xây dựng" in appraiser.content()
    number, self_points = next(
        (n, Decimal(value.replace(",", "."))) for n in range(1, 10)
        if (value := appraiser.locator(f"#points_{n}").get_attribute("value")
            if appraiser.locator(f"#points_{n}").count() else "0,0") != "0,0")
    lowered = max(self_points - Decimal("0.5"), Decimal("0"))
    typed = f"{lowered:.1f}".replace(".", ",")
    appraiser.fill(f"#points_{number}", typed)
    click(appraiser, "Lưu điểm thẩm định")
    assert appraiser.locator(f"#error_{number}").inner_text().endswith("phải ghi rõ lý do.")
    assert appraiser.locator(f"#points_{number}").get_attribute("value") == typed  # kept
    assert_accessible(appraiser)
    appraiser.fill(f"#reason_{number}", REASON)
    click(appraiser, "Lưu điểm thẩm định")
    assert "Đã lưu điểm thẩm định của Sở Tư pháp." in message(appraiser)
    facts = appraiser.locator(".run-facts").inner_text()
    self_total = Decimal(re.search(r"Tổng điểm tự chấm\s+([\d,]+)", facts)[1].replace(",", "."))
    appraised = f"{self_total - (self_points - lowered):.1f}".replace(".", ",")
    assert re.search(rf"Tổng điểm sau thẩm định\s+{appraised} — .+\s+Tạm tính", facts)

    # 5. Approve and publish, after confirming.
    appraiser.goto("/ky/2020-Q1/")
    appraiser.check("#confirm-publish")
    click(appraiser, "Phê duyệt và công bố")
    assert "Đã phê duyệt và công bố kỳ 2020-Q1" in message(appraiser)

    # 6. The public sees the period and STP's appraised total.
    public = session()
    public.goto("/cong-khai/")
    assert_accessible(public)
    with public.expect_navigation():
        public.get_by_role("link", name="Quý I năm 2020").click()
    stp = public.locator("tr", has_text="Sở Tư pháp (STP)").inner_text()
    assert appraised in stp.split()
    assert "tạm tính" not in public.content().lower()
    assert_accessible(public)

    # 7. The locked period refuses edits, and says why.
    leader.goto("/ky/2020-Q1/tu-danh-gia/STP/")
    assert leader.locator("textarea").count() == 0
    assert "Kỳ đã phê duyệt, công bố và khóa" in leader.locator("#read-only-reason").inner_text()
    appraiser.goto("/ky/2020-Q1/tham-dinh/STP/")
    assert appraiser.locator("input[name^=points_]").count() == 0
    assert "khóa" in appraiser.locator("#read-only-reason").inner_text()

    # 8. The appraiser reopens it with a reason.
    appraiser.goto("/ky/2020-Q1/")
    assert_accessible(appraiser)
    appraiser.fill("#id_reason", REOPEN)
    click(appraiser, "Mở lại kỳ")
    assert "Đã mở lại kỳ 2020-Q1" in message(appraiser)
    assert "Đang thẩm định" in appraiser.locator(".run-facts").inner_text()
    public.goto("/cong-khai/2020-Q1/")
    assert "Không tìm thấy trang" in public.content()

    # 9. The audit log shows the reopening, who did it and why.
    appraiser.goto("/nhat-ky/?key_prefix=2020-Q1")
    row = appraiser.locator("tr", has_text="Mở lại kỳ đã công bố").inner_text()
    assert "thamdinh-thu" in row and REOPEN in row
    for action in ("Phê duyệt, công bố kỳ", "Điểm thẩm định", "Giải trình tự đánh giá",
                   "Tính điểm kỳ"):
        assert appraiser.locator("tr", has_text=action).count() >= 1
    assert_accessible(appraiser)
