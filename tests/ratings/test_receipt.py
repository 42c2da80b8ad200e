"""The receipt and appointment slip: who may print it, and what the PDF says."""

from __future__ import annotations

import io
import re

import pytest
import segno
from django.core.management import CommandError, call_command
from django.test import Client
from feedback_world import DESK_NAME, PROCEDURE_NAME, FeedbackWorld, at
from personas import Personas
from pypdf import PdfReader

from tthc.audit.models import AuditEntry
from tthc.ratings import receipts, selectors
from tthc.ratings.codes import verification_code
from tthc.scoring.selectors import DEMO_LOADED_ACTION

pytestmark = pytest.mark.django_db

HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
           "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
MM = 72 / 25.4


def url(world: FeedbackWorld, query: str = "") -> str:
    return f"/danh-gia/bien-nhan/{world.finished.code}.pdf{query}"


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"[ \t]+", " ", text)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_anonymous_visitors_are_sent_to_log_in(world: FeedbackWorld) -> None:
    response = Client().get(url(world))

    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=/danh-gia/bien-nhan/")


def test_staff_the_receiver_and_the_desk_may_print(world: FeedbackWorld, personas: Personas) -> None:
    for user in (personas.admin, personas.appraiser, world.receiver, world.colleague):
        response = logged_in(user).get(url(world))
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"] == 'inline; filename="giay-tiep-nhan-HS-2020-0001.pdf"'


def test_others_get_404_whether_or_not_the_dossier_exists(world: FeedbackWorld, personas: Personas) -> None:
    for user in (personas.outsider, world.stranger):
        assert logged_in(user).get(url(world)).status_code == 404
        assert logged_in(user).get("/danh-gia/bien-nhan/HS-2020-9999.pdf").status_code == 404
    # The receiver's desk is not the other desk.
    assert logged_in(world.receiver).get(f"/danh-gia/bien-nhan/{world.other_desk.code}.pdf").status_code == 404
    assert logged_in(personas.admin).get("/danh-gia/bien-nhan/HS-2020-9999.pdf").status_code == 404


def test_the_pdf_has_the_heading_the_dossier_and_the_code(world: FeedbackWorld, personas: Personas,
                                                         settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = ["dichvucong.example.vn"]
    response = logged_in(personas.appraiser).get(url(world), HTTP_HOST="dichvucong.example.vn")
    reader, text = pdf_text(response.content)
    code = verification_code(world.finished.code)

    words = flat(text)
    for expected in (*HEADING, "SỞ TƯ PHÁP TỈNH ĐIỆN BIÊN", DESK_NAME.upper(), "HS-2020-0001",
                     "ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG", "Lò Thị Hoa", "10 ngày làm việc",
                     "08 giờ 15 phút, ngày 03 tháng 02 năm 2020", "17 giờ 00 phút, ngày 17 tháng 02 năm 2020",
                     f"{code[:4]} {code[4:]}", "nhập mã hồ sơ và mã xác nhận"):
        assert expected in words, expected
    assert flat(PROCEDURE_NAME) in words
    assert "Dữ liệu minh họa" not in words
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width / MM), round(height / MM)) == (210, 297)
    # The QR code is a link too: the PDF's annotation opens the rating page.
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])
             if a.get_object().get("/A", {}).get("/URI")]
    assert f"http://dichvucong.example.vn/danh-gia/HS-2020-0001/?m={code}" in links
    assert "http://dichvucong.example.vn/danh-gia/" in links


def test_a5_and_the_demo_mark(world: FeedbackWorld, personas: Personas) -> None:
    AuditEntry.objects.create(actor="demo", action=DEMO_LOADED_ACTION, object_type="dataset", object_key="x")

    response = logged_in(personas.appraiser).get(url(world, "?size=a5"))
    reader, text = pdf_text(response.content)

    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width / MM), round(height / MM)) == (148, 210)
    assert len(reader.pages) == 1
    assert "Dữ liệu minh họa" in flat(text)
    assert HEADING[0] in flat(text)


