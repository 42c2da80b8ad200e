"""The citizen's rating pages (no login) and the desk's printable receipt.

Rate limits count per client by a keyed hash of the address (never the address
itself), in the table every worker shares (tthc.access.limits); wrong verification
codes have a tighter limit of their own, so that guessing codes is slow whichever page
the guesses come through.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from tthc.access import limits
from tthc.access.gates import anyone_logged_in, behind_login, rate_limited
from tthc.access.roles import Viewer
from tthc.dossiers.codes import dossier_code_lookup
from tthc.dossiers.models import Dossier
from tthc.scoring.selectors import dataset_is_demo
from tthc.site.language import in_language

from . import codes, receipts, selectors
from .forms import CodeLookupForm, RatingForm
from .models import RatingChannel
from .services import ALREADY_RATED, RatingRefused, client_fingerprint, rating_submit

LOOKUP_RATE = "10/m"  # code look-ups and rating pages opened, per client
RATING_RATE = "10/m"  # ratings sent, per client
FAILED_CODE_RATE = "5/m"  # wrong verification codes, per client, on any page
# Rate-limit scopes name the counters (tthc.access.limits); they keep the app's first
# label (feedback), as the salts of codes and fingerprints must.
_FAILED_GROUP = "tthc.feedback.failed-code"

WRONG_CODE = gettext_lazy(
    "Mã hồ sơ hoặc mã xác nhận không đúng. Xin kiểm tra lại hai mã in trên giấy tiếp nhận "
    "hồ sơ và hẹn trả kết quả.")


def _over(request: HttpRequest, *, group: str, rate: str) -> bool:
    """Count this request and say whether it goes over the limit."""
    return limits.over(group, limits.client_address(request), rate)


def _guess_over(request: HttpRequest) -> bool:
    """Count the code about to be checked as a guess, and say whether it is one too many.

    Counted before the check, in one atomic step: guesses sent together cannot all pass
    a look at the count taken before any of them was counted."""
    return limits.over(_FAILED_GROUP, limits.client_address(request), FAILED_CODE_RATE)


def _right_code(request: HttpRequest) -> None:
    """The code was right: it was no guess, and is not held against the client."""
    limits.forgive(_FAILED_GROUP, limits.client_address(request))


def _too_many(request: HttpRequest) -> HttpResponse:
    return rate_limited(request, None)


def _refused_code(request: HttpRequest, dossier_code: str = "") -> HttpResponse:
    """The same answer for a wrong code and for a dossier that does not exist."""
    form = CodeLookupForm(initial={"dossier_code": dossier_code})
    return render(request, "ratings/start.html", {"form": form, "refusal": WRONG_CODE}, status=403)


def code_matches(dossier_code: str, typed: str) -> bool:
    """`codes.verify`, false for what no printed code can be (Vietnamese letters, ¹, …).

    hmac.compare_digest refuses non-ASCII text with a TypeError: a citizen typing "Đ"
    on a Vietnamese keyboard must get the refusal page, not a server error.
    """
    return codes.normalise(typed).isascii() and codes.verify(dossier_code, typed)


def _matching_code(typed: str, code: str) -> str | None:
    """The dossier code as recorded, if `code` verifies it. Typed in any case, with
    spaces, dots or dashes (`dossiers.codes`)."""
    found = dossier_code_lookup(typed)
    # Checked whether or not a dossier was found: a wrong code and an unknown dossier
    # take the same path, one look-up and one check.
    matches = code_matches(found or typed, code)
    return found if matches and found is not None else None


@require_http_methods(["GET", "POST"])
def rating_start(request: HttpRequest) -> HttpResponse:
    """Typed by hand: the dossier code and the verification code from the receipt."""
    if request.method != "POST":
        return render(request, "ratings/start.html", {"form": CodeLookupForm()})
    if _over(request, group="tthc.feedback.lookup", rate=LOOKUP_RATE):
        return _too_many(request)
    form = CodeLookupForm(request.POST)
    if not form.is_valid():
        return render(request, "ratings/start.html", {"form": form}, status=400)
    if _guess_over(request):
        return _too_many(request)
    typed, code = form.cleaned_data["dossier_code"], form.cleaned_data["code"]
    dossier_code = _matching_code(typed, code)
    if dossier_code is None:
        return _refused_code(request, typed)
    _right_code(request)
    query = urlencode({"m": codes.normalise(code), "kenh": RatingChannel.ONLINE})
    return redirect(f"{reverse('ratings:rate', args=[dossier_code])}?{query}")


def _fingerprint(request: HttpRequest) -> str:
    return client_fingerprint(address=limits.client_address(request),
                              user_agent=request.META.get("HTTP_USER_AGENT", "")[:512])


@require_http_methods(["GET", "POST"])
def rating_page(request: HttpRequest, dossier_code: str) -> HttpResponse:
    """The one-screen rating form of a dossier, opened by the QR code or after a look-up."""
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        if _over(request, group="tthc.feedback.rating", rate=RATING_RATE):
            return _too_many(request)
    elif _over(request, group="tthc.feedback.lookup", rate=LOOKUP_RATE):
        return _too_many(request)
    code = data.get("m", "")
    if not code:  # nothing to check: no guess
        return _refused_code(request, dossier_code)
    if _guess_over(request):
        return _too_many(request)
    if not code_matches(dossier_code, code):
        return _refused_code(request, dossier_code)
    subject = selectors.rating_subject(code=dossier_code)
    if subject is None:
        return _refused_code(request, dossier_code)
    _right_code(request)
    channel = RatingChannel.ONLINE if data.get("kenh") == RatingChannel.ONLINE else RatingChannel.QR
    if request.method != "POST":
        if subject.already_rated:
            return _already_rated(request, status=200)
        form = RatingForm(initial={"m": codes.normalise(code), "kenh": channel})
        return render(request, "ratings/rate.html", {"form": form, "subject": subject})
    form = RatingForm(request.POST)
    if form.is_valid():
        answers = form.cleaned_data
        try:
            rating_submit(
                dossier=Dossier.objects.get(code=subject.code), channel=channel,
                satisfaction=answers["satisfaction"], agencies_contacted=answers["agencies_contacted"],
                disclosure_seen=answers["disclosure_seen"], comment=answers["comment"],
                fingerprint=_fingerprint(request))
        except RatingRefused as refused:
            if refused.code == "already_rated":
                return _already_rated(request, status=409)
            form.add_error("comment", in_language(refused.message_vi, refused.message_en))
        else:
            return redirect("ratings:thanks")
    return render(request, "ratings/rate.html", {"form": form, "subject": subject}, status=400)


def _already_rated(request: HttpRequest, *, status: int) -> HttpResponse:
    return render(request, "ratings/already_rated.html",
                  {"message": in_language(ALREADY_RATED.message_vi, ALREADY_RATED.message_en)},
                  status=status)


@require_safe
def rating_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "ratings/thanks.html")


@require_safe
@behind_login(anyone_logged_in, "")
def receipt(request: HttpRequest, viewer: Viewer, dossier_code: str) -> HttpResponse:
    """The receipt and appointment slip of a dossier, for the desk that received it."""
    # PostgreSQL refuses NUL in a query: such a code is no dossier's code.
    if not dossier_code.isprintable() or not selectors.receipt_printable_by(user=request.user, code=dossier_code):
        raise Http404("Không có hồ sơ này, hoặc ông/bà không được in giấy tiếp nhận của hồ sơ này")
    size = request.GET.get("size", "a4").lower()
    if size not in receipts.SIZES:
        size = "a4"
    with translation.override("vi"):  # an official document: Vietnamese whatever the page's language
        pdf = receipts.receipt_document(dossier_code=dossier_code, site_url=f"{request.scheme}://{request.get_host()}",
                                        size=size, demo=dataset_is_demo())
    if pdf is None:
        raise Http404("Không có hồ sơ này")
    response = HttpResponse(pdf, content_type="application/pdf")
    safe_name = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_." else "_" for ch in dossier_code)
    response["Content-Disposition"] = f'inline; filename="giay-tiep-nhan-{safe_name}.pdf"'
    # The slip carries the code that lets its holder rate the dossier: keep it out of caches.
    response["Cache-Control"] = "private, no-store"
    return response
