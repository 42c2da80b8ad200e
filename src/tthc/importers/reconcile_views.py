"""The reconciliation with the portal's published figures (/so-lieu-cong/…): the periods,
one period's reconciliation and its workbook, one unit's imports side by side and its
months. Thin: who may and whose lines are `tthc.access.roles`, the figures selectors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_safe

from tthc.access.gates import behind_login
from tthc.access.roles import (
    Viewer,
    may_import_portal_figures,
    may_read_reconciliation,
    may_view_unit,
    reconciliation_units,
)
from tthc.engine.periods import PeriodError
from tthc.organisation.models import Unit
from tthc.scoring.selectors import period_label

from . import published_history
from .reconcile import Reconciliation, reconciliation
from .reconcile_export import reconciliation_xlsx

_READERS_ONLY = gettext_lazy("Chỉ cán bộ thẩm định, quản trị hệ thống và lãnh đạo cơ quan, đơn vị "
                             "xem được đối chiếu với số liệu Cổng công bố.")
PER_PAGE = 50


@require_safe
@behind_login(may_read_reconciliation, _READERS_ONLY)
def periods(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    return render(request, "importers/reconcile_periods.html", {
        "periods": published_history.published_periods(), "may_import": may_import_portal_figures(viewer)})


def _reconciled(period: str, viewer: Viewer) -> Reconciliation:
    try:
        return reconciliation(period=period, unit_ids=reconciliation_units(viewer))
    except PeriodError:
        raise Http404("Không có kỳ này") from None


@require_safe
@behind_login(may_read_reconciliation, _READERS_ONLY)
def period(request: HttpRequest, viewer: Viewer, period: str) -> HttpResponse:
    found = _reconciled(period, viewer)
    page = Paginator(found.lines, PER_PAGE, allow_empty_first_page=True).get_page(request.GET.get("trang", 1))
    return render(request, "importers/reconcile.html", {
        "found": found, "period_label": period_label(found.period), "page": page,
        "sees_all": viewer.sees_all, "may_import": may_import_portal_figures(viewer)})


@require_safe
@behind_login(may_read_reconciliation, _READERS_ONLY)
def period_xlsx(request: HttpRequest, viewer: Viewer, period: str) -> HttpResponse:
    found = _reconciled(period, viewer)
    response = HttpResponse(reconciliation_xlsx(found), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="doi-chieu-cong-{found.period}.xlsx"'
    return response


@require_safe
@behind_login(may_read_reconciliation, _READERS_ONLY)
def unit(request: HttpRequest, viewer: Viewer, period: str, unit: str) -> HttpResponse:
    found = Unit.objects.filter(code=unit).first()
    if found is None:
        raise Http404("Không có cơ quan, đơn vị này")
    if not may_view_unit(viewer, found.pk):
        raise PermissionDenied(gettext("Tài khoản này chỉ xem được số liệu của cơ quan, đơn vị mình."))
    return render(request, "importers/reconcile_unit.html", {
        "period": period, "period_label": period_label(period), "unit": found,
        "groups": published_history.unit_imports(period=period, unit_id=found.pk),
        "trend": published_history.unit_trend(unit_id=found.pk)})
