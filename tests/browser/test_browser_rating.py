"""A citizen rates a dossier on a phone: by the receipt's QR link or by typed codes.

Every public page passes axe (WCAG 2.1 AA) and the form works with the keyboard alone.
With `make screenshots` the demo's phone page and receipt are saved in docs/img/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from accessibility import assert_accessible
from screenshots import for_docs, shot_folder

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ratings"))  # feedback_world

from feedback_world import PROCEDURE_NAME, FeedbackWorld, feedback_world_create

from tthc.ratings.codes import verification_code
from tthc.ratings.models import Rating

pytestmark = pytest.mark.django_db(transaction=True)
THANKS = "Cảm ơn ông/bà đã đánh giá"
ALREADY = "Hồ sơ này đã được đánh giá"
WRONG = "Mã hồ sơ hoặc mã xác nhận không đúng"




@pytest.fixture
def world(transactional_db: None) -> FeedbackWorld:
    return feedback_world_create()


def heading(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("h1").first.inner_text()


def test_qr_link_rate_thanks(page, world: FeedbackWorld) -> None:  # type: ignore[no-untyped-def]
    page.goto(world.rate_url(world.finished))
    assert PROCEDURE_NAME in page.content()
    assert_accessible(page)

    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_label("1 cơ quan").check()
    page.get_by_label("Cả hai").check()
    page.get_by_label("Ý kiến khác (không bắt buộc)").fill("Cán bộ hướng dẫn rất chu đáo")
    page.get_by_role("button", name="Gửi đánh giá").click()

    page.wait_for_url("**/danh-gia/cam-on/")
    assert heading(page) == THANKS
    assert_accessible(page)
    rating = Rating.objects.get(dossier=world.finished)
    assert (rating.channel, rating.satisfaction, rating.agencies_contacted, rating.disclosure_seen) == (
        "qr", "satisfied", 1, "both")
    assert rating.comment == "Cán bộ hướng dẫn rất chu đáo"
    assert len(rating.fingerprint) == 32


def test_the_same_dossier_again_is_refused(page, world: FeedbackWorld) -> None:  # type: ignore[no-untyped-def]
    second = page.context.new_page()  # the link opened twice, e.g. by two family members
    second.goto(world.rate_url(world.finished))
    page.goto(world.rate_url(world.finished))
    page.get_by_label("Rất hài lòng").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_url("**/danh-gia/cam-on/")

    second.get_by_label("Rất không hài lòng").check()
    second.get_by_role("button", name="Gửi đánh giá").click()

    assert heading(second) == ALREADY
    assert "ý kiến đã gửi trước đó được giữ nguyên" in second.content()
    assert_accessible(second)
    assert Rating.objects.get(dossier=world.finished).satisfaction == "very_satisfied"
    page.goto(world.rate_url(world.finished))  # the link again: said at once, no form
    assert heading(page) == ALREADY
    assert page.locator("input[name=satisfaction]").count() == 0


def test_typed_codes_without_or_with_a_wrong_code_are_refused(page, world: FeedbackWorld) -> None:  # type: ignore[no-untyped-def]
    page.goto("/danh-gia/")
    assert_accessible(page)
    page.get_by_label("Mã hồ sơ").fill(world.finished.code)
    page.get_by_role("button", name="Tiếp tục").click()
    assert "Xin nhập mã xác nhận in trên giấy hẹn trả kết quả." in page.content()
    assert page.get_by_label("Mã xác nhận").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    page.get_by_label("Mã xác nhận").fill("ABCD EFGH")
    page.get_by_role("button", name="Tiếp tục").click()
    assert WRONG in page.locator("[role=alert]").inner_text()
    assert PROCEDURE_NAME not in page.content()
    assert_accessible(page)

    page.goto(world.rate_url(world.finished, "ABCDEFGH"))  # a forged link
    assert WRONG in page.content()
    assert not Rating.objects.exists()

    page.get_by_label("Mã xác nhận").fill(verification_code(world.finished.code).lower())
    page.get_by_role("button", name="Tiếp tục").click()
    assert PROCEDURE_NAME in page.content()
    page.get_by_label("Bình thường").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_url("**/danh-gia/cam-on/")
    assert Rating.objects.get(dossier=world.finished).channel == "online"


def test_keyboard_only_rating(page, world: FeedbackWorld) -> None:  # type: ignore[no-untyped-def]
    page.goto(world.rate_url(world.finished))

    def focused() -> dict:
        return page.evaluate("() => ({name: document.activeElement.name || '', "
                             "type: document.activeElement.type || '', value: document.activeElement.value || '', "
                             "text: document.activeElement.innerText || ''})")

    for _ in range(10):  # Tab to the first level
        page.keyboard.press("Tab")
        if focused()["name"] == "satisfaction":
            break
    assert focused()["value"] == "very_satisfied"
    outline = page.evaluate("() => getComputedStyle(document.activeElement.closest('label')).outlineStyle")
    assert outline != "none"  # the focused choice is visible
    page.keyboard.press("ArrowDown")  # moves to and selects the next level …
    assert focused()["value"] == "satisfied"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")  # … and Space selects the focused one
    assert page.get_by_label("Rất hài lòng").is_checked()

    for _ in range(10):  # Tab through the optional questions and the comment to Gửi
        page.keyboard.press("Tab")
        if focused()["type"] == "submit":
            break
    assert focused()["text"].startswith("Gửi đánh giá")
    page.keyboard.press("Enter")

    page.wait_for_url("**/danh-gia/cam-on/")
    rating = Rating.objects.get(dossier=world.finished)
    assert (rating.satisfaction, rating.agencies_contacted, rating.disclosure_seen) == ("very_satisfied", None, None)


def test_keyboard_only_code_lookup(page, world: FeedbackWorld) -> None:  # type: ignore[no-untyped-def]
    page.goto("/danh-gia/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == "dossier_code":
            break
    page.keyboard.type(world.finished.code)
    page.keyboard.press("Tab")
    page.keyboard.type(verification_code(world.finished.code))
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/danh-gia/{world.finished.code}/?m=*")
    assert PROCEDURE_NAME in page.content()


def test_the_rating_form_fits_one_phone_screen(page, world: FeedbackWorld) -> None:  # type: ignore[no-untyped-def]
    page.goto(world.rate_url(world.finished))

    send = page.get_by_role("button", name="Gửi đánh giá").bounding_box()
    levels = page.locator("label.choice").first.bounding_box()

    assert send["y"] + send["height"] <= page.viewport_size["height"]  # Gửi visible without scrolling
    assert levels["height"] >= 44  # WCAG 2.5.5 target size
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_refused_in_progress_and_429_pages_are_accessible(page, world: FeedbackWorld) -> None:  # type: ignore[no-untyped-def]
    page.goto(world.rate_url(world.processing))
    assert "sau khi nhận kết quả" in page.content()
    assert_accessible(page)

    for _ in range(5):
        page.goto(world.rate_url(world.finished, "GUESSAAA"))
    page.goto(world.rate_url(world.finished))
    assert heading(page) == "Quá nhiều yêu cầu"
    assert_accessible(page)


def test_demo_screenshots(page, transactional_db: None, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tthc.demo.load import demo_load
    from tthc.dossiers.models import Dossier
    from tthc.ratings.receipts import receipt_document

    demo_load(dossiers=300, seed=1)
    dossier = Dossier.objects.filter(status="returned", received_by__isnull=False).order_by("code").first()
    page.goto(f"/danh-gia/{dossier.code}/?m={verification_code(dossier.code)}")
    assert "Dữ liệu minh họa" in page.content()
    page.get_by_label("Hài lòng", exact=True).check()
    phone = tmp_path / "phone-rating.png"
    page.screenshot(path=str(phone))

    # The address `make run` serves, rather than the live server's random port.
    pdf = receipt_document(dossier_code=dossier.code, site_url="http://127.0.0.1:8000", demo=True)
    (tmp_path / "receipt.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", "-f", "1", "-l", "1",
                    str(tmp_path / "receipt.pdf"), str(tmp_path / "receipt")], check=True)
    receipt = tmp_path / "receipt.png"
    assert phone.stat().st_size > 10_000 and receipt.stat().st_size > 10_000
    if for_docs():
        shutil.copyfile(phone, shot_folder(tmp_path) / "phone-rating.png")
        shutil.copyfile(receipt, shot_folder(tmp_path) / "receipt.png")
