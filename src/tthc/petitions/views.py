"""Petition pages: the citizen's form and tracking page, and the agency's desk.

Public pages hold no login and are rate-limited per client address (counted under a
keyed hash in the table every worker shares, tthc.access.limits; never logged or
stored). Tracking codes travel in POST bodies and the session, never in a URL: URLs end
up in access logs and browser histories.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tthc.access import limits
from tthc.access.gates import anyone_logged_in, behind_login, rate_limited
from tthc.access.roles import Viewer
from tthc.organisation.selectors import official_of
from tthc.site.language import in_language
from tthc.web.paging import page_query

from . import selectors
from .forms import AnswerForm, ClassifyForm, DecideForm, RaiseAgainForm, SubmitForm, TrackForm
from .models import Petition, PetitionStatus
from .services import (
    Actor,
    PetitionRefused,
    petition_answer,
    petition_classify,
    petition_decide,
    petition_raise_again,
    petition_submit,
)

SESSION_KEY = "petitions.submitted_code"
# Per client address; a province changes them in settings (docs/api.md).
DEFAULT_RATES = {"submit": "10/h", "track": "30/m", "raise": "10/h"}

View = Callable[..., HttpResponse]

# What the desk says after each action.
DONE = {
    "classify": gettext_lazy("Đã phân loại phản ánh %(code)s."),
    "answer": gettext_lazy("Đã ghi câu trả lời cho phản ánh %(code)s."),
    "decide": gettext_lazy("Đã ghi kết luận thẩm định cho phản ánh %(code)s."),
}


def _rate(group: str) -> str:
    rates = {**DEFAULT_RATES, **getattr(settings, "TTHC_PETITION_RATES", {})}
    return rates[group]


def limited(group: str) -> Callable[[View], View]:
    """Refuse POSTs over the group's rate with the site's 429 page."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method == "POST" and limits.over(
                    f"petitions.{group}", limits.client_address(request), _rate(group)):
                return rate_limited(request, PermissionDenied())
            return view(request, *args, **kwargs)
        return wrapper
    return decorate


def _refusal_to_form(form: forms.Form, refused: PetitionRefused) -> None:
    field = refused.field if refused.field in form.fields else None
    form.add_error(field, in_language(refused.message_vi, refused.message_en))


