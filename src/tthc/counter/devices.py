"""Counter tablets from the web (/quay/may-tinh-bang/): the administrator, or the leader
of a desk's unit, registers a tablet, renames it, re-issues its token and revokes it.

The token is shown once, as text and as a QR code that opens the bind page with the
token filled in. It travels in the URL's fragment (after ``#``), which browsers never
send: no server log, proxy or Referer header sees it. The page that shows it takes it
out of the session as it renders, so a reload shows it no more (only its hash is
stored). Every change is a service call, audited there.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from tthc.access.gates import behind_login
from tthc.access.roles import Viewer, may_manage_counter_devices
from tthc.ratings.receipts import qr_svg
from tthc.site.language import in_language

from . import selectors
from .forms import DeviceAddForm, DeviceNameForm
from .models import CounterDevice
from .services import (
    CounterRefused,
    IssuedDevice,
    counter_device_add,
    counter_device_rename,
    counter_device_revoke,
    counter_device_token_renew,
)

SESSION_ISSUED = "counter_issued_token"
_REFUSAL = gettext_lazy("Trang thiết bị tại quầy dành cho quản trị hệ thống và lãnh đạo đơn vị có "
                        "Bộ phận Một cửa.")
_manages = behind_login(may_manage_counter_devices, _REFUSAL)
# The three changes of a tablet, by the last part of their address.
ACTIONS = {
    "doi-ten": gettext_lazy("Đổi tên thiết bị"),
    "cap-lai-khoa": gettext_lazy("Cấp lại khóa thiết bị"),
    "thu-hoi": gettext_lazy("Thu hồi thiết bị"),
}


def _actor(request: HttpRequest) -> str:
    return f"web:{request.user.get_username()}"


def _keep_once(request: HttpRequest, issued: IssuedDevice) -> HttpResponse:
    request.session[SESSION_ISSUED] = {"device": issued.device.pk, "token": issued.token}
    return redirect("counter:device_token")


@require_http_methods(["GET", "HEAD", "POST"])
@_manages
def devices(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The tablets of the desks the viewer manages, and the form that registers one."""
    desks = selectors.managed_desks(viewer=viewer)
    posted = request.POST if request.method == "POST" else None
    form = DeviceAddForm(posted, desks=desks,
                         initial={"desk": desks[0].pk} if len(desks) == 1 else None)
    if request.method == "POST" and form.is_valid():
        desk = form.desks[form.cleaned_data["desk"]]
        try:
            issued = counter_device_add(name=form.cleaned_data["name"], desk=desk, actor=_actor(request),
                                        user=request.user)
        except CounterRefused as refused:
            form.add_error("name", in_language(refused.message_vi, refused.message_en))
        else:
            messages.success(request, _("Đã đăng ký thiết bị “%(device)s” cho %(desk)s.")
                             % {"device": issued.device.name, "desk": desk.name})
            return _keep_once(request, issued)
    return render(request, "counter/devices.html", {
        "form": form, "devices": selectors.managed_devices(viewer=viewer), "one_desk": len(desks) == 1,
    }, status=400 if form.is_bound and form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@_manages
def device_action(request: HttpRequest, viewer: Viewer, pk: int, action: str) -> HttpResponse:
    """One change of one tablet: GET asks to confirm it, POST does it."""
    device = selectors.managed_device(viewer=viewer, pk=pk)
    if device is None or action not in ACTIONS:
        raise Http404("Không có thiết bị này trong các quầy ông/bà quản lý")
    posted = request.POST if request.method == "POST" else None
    form = DeviceNameForm(posted, initial={"name": device.name}) if action == "doi-ten" else None
    error = ""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            return _do(request, device, action, form)
        except CounterRefused as refused:
            error = in_language(refused.message_vi, refused.message_en)
            if form is not None:
                form.add_error("name", error)
                error = ""
    return render(request, "counter/device_action.html", {
        "device": device, "action": action, "title": ACTIONS[action], "form": form, "error": error,
    }, status=400 if request.method == "POST" else 200)


def _do(request: HttpRequest, device: CounterDevice, action: str, form: DeviceNameForm | None) -> HttpResponse:
    who: dict[str, Any] = {"actor": _actor(request), "user": request.user}
    if action == "cap-lai-khoa":
        issued = counter_device_token_renew(device=device, **who)
        messages.success(request, _("Đã cấp khóa mới cho thiết bị “%(device)s”; khóa cũ không còn dùng "
                                    "được. Gắn lại máy tính bảng bằng khóa mới.") % {"device": device.name})
        return _keep_once(request, issued)
    if action == "thu-hoi":
        counter_device_revoke(device=device, **who)
        messages.success(request, _("Đã thu hồi thiết bị “%(device)s”: máy tính bảng không còn mời "
                                    "đánh giá được.") % {"device": device.name})
    else:
        assert form is not None
        before = device.name
        counter_device_rename(device=device, name=form.cleaned_data["name"], **who)
        messages.success(request, _("Đã đổi tên thiết bị “%(before)s” thành “%(after)s”.")
                         % {"before": before, "after": device.name})
    return redirect("counter:devices")


@require_safe
@_manages
def device_token(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The token just issued, once: taken out of the session as the page is made."""
    issued = request.session.pop(SESSION_ISSUED, None)
    device = None
    if issued is not None:
        device = selectors.managed_device(viewer=viewer, pk=int(issued["device"]))
    context: dict[str, Any] = {"device": device}
    if device is not None:
        token = str(issued["token"])
        bind_url = request.build_absolute_uri(reverse("counter:kiosk_bind")) + f"#khoa={token}"
        title = _("Mã QR gắn thiết bị %(device)s") % {"device": device.name}
        context.update(token=token, qr=qr_svg(bind_url, title=title))
    response = render(request, "counter/device_token.html", context)
    add_never_cache_headers(response)  # the token must stay in no cache, the browser's included
    return response
