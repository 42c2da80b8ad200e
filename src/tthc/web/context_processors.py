"""Template context shared by every page, the admin's included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tthc.scoring.selectors import dataset_is_demo

_CACHE_ATTRIBUTE = "_tthc_dataset_is_demo"


def demo_banner(request: HttpRequest) -> dict[str, Callable[[], bool]]:
    """`dataset_is_demo` for the banner, asked at most once per request.

    A callable, so pages that never show the banner (and static error pages) cost no
    query; templates call it on first use.
    """

    def is_demo() -> bool:
        cached: Any = getattr(request, _CACHE_ATTRIBUTE, None)
        if cached is None:
            cached = dataset_is_demo()
            setattr(request, _CACHE_ATTRIBUTE, cached)
        return bool(cached)

    return {"dataset_is_demo": is_demo}


# The menu per role (tthc.access.roles): one list, so that a page a role may not open
# is never offered to it. Lazy labels: each page shows them in its own language.
_MENU = (
    (_("Công khai kết quả"), "/cong-khai/", ("public", "admin", "appraiser", "agency_leader", "desk_official")),
    (_("Tổng quan"), "/tong-quan/", ("admin", "appraiser", "agency_leader", "desk_official")),
    (pgettext_lazy("menu", "Kỳ đánh giá"), "/ky/", ("admin", "appraiser", "agency_leader")),
    (_("Báo cáo"), "/bao-cao/", ("admin", "appraiser", "agency_leader", "desk_official")),
    (_("Nhật ký thay đổi"), "/nhat-ky/", ("admin", "appraiser")),
    (_("Số liệu Cổng công bố"), "/so-lieu-cong/", ("admin", "appraiser", "agency_leader")),
    (_("Quầy tiếp nhận"), "/quay/", ("admin", "appraiser", "desk_official")),
    (_("Thiết bị tại quầy"), "/quay/may-tinh-bang/", ("admin", "agency_leader")),
    (_("Phản ánh, kiến nghị"), "/phan-anh/xu-ly/", ("admin", "appraiser", "agency_leader", "desk_official")),
)


def viewer(request: HttpRequest) -> dict[str, Any]:
    """The viewer's role (`tthc.access.roles.Viewer`) and the menu it may use."""
    from tthc.access.roles import viewer_of

    who = viewer_of(getattr(request, "user", None))
    shown = [(label, path) for label, path, roles in _MENU if who.role.value in roles]
    # The longest matching path is the current one: /quay/may-tinh-bang/ is not /quay/.
    current = max((path for _, path in shown if request.path.startswith(path)), key=len, default=None)
    menu = [{"label": label, "path": path, "current": path == current} for label, path in shown]
    return {"viewer": who, "menu": menu}
