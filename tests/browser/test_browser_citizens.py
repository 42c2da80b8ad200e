"""What a citizen does, on a phone (390×844) and a laptop (1366×768) (issue 13, item 1 and
the citizens' side of item 7): from the home page one tap to each task; the rating form
on one screen with its codes typed any way; every unit valid today on the petition form,
found by typing; the published ranking readable without sideways scrolling; no rule-set
id and no English after the labels. Every page is checked with axe.

With TTHC_DOCS_SCREENSHOTS=1 the last test saves the pages at both sizes in docs/img/
(from the demo's two data sets; docs/citizens.md shows them).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from accessibility import assert_accessible

_TESTS = Path(__file__).resolve().parents[1]
for folder in ("ratings", "scoring", ""):
    if str(_TESTS / folder) not in sys.path:
        sys.path.append(str(_TESTS / folder))

from feedback_world import PROCEDURE_NAME, feedback_world_create  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SIZES = pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["390x844", "1366x768"])
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
# What a rule-set id looks like on a page (nd61-tt01 / dien-bien-1187, qd766 / national).
RULE_SET_ID = re.compile(r"nd61-tt01|dien-bien-1187|qd766|\bnational\b|@\d{4}\.\d")


@pytest.fixture
def at_size(browser, live_server, request) -> Iterator[object]:  # type: ignore[no-untyped-def]
    size = request.node.callspec.params["size"]
    context = browser.new_context(viewport=size, locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.viewport_size["width"]
    # On failure, name what sticks out: a bare "402 <= 390" says nothing about which element.
    wider = page.evaluate(
        """w => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > w)
                 .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
        width,
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, wider


def within_screen(page, locator) -> None:  # type: ignore[no-untyped-def]
    """The element is seen without scrolling: its box lies inside the viewport."""
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def citizens_words_only(page) -> None:  # type: ignore[no-untyped-def]
    """No rule-set id and no English repeated after a label (item 5)."""
    main = page.locator("main").inner_text()
    assert not RULE_SET_ID.search(main), RULE_SET_ID.search(main)
    assert page.locator("main [lang=en], .demo-banner [lang=en]").count() == 0


# 1. The home page: one tap to each task ------------------------------------------------

TASKS = {"Đánh giá hồ sơ": "/danh-gia/", "Gửi phản ánh, kiến nghị": "/phan-anh/gui/",
         "Tra cứu phản ánh": "/phan-anh/tra-cuu/", "Kết quả công khai": "/cong-khai/"}


@SIZES
def test_each_citizen_task_is_one_tap_from_the_home_page(at_size, size) -> None:  # type: ignore[no-untyped-def]
    page = at_size
    for name, path in TASKS.items():
        page.goto("/")
        task = page.get_by_role("link", name=re.compile(f"^{name}"))
        within_screen(page, task)  # all four on the first screen, phone included
        assert task.bounding_box()["height"] >= 44  # WCAG 2.5.5 target size
        task.click()
        page.wait_for_url(f"**{path}")
        assert page.locator("h1").first.is_visible()
        no_sideways_scroll(page)
        citizens_words_only(page)
        assert_accessible(page)
    page.goto("/")
    no_sideways_scroll(page)
    citizens_words_only(page)
    assert_accessible(page)


# 2. The rating page: one screen, codes typed any way -----------------------------------

@SIZES
@pytest.mark.parametrize("typed", ["demo stp 2020 018233", "demo.stp.2020.018233"])
def test_a_code_typed_with_spaces_or_dots_opens_the_one_screen_form(at_size, size, typed) -> None:  # type: ignore[no-untyped-def]
    from tthc.audit.services import audit_record
    from tthc.dossiers.models import Dossier
    from tthc.ratings.codes import verification_code
    from tthc.scoring.selectors import DEMO_LOADED_ACTION

    world = feedback_world_create()
    Dossier.objects.filter(pk=world.finished.pk).update(code="DEMO-STP-2020-018233")
    # The demo banner takes its line on every page: the form must fit with it.
    audit_record(actor="test", action=DEMO_LOADED_ACTION, object_type="demo", object_key="2020",
                 before=None, after=None)
    page = at_size
    page.goto("/danh-gia/")
    assert_accessible(page)
    page.get_by_label("Mã hồ sơ").fill(typed)
    page.get_by_label("Mã xác nhận").fill(verification_code("DEMO-STP-2020-018233").lower())
    page.get_by_role("button", name="Tiếp tục").click()

    page.wait_for_url("**/danh-gia/DEMO-STP-2020-018233/?m=*")
    assert PROCEDURE_NAME in page.content()
    assert "Dữ liệu minh họa" in page.content()
    within_screen(page, page.get_by_role("button", name="Gửi đánh giá"))
    no_sideways_scroll(page)
    citizens_words_only(page)
    assert_accessible(page)
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_url("**/danh-gia/cam-on/")
    citizens_words_only(page)
    assert_accessible(page)


