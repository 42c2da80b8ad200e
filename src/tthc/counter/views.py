"""The desk page (an official finds a dossier they received, sends it to the counter
tablet, prints its receipt), paper-form entry and the correction of a wrongly keyed form.

All are for logged-in people only (the site's one log-in page, settings.LOGIN_URL):
desk officials (Official.user), and for paper forms holders of the permission
`ratings.enter_paper_rating`. The kiosk itself, used by citizens, is in kiosk.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tthc.access import limits
from tthc.access.gates import anyone_logged_in, behind_login, rate_limited
from tthc.access.roles import Viewer, may_manage_counter_devices, viewer_of
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official
from tthc.organisation.selectors import official_of
from tthc.ratings.models import Rating
from tthc.ratings.services import ALREADY_RATED, RatingRefused
from tthc.site.language import in_language
from tthc.web.paging import page_query

from . import selectors
from .forms import (
    DISCLOSURE_LEGEND,
    SATISFACTION_LEGEND,
    DeskSearchForm,
    PaperCorrectForm,
    PaperForm,
    PaperLookupForm,
)
from .services import (
    CounterRefused,
    counter_device_serve,
    may_key_paper_forms,
    paper_rating_correct,
    paper_rating_enter,
    paper_rating_for_correction,
)

SESSION_DEVICE = "counter_device"
SESSION_BATCH = "counter_paper_batch"


def forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "counter/forbidden.html", {"reason": reason}, status=403)


def _officials_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The desk pages need an official: staff without one are told why, others refused."""

    @behind_login(anyone_logged_in, "")
    @functools.wraps(view)
    def wrapped(request: HttpRequest, viewer: Viewer, *args: Any, **kwargs: Any) -> HttpResponse:
        official = official_of(request.user)
        if official is None:
            if request.user.is_staff:
                return render(request, "counter/no_official.html")
            return forbidden(request, _("Trang này dành cho cán bộ Bộ phận Một cửa."))
        return view(request, official, *args, **kwargs)

    return wrapped


@require_safe
@_officials_only
def desk(request: HttpRequest, official: Official) -> HttpResponse:
    """The dossiers the official received, newest first, searched and paged; beside
    each, the one click to the tablet and the receipt to print."""
    devices = selectors.desk_devices(official=official)
    chosen = request.session.get(SESSION_DEVICE)
    if chosen not in {d.pk for d in devices}:
        chosen = devices[0].pk if devices else None
    form = DeskSearchForm(request.GET or None, procedures=selectors.official_procedures(official=official))
    if form.is_bound:
        form.is_valid()
    search = form.search()
    page = selectors.official_dossier_page(official=official, search=search, page=request.GET.get("trang", 1))
    return render(request, "counter/desk.html", {
        "official": official, "devices": devices, "chosen": chosen, "form": form, "search": search,
        "page": page, "dossiers": page.object_list, "page_query": page_query(request.GET),
        "may_manage_devices": may_manage_counter_devices(viewer_of(request.user), official.unit_id),
    })


@require_POST
@_officials_only
def desk_serve(request: HttpRequest, official: Official) -> HttpResponse:
    """The one click: show this dossier on the chosen tablet."""
    devices = {str(d.pk): d for d in selectors.desk_devices(official=official)}
    device = devices.get(request.POST.get("device", ""))
    dossier = Dossier.objects.filter(code=request.POST.get("dossier", ""), received_by=official).first()
    if device is None:
        messages.error(request, _("Chọn thiết bị đánh giá của quầy trước khi gửi."))
    elif dossier is None:
        messages.error(request, _("Không tìm thấy hồ sơ này trong các hồ sơ ông/bà đã tiếp nhận."))
    else:
        try:
            counter_device_serve(device=device, official=official, dossier=dossier)
        except CounterRefused as refusal:
            messages.error(request, in_language(refusal.message_vi, refusal.message_en))
        else:
            request.session[SESSION_DEVICE] = device.pk
            messages.success(request, _("Đã gửi hồ sơ %(code)s sang thiết bị “%(device)s”. Mời công dân "
                                        "đánh giá trên màn hình tại quầy.") % {"code": dossier.code,
                                                                                "device": device.name})
    return redirect("counter:desk")


def _paper_access(request: HttpRequest) -> tuple[Official | None, HttpResponse | None]:
    official = official_of(request.user)
    if not may_key_paper_forms(request.user, official):
        return None, forbidden(request, _("Trang nhập phiếu giấy dành cho cán bộ Bộ phận Một cửa "
                                          "và người được giao quyền nhập phiếu giấy."))
    return official, None