def _page(request: HttpRequest, template: str, context: dict[str, object], status: int = 200) -> HttpResponse:
    return render(request, f"petitions/{template}", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@limited("submit")
def submit(request: HttpRequest) -> HttpResponse:
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            petition = petition_submit(unit_code=data["unit"], content=data["content"],
                                       dossier_code=data["dossier"], official=data["official"],
                                       actor=Actor("web:phan-anh"))
        except PetitionRefused as refused:
            _refusal_to_form(form, refused)
        else:
            request.session[SESSION_KEY] = petition.code
            return redirect("petitions:submitted")
    status = 400 if request.method == "POST" else 200
    return _page(request, "submit.html", {"form": form}, status)


@require_http_methods(["GET", "HEAD"])
def submitted(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_KEY)
    petition = selectors.petition_by_tracking_code(code) if code else None
    if petition is None:
        return redirect("petitions:submit")
    return _page(request, "submitted.html", {"status": selectors.petition_public_status(petition)})


def _may_raise_again(status: selectors.PublicStatus) -> bool:
    return status.status == PetitionStatus.ANSWERED or (
        status.answer_due_at is not None and timezone.now() > status.answer_due_at)


def _status_page(request: HttpRequest, petition: Petition, *, message: str = "",
                 raise_form: RaiseAgainForm | None = None, status: int = 200) -> HttpResponse:
    public = selectors.petition_public_status(petition)
    if raise_form is None and _may_raise_again(public):
        raise_form = RaiseAgainForm(initial={"code": public.code})
    return _page(request, "track.html", {
        "form": TrackForm(), "status": public, "raise_form": raise_form, "message": message,
    }, status)


@require_http_methods(["GET", "HEAD", "POST"])
@limited("track")
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        petition = selectors.petition_by_tracking_code(form.cleaned_data["code"])
        if petition is not None:
            return _status_page(request, petition)
        form.add_error("code", _("Không tìm thấy phản ánh có mã theo dõi này. Xin kiểm tra lại mã."))
    status = 404 if request.method == "POST" and form.is_bound and form.errors else 200
    return _page(request, "track.html", {"form": form}, status)


@require_http_methods(["POST"])
@limited("raise")
def raise_again(request: HttpRequest) -> HttpResponse:
    form = RaiseAgainForm(request.POST)
    petition = selectors.petition_by_tracking_code(request.POST.get("code", ""))
    if petition is None:
        tracking = TrackForm(request.POST)
        tracking.is_valid()
        tracking.add_error(None, _("Không tìm thấy phản ánh có mã theo dõi này."))
        return _page(request, "track.html", {"form": tracking}, 404)
    if not form.is_valid():
        return _status_page(request, petition, raise_form=form, status=400)
    try:
        petition = petition_raise_again(code=petition.code, note=form.cleaned_data["note"])
    except PetitionRefused as refused:
        # The refusal is about the petition, not the note: shown above the form.
        form.add_error(None, in_language(refused.message_vi, refused.message_en))
        return _status_page(request, petition, raise_form=form, status=409)
    return _status_page(request, petition, message=_("Đã ghi nhận phản ánh lại. Phản ánh được đánh dấu "
                                                                "là kéo dài và chuyển lại cơ quan xử lý."))


# The agency's desk ---------------------------------------------------------------------

def _visible_or_404(request: HttpRequest) -> QuerySet[Petition]:
    petitions = selectors.petitions_visible(request.user)
    if petitions is None:
        # Someone logged in with no business here learns nothing, not even that it exists.
        raise Http404("Không tìm thấy trang")
    return petitions


@require_http_methods(["GET", "HEAD"])
@behind_login(anyone_logged_in, "")
def desk(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    visible = _visible_or_404(request)
    chosen = selectors.DeskFilter(
        state=request.GET.get("trang-thai", "open")[:16], unit=request.GET.get("don-vi", "")[:64],
        official=request.GET.get("can-bo", "")[:64], search=request.GET.get("tim", "")[:64])
    page = Paginator(selectors.desk_petitions(visible, chosen), selectors.DESK_PER_PAGE,
                     allow_empty_first_page=True).get_page(request.GET.get("trang", 1))
    return _page(request, "desk.html", {
        "page": page, "rows": page.object_list, "chosen": chosen, "wanted": chosen.state,
        "statuses": PetitionStatus.choices, "choices": selectors.desk_choices(visible),
        "page_query": page_query(request.GET),
        "official": official_of(request.user),
    })


def _actor(request: HttpRequest) -> Actor:
    return Actor(f"web:{request.user.get_username()}", request.user)


@require_http_methods(["GET", "HEAD", "POST"])
@behind_login(anyone_logged_in, "")
def desk_petition(request: HttpRequest, viewer: Viewer, pk: int) -> HttpResponse:
    petitions = _visible_or_404(request)
    petition = petitions.filter(pk=pk).first()
    if petition is None:
        raise Http404("Không tìm thấy phản ánh")
    # About the viewer: read-only, with the reason on the page (and 403 for a POST).
    conflict = selectors.about_themselves(request.user, petition)
    may_handle = selectors.can_handle(request.user, petition)
    may_appraise = selectors.can_appraise(request.user) and not conflict
    initial = {"kind": petition.kind, "about_official": petition.about_official_id}
    forms = {
        "classify": ClassifyForm(initial=initial, unit_id=petition.unit_id),
        "answer": AnswerForm(),
        "decide": DecideForm(initial={"upheld": {True: "true", False: "false"}.get(petition.upheld)}),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in forms:
            raise Http404("Không có thao tác này")
        if conflict:
            return _desk_petition_page(request, petition, forms, may_handle, may_appraise, conflict, 403)
        if (action == "decide" and not may_appraise) or (action != "decide" and not may_handle):
            raise PermissionDenied(_("Ông/bà không có quyền thực hiện thao tác này."))
        form = (ClassifyForm(request.POST, unit_id=petition.unit_id) if action == "classify"
                else AnswerForm(request.POST) if action == "answer" else DecideForm(request.POST))
        forms[action] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "classify":
                    petition_classify(petition=petition, kind=data["kind"],
                                      about_official=data["about_official"], actor=_actor(request))
                elif action == "answer":
                    petition_answer(petition=petition, answer=data["answer"], actor=_actor(request))
                else:
                    petition_decide(petition=petition, upheld=data["upheld"], reason=data["reason"],
                                    actor=_actor(request))
            except PetitionRefused as refused:
                _refusal_to_form(form, refused)
            else:
                # Said on the next page, in its status region (web/_messages.html).
                messages.success(request, DONE[action] % {"code": petition.code})
                return redirect("petitions:desk_petition", pk=petition.pk)
        status = 400
    return _desk_petition_page(request, petition, forms, may_handle, may_appraise, conflict, status)


def _desk_petition_page(request: HttpRequest, petition: Petition, action_forms: dict[str, forms.Form],
                        may_handle: bool, may_appraise: bool, conflict: bool, status: int) -> HttpResponse:
    return _page(request, "desk_petition.html", {
        "petition": petition, "public": selectors.petition_public_status(petition),
        "may_handle": may_handle, "may_appraise": may_appraise, "forms": action_forms,
        "conflict": in_language(selectors.CONFLICT_VI, selectors.CONFLICT_EN) if conflict else "",
        "answered": petition.status == PetitionStatus.ANSWERED,
    }, status)