def test_the_html_carries_the_qr_code_of_the_rating_link(world: FeedbackWorld) -> None:
    receipt = selectors.receipt_for(code=world.finished.code)
    assert receipt is not None
    links = receipts.rating_links(site_url="https://danhgia.dienbien.example/", dossier_code=receipt.code)
    code = verification_code(receipt.code)

    html = receipts.receipt_html(receipt=receipt, links=links, verification_code=code)

    rating_url = f"https://danhgia.dienbien.example/danh-gia/HS-2020-0001/?m={code}"
    assert links.rating_url == rating_url
    assert f'<a href="{rating_url}">' in html
    expected_svg = segno.make(rating_url, error="m", micro=False).svg_inline(
        border=4, omitsize=True, title="Mã QR đánh giá hồ sơ HS-2020-0001", svgclass="qr",
        lineclass="qr-modules")
    assert expected_svg in html  # the symbol drawn is exactly the link's QR code
    assert '"Times New Roman", "Liberation Serif", serif' in html
    assert '<html lang="vi">' in html


def test_a_dossier_without_due_date_or_official_still_prints(world: FeedbackWorld) -> None:
    world.processing.due_at = None
    world.processing.save()
    receipt = selectors.receipt_for(code=world.processing.code)
    assert receipt is not None and receipt.due_at is None and receipt.received_by_name == ""
    links = receipts.rating_links(site_url="http://x", dossier_code=receipt.code)

    _, text = pdf_text(receipts.receipt_pdf(receipt=receipt, links=links, verification_code="ABCDEFGH"))

    # A blank line for the official to write the date in, not a made-up date.
    assert re.search(r"Thời gian trả kết quả giải quyết hồ sơ: ?Hình thức nhận kết quả", flat(text))
    assert "ABCD EFGH" in text


def test_unknown_sizes_are_refused_by_the_renderer(world: FeedbackWorld) -> None:
    receipt = selectors.receipt_for(code=world.finished.code)
    links = receipts.rating_links(site_url="http://x", dossier_code=world.finished.code)
    with pytest.raises(ValueError, match="size"):
        receipts.receipt_html(receipt=receipt, links=links, verification_code="A", size="letter")


def test_receipt_moments_are_local_time(world: FeedbackWorld) -> None:
    world.finished.received_at = at("2020-02-03 23:30")  # 16:30 UTC: the same day in Hà Nội
    world.finished.save()
    receipt = selectors.receipt_for(code=world.finished.code)
    links = receipts.rating_links(site_url="http://x", dossier_code=world.finished.code)

    html = receipts.receipt_html(receipt=receipt, links=links, verification_code="A")

    assert "23 giờ 30 phút, ngày 03 tháng 02 năm 2020" in html


def test_the_command_writes_the_pdf(world: FeedbackWorld, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "slip.pdf"

    call_command("receipt", world.finished.code, "--out", str(out), "--size", "a5",
                 "--site", "https://danhgia.example.vn", stdout=io.StringIO())

    reader, text = pdf_text(out.read_bytes())
    assert HEADING[2] in flat(text)
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0]["/Annots"]]
    assert f"https://danhgia.example.vn/danh-gia/HS-2020-0001/?m={verification_code('HS-2020-0001')}" in links
    with pytest.raises(CommandError, match="Không có hồ sơ"):
        call_command("receipt", "HS-2020-9999", "--out", str(out), "--site", "https://danhgia.example.vn")
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("receipt", world.finished.code, "--out", str(out), "--site", "danhgia.example.vn")


def test_an_agency_receiving_at_its_own_desk_is_named_with_its_desk(world: FeedbackWorld) -> None:
    receipt = selectors.receipt_for(code=world.other_desk.code)

    assert receipts.issuer_lines(receipt) == ("Ủy ban nhân dân huyện Điện Biên", "Bộ phận Tiếp nhận và Trả kết quả")
    assert receipts.issuer_lines(selectors.receipt_for(code=world.finished.code)) == (
        "Sở Tư pháp tỉnh Điện Biên", DESK_NAME)


def test_a_nul_in_the_address_is_no_dossier(world: FeedbackWorld, personas: Personas) -> None:
    assert logged_in(personas.admin).get("/danh-gia/bien-nhan/HS%00.pdf").status_code == 404
