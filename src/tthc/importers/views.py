"""The upload page of the portal's published index figures (/so-lieu-cong/nhap/). Thin:
who may is `tthc.access.roles`, the import is the service the command calls too
(`portal_index_services.portal_index_import`), the history a selector."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from tthc.access.gates import behind_login
from tthc.access.roles import Viewer, may_import_portal_figures
from tthc.importers import selectors
from tthc.importers.portal_index import MAX_ANSWER_BYTES
from tthc.importers.portal_index_services import (
    MAX_FILES,
    PortalIndexUsageError,
    portal_index_import,
)

# The page's own words follow its language; what the import itself says (`error.vi`, each
# file's outcome) is the command's and the JSON's Vietnamese, shown as it is.
_IMPORTERS_ONLY = gettext_lazy("Chỉ cán bộ thẩm định (Văn phòng UBND tỉnh) và quản trị hệ thống được "
                               "nhập số liệu Cổng công bố.")
# The form's own fields beside the files: a body larger than the files allowed and this
# is refused before any file is read.
_FORM_ROOM = 64 * 1024


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context.update(history=selectors.published_answer_list(), max_files=MAX_FILES,
                   max_mib=MAX_ANSWER_BYTES // 2**20)
    return render(request, "importers/portal_index.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
# The CSRF check reads the form, that is the whole body with its files: it is made below
# (`_upload`), once the body is known to be within bounds — never skipped.
@csrf_exempt
@behind_login(may_import_portal_figures, _IMPORTERS_ONLY)
def portal_index_upload(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_FILES * MAX_ANSWER_BYTES + _FORM_ROOM:
            too_big = gettext("Tổng dung lượng các tệp vượt quá giới hạn (%(files)s tệp, mỗi tệp tối đa "
                        "%(mib)s MiB).") % {"files": MAX_FILES, "mib": MAX_ANSWER_BYTES // 2**20}
            return _page(request, {"errors": [too_big]}, status=413)
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, {})
    period = request.POST.get("period", "").strip()
    uploads = request.FILES.getlist("files")
    errors = [gettext("Tệp %(name)s lớn quá %(mib)s MiB.") % {"name": upload.name,
                                                        "mib": MAX_ANSWER_BYTES // 2**20}
              for upload in uploads if upload.size is not None and upload.size > MAX_ANSWER_BYTES]
    if not period:
        errors.append(gettext("Hãy nhập kỳ của số liệu (ví dụ 2026-09)."))
    if errors:
        return _page(request, {"errors": errors, "period": period}, status=400)
    try:
        report = portal_index_import(files=[(upload.name or "", upload.read()) for upload in uploads],
                                     period=period, actor=request.user.get_username())
    except PortalIndexUsageError as error:
        return _page(request, {"errors": [f"{error.vi[:1].upper()}{error.vi[1:]}."], "period": period},
                     status=400)
    return _page(request, {"report": report, "period": report.period})