# 3. The petition form: every unit valid today, found by typing --------------------------

def _units_after_the_reform() -> None:
    from tthc.organisation.models import Unit

    db = Unit.objects.create(code="DB", name="Tỉnh Điện Biên", kind="province")
    new = Unit.objects.create(code="X-THANHNUA", name="Xã Thanh Nưa", kind="commune", parent=db,
                              valid_from=date(2025, 7, 1))
    Unit.objects.create(code="GSO-03328", name="Xã Thanh Luông", kind="commune", parent=db,
                        valid_to=date(2025, 6, 30), successor=new)
    sxd = Unit.objects.create(code="SXD", name="Sở Xây dựng", kind="province_agency", parent=db)
    Unit.objects.create(code="SGTVT", name="Sở Giao thông vận tải", kind="province_agency", parent=db,
                        valid_to=date(2025, 2, 28), successor=sxd)
    Unit.objects.create(code="OLD", name="Sở đã giải thể", kind="province_agency", parent=db,
                        valid_to=date(2019, 6, 30))
    Unit.objects.create(code="STP", name="Sở Tư pháp", kind="province_agency", parent=db)
    Unit.objects.create(code="X-ANG", name="Xã Ẳng Nưa", kind="commune", parent=db)


@SIZES
def test_the_petition_form_offers_today_s_units_by_level_and_finds_old_names(at_size, size) -> None:  # type: ignore[no-untyped-def]
    from tthc.petitions.models import Petition

    _units_after_the_reform()
    page = at_size
    page.goto("/phan-anh/gui/")
    select = page.get_by_label("Cơ quan, đơn vị bị phản ánh, kiến nghị")
    groups = select.locator("optgroup")
    assert [groups.nth(i).get_attribute("label") for i in range(groups.count())] == ["Sở, ban, ngành", "UBND cấp xã"]
    agencies = groups.nth(0).locator("option").all_inner_texts()
    communes = groups.nth(1).locator("option").all_inner_texts()
    assert agencies == ["Sở Tư pháp", "Sở Xây dựng (kế nhiệm Sở Giao thông vận tải)"]
    assert communes == ["Xã Ẳng Nưa", "Xã Thanh Nưa (kế nhiệm Xã Thanh Luông)"]
    assert_accessible(page)
    no_sideways_scroll(page)
    citizens_words_only(page)

    search = page.get_by_label("Tìm theo tên (gõ vài chữ, không cần dấu)")
    search.fill("giao thong")  # the old name, without accents
    assert select.input_value() == "SXD"  # one match: chosen
    assert page.locator("option:not([hidden])[value]").evaluate_all("els => els.map(e => e.value)") == ["", "SXD"]
    assert "1 đơn vị phù hợp" in page.content()
    assert_accessible(page)
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill("Hồ sơ trễ hẹn, không được báo trước.")
    page.get_by_role("button", name="Gửi phản ánh").click()
    page.wait_for_url("**/phan-anh/gui/da-gui/")
    assert Petition.objects.get().unit.code == "SXD"
    citizens_words_only(page)
    assert_accessible(page)

    code = page.locator("#tracking-code").inner_text()
    page.goto("/phan-anh/tra-cuu/")
    page.get_by_label("Mã theo dõi").fill(code.lower().replace("-", "."))  # typed as read aloud
    page.get_by_role("button", name="Tra cứu").click()
    assert page.locator("#status-heading").inner_text() == f"Phản ánh {code}"
    no_sideways_scroll(page)
    citizens_words_only(page)
    assert_accessible(page)