@require_http_methods(["GET", "HEAD", "POST"])
@behind_login(anyone_logged_in, "")
@limits.limit("counter.paper", "120/m", lambda request: str(request.user.pk), methods=("POST",))
def paper(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Keyboard-only entry of paper forms, one after another, within a batch."""
    official, refusal = _paper_access(request)
    if refusal is not None:
        return refusal
    if request.limited:
        return rate_limited(request, None)
    batch = request.session.get(SESSION_BATCH, "")
    if request.method != "POST":
        form = PaperForm(initial={"batch": batch})
        return _paper_page(request, form, batch)
    form = PaperForm(request.POST, initial={"batch": batch})
    if form.is_valid():
        data = form.cleaned_data
        request.session[SESSION_BATCH] = batch = data["batch"]
        try:
            outcome = paper_rating_enter(
                user=request.user, official=official, batch=batch, dossier_code=data["dossier_code"],
                satisfaction=data["satisfaction"], agencies_contacted=data["agencies_contacted"],
                disclosure_seen=data["disclosure_seen"], comment=data["comment"])
        except CounterRefused as refused:
            form.add_error("dossier_code", in_language(refused.message_vi, refused.message_en))
        except RatingRefused as refused:
            if refused.code != ALREADY_RATED.code:
                form.add_error(None, in_language(refused.message_vi, refused.message_en))
            else:
                messages.warning(request, _("Hồ sơ %(code)s: đã có đánh giá trước đó; đánh giá đầu tiên "
                                            "được giữ nguyên, phiếu này không được lưu.")
                                 % {"code": data["dossier_code"]})
                return redirect("counter:paper")
        else:
            code = outcome.rating.dossier.code
            if outcome.created:
                messages.success(request, _("Đã lưu phiếu của hồ sơ %(code)s (lô %(batch)s).")
                                 % {"code": code, "batch": batch})
            else:
                messages.info(request, _("Phiếu của hồ sơ %(code)s đã được nhập trước đó (giống hệt); "
                                         "không lưu thêm.") % {"code": code})
            return redirect("counter:paper")
    return _paper_page(request, form, form.data.get("batch", batch) or batch)


def _paper_page(request: HttpRequest, form: PaperForm, batch: str) -> HttpResponse:
    form.focus()
    count, recent = selectors.paper_batch(batch=batch) if batch else (0, [])
    return render(request, "counter/paper.html", {
        "form": form, "batch": batch, "count": count, "recent": recent,
        "satisfaction_legend": SATISFACTION_LEGEND, "disclosure_legend": DISCLOSURE_LEGEND,
    })


@require_http_methods(["GET", "HEAD", "POST"])
@behind_login(anyone_logged_in, "")
@limits.limit("counter.paper", "120/m", lambda request: str(request.user.pk), methods=("POST",))
def paper_correct(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Correct a wrongly keyed paper form: find it by the dossier's code (the code travels
    in the POST body, as on the entry page), then type the answers as on the form, with
    a reason. The service decides who may: not the one who keyed it, not the receiver."""
    official, refusal = _paper_access(request)
    if refusal is not None:
        return refusal
    if request.limited:
        return rate_limited(request, None)
    if request.method != "POST":
        return _correct_page(request, PaperLookupForm())
    lookup = PaperLookupForm(request.POST)
    if not lookup.is_valid():
        return _correct_page(request, lookup, status=400)
    try:
        rating = paper_rating_for_correction(user=request.user, official=official,
                                             dossier_code=lookup.cleaned_data["dossier_code"])
    except CounterRefused as refused:
        lookup.add_error("dossier_code", in_language(refused.message_vi, refused.message_en))
        return _correct_page(request, lookup, status=400)
    if request.POST.get("action") != "save":
        return _correct_page(request, lookup, PaperCorrectForm.of(rating), rating)
    form = PaperCorrectForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            paper_rating_correct(
                user=request.user, official=official, dossier_code=rating.dossier.code,
                satisfaction=data["satisfaction"], agencies_contacted=data["agencies_contacted"],
                disclosure_seen=data["disclosure_seen"], reason=data["reason"])
        except CounterRefused as refused:
            form.add_error(None, in_language(refused.message_vi, refused.message_en))
        else:
            messages.success(request, _("Đã sửa phiếu giấy của hồ sơ %(code)s. Giá trị cũ, giá trị mới "
                                        "và lý do được ghi vào nhật ký thay đổi.") % {"code": rating.dossier.code})
            return redirect("counter:paper_correct")
    return _correct_page(request, lookup, form, rating, status=400)


def _correct_page(request: HttpRequest, lookup: PaperLookupForm, form: PaperCorrectForm | None = None,
                  rating: Rating | None = None, *, status: int = 200) -> HttpResponse:
    return render(request, "counter/paper_correct.html", {
        "lookup": lookup, "form": form, "rating": rating,
        "satisfaction_legend": SATISFACTION_LEGEND, "disclosure_legend": DISCLOSURE_LEGEND,
    }, status=status)
