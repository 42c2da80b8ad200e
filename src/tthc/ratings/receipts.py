"""The receipt and appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết quả) as a PDF.

The renderers are pure: a `Receipt`, the rating link and the code in, HTML or PDF bytes
out. The slip carries the QR code of the rating link and the verification code printed
large, so that a citizen without a camera can type it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import codes, selectors
from .selectors import Receipt

# Printers at One-Stop desks take A4; many desks cut A4 sheets in two for slips.
SIZES = ("a4", "a5")


@dataclass(frozen=True)
class ReceiptLinks:
    rating_url: str  # what the QR code opens: the rating page with the verification code
    start_url: str  # where a citizen types the dossier code and the verification code


def rating_links(*, site_url: str, dossier_code: str) -> ReceiptLinks:
    """The receipt's links on the site at `site_url` (scheme and host, no trailing slash)."""
    site_url = site_url.rstrip("/")
    rate_path = reverse("ratings:rate", args=[dossier_code])
    return ReceiptLinks(
        rating_url=f"{site_url}{rate_path}?m={codes.verification_code(dossier_code)}",
        start_url=f"{site_url}{reverse('ratings:start')}",
    )


def qr_svg(url: str, *, title: str) -> str:
    """The QR code of `url` as inline SVG, sized by the page's CSS (no width or height).

    The template inserts it with `|safe`: segno escapes the title, the only text in it
    (the dossier code, which is imported), and the URL is encoded in the modules."""
    # Level M survives a smudge or a fold; at this length it stays a small symbol.
    return segno.make(url, error="m", micro=False).svg_inline(
        border=4, omitsize=True, title=title, svgclass="qr", lineclass="qr-modules")


def spaced_code(code: str) -> str:
    """ABCD EFGH: two groups of four are easier to read aloud and to type."""
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))


def _moment(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def _heading_date(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def issuer_lines(receipt: Receipt) -> tuple[str, str]:
    """The two lines of the issuer's heading: the body above, the issuing desk in bold."""
    if receipt.desk_name.casefold().startswith(("bộ phận", "trung tâm")):
        return receipt.issuer_parent_name, receipt.desk_name
    # The desk is the agency itself (as in most imported data): name its desk under it.
    return receipt.desk_name, "Bộ phận Tiếp nhận và Trả kết quả"


def receipt_html(*, receipt: Receipt, links: ReceiptLinks, verification_code: str,
                 size: str = "a4", demo: bool = False) -> str:
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, not {size!r}")
    return render_to_string("ratings/receipt.html", {
        "r": receipt,
        "issuer": issuer_lines(receipt),
        "size": size,
        "demo": demo,
        "links": links,
        "qr": qr_svg(links.rating_url, title=f"Mã QR đánh giá hồ sơ {receipt.code}"),
        "code": spaced_code(verification_code),
        "received": _moment(receipt.received_at),
        "due": _moment(receipt.due_at),
        "heading_date": _heading_date(receipt.received_at),
    })


def receipt_pdf(*, receipt: Receipt, links: ReceiptLinks, verification_code: str,
                size: str = "a4", demo: bool = False) -> bytes:
    # Imported here: WeasyPrint loads Pango on import, which no other page needs.
    from weasyprint import HTML

    html = receipt_html(receipt=receipt, links=links, verification_code=verification_code,
                        size=size, demo=demo)
    # No base URL: the page fetches nothing (fonts are local, the QR code is inline).
    return HTML(string=html).write_pdf()


def receipt_document(*, dossier_code: str, site_url: str, size: str = "a4",
                     demo: bool = False) -> bytes | None:
    """The PDF of a dossier's receipt, or None when there is no such dossier."""
    receipt = selectors.receipt_for(code=dossier_code)
    if receipt is None:
        return None
    return receipt_pdf(receipt=receipt, links=rating_links(site_url=site_url, dossier_code=receipt.code),
                       verification_code=codes.verification_code(receipt.code), size=size, demo=demo)