def test_the_search_box_is_an_enhancement_the_form_works_without_it(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    _units_after_the_reform()
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url,
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto("/phan-anh/gui/")
    assert page.locator("input[type=search]").count() == 0
    page.get_by_label("Cơ quan, đơn vị bị phản ánh, kiến nghị").select_option("X-THANHNUA")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill("Không được hướng dẫn thành phần hồ sơ.")
    page.get_by_role("button", name="Gửi phản ánh").click()
    page.wait_for_url("**/phan-anh/gui/da-gui/")
    context.close()


# 4. The published ranking on a phone ----------------------------------------------------

def _totals_readable(page) -> None:  # type: ignore[no-untyped-def]
    """On a phone every total and class (the short tables) is seen without scrolling
    sideways; on a laptop the short tables give way to the wide ones, which scroll inside
    their own box if they must. The page itself never scrolls sideways."""
    narrow = page.viewport_size["width"] <= 640
    short = page.locator("table.narrow-only")
    assert short.count() > 0
    if narrow:
        for cell in page.locator("table.narrow-only td.total, table.narrow-only td[class^=class-]").all():
            box = cell.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    else:
        assert not any(table.is_visible() for table in short.all())
    no_sideways_scroll(page)


@SIZES
def test_a_published_quarter_reads_on_a_phone(at_size, size) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone
    from scoring_world import province
    from test_dashboards import score

    from tthc.scoring.models import Period, PeriodState

    province()
    score("2020-Q1")
    Period.objects.filter(code="2020-Q1").update(state=PeriodState.LOCKED, published_at=timezone.now(),
                                                 published_method="nd61-tt01", published_profile="dien-bien-1187")
    page = at_size
    page.goto("/cong-khai/")
    page.get_by_role("link", name="Quý I năm 2020").click()
    page.wait_for_url("**/cong-khai/2020-Q1/**")
    _totals_readable(page)
    citizens_words_only(page)
    assert_accessible(page)
    page.goto("/xep-hang/2020-Q1/")
    _totals_readable(page)
    citizens_words_only(page)
    assert_accessible(page)


@SIZES
def test_the_national_index_s_published_months_are_listed_and_read_on_a_phone(at_size, size) -> None:  # type: ignore[no-untyped-def]
    from index_world import PERIOD, index_world_create

    from tthc.scoring.selectors import period_label

    index_world_create(None).publish()
    page = at_size
    page.goto("/cong-khai/")
    heading = page.get_by_role("heading", name=re.compile("Quyết định 766"))
    assert heading.is_visible()  # the months under the index's own name
    citizens_words_only(page)
    assert_accessible(page)
    page.get_by_role("link", name=period_label(PERIOD)).click()
    page.wait_for_url(f"**/cong-khai/{PERIOD}/**")
    _totals_readable(page)
    citizens_words_only(page)
    assert_accessible(page)
    page.goto("/")
    assert page.get_by_role("link", name=period_label(PERIOD)).is_visible()  # listed on the home page too
    page.goto(f"/xep-hang/{PERIOD}/")
    _totals_readable(page)
    citizens_words_only(page)
    assert_accessible(page)


# Screenshots for docs/citizens.md ------------------------------------------------------

@pytest.mark.skipif(os.environ.get("TTHC_DOCS_SCREENSHOTS") != "1", reason="TTHC_DOCS_SCREENSHOTS=1 saves them")
def test_citizens_screenshots(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    from test_dashboards import score

    from tthc.demo.load import DATA_SETS, demo_load, load_data_set
    from tthc.dossiers.models import Dossier
    from tthc.evaluation.demo import demo_cycle
    from tthc.ratings.codes import verification_code

    demo_load(dossiers=1500, seed=1)
    load_data_set(DATA_SETS["2026"], dossiers=1500, seed=1)
    score("2020-Q1", "2020-Q2")
    from django.core.management import call_command
    for month in ("2026-08", "2026-09"):
        call_command("score", "--period", month)
    demo_cycle()
    dossier = Dossier.objects.filter(status="returned", received_by__isnull=False).order_by("code").first()
    pages = {"home": "/", "rating": f"/danh-gia/{dossier.code}/?m={verification_code(dossier.code)}",
             "petition": "/phan-anh/gui/", "public": "/cong-khai/", "public-quarter": "/cong-khai/2020-Q2/",
             "public-month": "/cong-khai/2026-09/"}
    for label, size in (("phone", PHONE), ("laptop", LAPTOP)):
        context = browser.new_context(viewport=size, locale="vi-VN", base_url=live_server.url)
        page = context.new_page()
        for name, path in pages.items():
            page.goto(path)
            page.screenshot(path=str(DOCS_IMG / f"citizens-{name}-{label}.png"))
        context.close()
