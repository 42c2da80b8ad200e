"""Pages of the evaluation cycle (/ky/), the audit log (/nhat-ky/) and the public results
(/cong-khai/). Thin: who may do what is `tthc.access.roles`, what the cycle allows is
`services`, what is shown is `selectors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from tthc.access.gates import behind_login, public_page, sees_all, staff_role
from tthc.access.roles import (
    Role,
    Viewer,
    may_appraise,
    may_read_audit,
    may_self_assess,
)
from tthc.engine.appraisal import AppraisalError
from tthc.engine.dossier import fmt_int
from tthc.engine.numbers import fmt_decimal
from tthc.organisation.models import Unit
from tthc.scoring import comparison
from tthc.scoring.models import Period, PeriodState
from tthc.scoring.services import PeriodLocked, period_score
from tthc.site import names
from tthc.site.rule_set_query import method_and_profile, rule_set_query
from tthc.web.paging import page_query

from . import exports, selectors, services
from .forms import AuditFilterForm, ComputeForm, ReopenForm
from .index import is_unknown
from .services import ACTIONS, TRANSITIONS, CycleError, Key

AUDIT_PAGE_SIZE = 50
EXPLANATION_MAX = 5000

def _cycle_reader(viewer: Viewer) -> bool:
    return viewer.sees_all or viewer.role == Role.AGENCY_LEADER


_CYCLE_REFUSAL = gettext_lazy("Trang kỳ đánh giá dành cho thẩm định viên, quản trị hệ thống và "
                              "lãnh đạo cơ quan, đơn vị.")
_APPRAISER_ONLY = gettext_lazy("Chỉ thẩm định viên (Văn phòng UBND tỉnh) được thực hiện thao tác "
                               "này.")


def _key(request: HttpRequest, period: str) -> tuple[Key, str]:
    method, profile, query = method_and_profile(request, period or None)
    return Key(period, method, profile), query


def _period_or_404(code: str) -> Period:
    return get_object_or_404(Period, code=code)


def _back(period: str, query: str) -> HttpResponse:
    return redirect(reverse("evaluation:period", kwargs={"period": period}) + query)


# --- /ky/ ---------------------------------------------------------------------------

@require_safe
@behind_login(_cycle_reader, _CYCLE_REFUSAL)
def period_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    key, query = _key(request, "")
    # Without ?method/?profile each period shows under its own rule set, not today's.
    asked = "method" in request.GET or "profile" in request.GET
    return render(request, "evaluation/period_list.html", {
        "periods": selectors.cycle_periods(rule_set=(key.method, key.profile) if asked else None),
        "asked": asked, "query": query, "key": key, "may_act": may_appraise(viewer),
        "compute_form": ComputeForm() if may_appraise(viewer) else None,
    })


def _period_context(request: HttpRequest, viewer: Viewer, period: Period, key: Key,
                    query: str, **extra: Any) -> dict[str, Any]:
    results = selectors.period_results(key)
    own_unit = None
    if viewer.role == Role.AGENCY_LEADER and viewer.unit_id is not None:
        own_unit = Unit.objects.filter(pk=viewer.unit_id).first()
    agencies = [row for level in results["levels"] for row in level["agencies"]] if results else []
    transitions = [{"to": to, "label": ACTIONS[to], "back": to == PeriodState.OPEN
                    or (period.state == PeriodState.APPRAISAL and to == PeriodState.SELF_ASSESSMENT)}
                   for to in TRANSITIONS[period.state]]
    context = {
        "period": period, "key": key, "query": query, "results": results,
        "label": selectors.period_label(period.code),
        "steps": selectors.cycle_steps(period.state, scored=results is not None),
        "next_action": selectors.next_action(period.state, scored=results is not None),
        "agencies": len(agencies),
        "explained": sum(1 for row in agencies if row["explanations"]),
        "deductions": sum(len(row["deductions"]) for row in agencies),
        "own_unit": own_unit, "may_act": may_appraise(viewer),
        "may_compute": period.state in (PeriodState.OPEN, PeriodState.SELF_ASSESSMENT),
        "transitions": transitions, "locked": period.state == PeriodState.LOCKED,
        "reopen_form": ReopenForm(),
    }
    context.update(extra)
    return context


@require_safe
@behind_login(_cycle_reader, _CYCLE_REFUSAL)
def period_detail(request: HttpRequest, viewer: Viewer, period: str) -> HttpResponse:
    row = _period_or_404(period)
    key, query = _key(request, period)
    return render(request, "evaluation/period_detail.html",
                  _period_context(request, viewer, row, key, query))


def _compute(request: HttpRequest, key: Key) -> None:
    try:
        outcome = period_score(period_code=key.period, method=key.method, profile=key.profile,
                               actor=request.user.get_username(), user=request.user, path="bulk")
    except PeriodLocked as error:
        messages.error(request, str(error))
        return
    messages.success(request, gettext("Đã tính điểm kỳ %(period)s: %(count)s hồ sơ được chấm (quy tắc "
                                "%(rules)s).") % {"period": key.period,
                                                   "count": fmt_int(outcome.run.dossiers_scored),
                                                   "rules": outcome.run.rule_version})
    problems = outcome.run.problems
    if problems:
        first = "; ".join(f"{code}: {problem}" for code, problem in problems[:3])
        messages.warning(request, gettext("%(count)s hồ sơ có dữ liệu không dùng được như đang ghi (xem "
                                    "phần Chất lượng dữ liệu ở trang tổng quan): %(first)s")
                         % {"count": len(problems), "first": first})


@require_POST
@behind_login(may_appraise, _APPRAISER_ONLY)
def period_compute(request: HttpRequest, viewer: Viewer, period: str) -> HttpResponse:
    key, query = _key(request, period)
    _compute(request, key)
    return _back(period, query)


@require_POST
@behind_login(may_appraise, _APPRAISER_ONLY)
def period_compute_new(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = ComputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["period"]))
        return redirect("evaluation:periods")
    code = form.cleaned_data["period"]
    key, query = _key(request, code)
    _compute(request, key)
    if Period.objects.filter(code=code).exists():
        return _back(code, query)
    return redirect(reverse("evaluation:periods") + query)


@require_POST
@behind_login(may_appraise, _APPRAISER_ONLY)
def period_transition(request: HttpRequest, viewer: Viewer, period: str) -> HttpResponse:
    row = _period_or_404(period)
    key, query = _key(request, period)
    to = request.POST.get("to", "")
    if to not in PeriodState.values:
        messages.error(request, gettext("Bước chuyển không hợp lệ."))
        return _back(period, query)
    if to == PeriodState.LOCKED and not request.POST.get("confirm"):
        messages.error(request, gettext("Hãy đánh dấu ô xác nhận trước khi phê duyệt và công bố."))
        return _back(period, query)
    try:
        services.period_advance(key, to=to, user=request.user,
                                reason=request.POST.get("reason", "").strip(),
                                what_if=bool(request.POST.get("what_if")))
    except CycleError as error:
        messages.error(request, str(error))
    else:
        done = (gettext("Đã phê duyệt và công bố kỳ %(period)s: %(state)s.") if to == PeriodState.LOCKED
                else gettext("Đã chuyển kỳ %(period)s: %(state)s."))
        messages.success(request, done % {"period": row.code, "state": PeriodState(to).label})
    return _back(period, query)


@require_POST
@behind_login(may_appraise, _APPRAISER_ONLY)
def period_reopen(request: HttpRequest, viewer: Viewer, period: str) -> HttpResponse:
    row = _period_or_404(period)
    key, query = _key(request, period)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Chưa mở lại kỳ: cần ghi lý do."))
        return render(request, "evaluation/period_detail.html",
                      _period_context(request, viewer, row, key, query, reopen_form=form),
                      status=400)
    try:
        services.period_reopen(key, user=request.user, reason=form.cleaned_data["reason"])
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Đã mở lại kỳ %(period)s để thẩm định lại; lý do đã ghi vào "
                                    "nhật ký.") % {"period": row.code})
    return _back(period, query)


# --- Self-assessment ----------------------------------------------------------------

def _agency(key: Key, unit: Unit) -> dict[str, Any]:
    found = selectors.agency_result(key, unit.code)
    if found is None:
        raise Http404("Cơ quan không có điểm tự chấm trong kỳ này")
    return found


def _not_editable(period: Period, step: str, doing: str) -> str:
    if period.state == PeriodState.LOCKED:
        return gettext("Kỳ đã phê duyệt, công bố và khóa: không thể %(doing)s. Thẩm định viên có thể "
                 "mở lại kỳ (ghi rõ lý do).") % {"doing": doing}
    return gettext("Kỳ đang ở bước “%(state)s”: chỉ %(doing)s được trong bước “%(step)s”.") % {
        "state": period.get_state_display(), "doing": doing, "step": PeriodState(step).label}


def _indicator_rows(results: dict[str, Any], agency: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per indicator of the run's layout ("number" is the indicator's code)."""
    return [{"number": spec.code, "short": spec.short, "label": names.name(spec),
             "max": spec.max_points, "decimals": spec.decimals,
             "step": Decimal(1).scaleb(-spec.decimals),
             "self_points": agency["self_indicators"][i], "points": agency["indicators"][i],
             # An index metric without figures: unknown points, never N/A nor 0.
             "unknown": is_unknown(results["layout"], agency.get("figures") or {}, spec.code),
             "explanation": agency["explanations"].get(spec.code, ""),
             "appraisal": agency["appraisals"].get(spec.code)}
            for i, spec in enumerate(results["agency_indicators"])]


@dataclass
class _IndicatorForm:
    """What the self-assessment and the appraisal forms share: one agency's nine
    indicators in one period, and whether this viewer may write them now (and why not)."""

    period: Period
    unit: Unit
    key: Key
    query: str
    found: dict[str, Any]
    rows: list[dict[str, Any]]
    writer: bool
    editable: bool
    reason: str

    def refuse_post(self, request: HttpRequest) -> HttpResponse | None:
        """A POST the viewer or the period's step does not allow: 403, or back to the page."""
        if not self.writer:
            raise PermissionDenied(self.reason)
        if not self.editable:
            messages.error(request, self.reason)
            return redirect(request.get_full_path())
        return None

    def render(self, request: HttpRequest, template: str, errors: dict[str, str]) -> HttpResponse:
        """The form with each indicator's error beside it; HTTP 400 while any remains."""
        for item in self.rows:
            item["error"] = errors.get(item["number"], "")
        return render(request, template, {
            "period": self.period, "key": self.key, "query": self.query, "unit": self.unit,
            "rows": self.rows, "agency": self.found["agency"], "results": self.found["results"],
            "editable": self.editable, "reason": self.reason,
            "label": selectors.period_label(self.period.code),
        }, status=400 if errors else 200)


def _indicator_form(request: HttpRequest, period: Period, unit: Unit, *, writer: bool,
                    step: str, doing: str, read_only: str) -> _IndicatorForm:
    """`read_only` is the reason shown to a viewer who may read but never write."""
    key, query = _key(request, period.code)
    in_step = period.state == step
    reason = read_only if not writer else ("" if in_step else _not_editable(period, step, doing))
    found = _agency(key, unit)
    return _IndicatorForm(period=period, unit=unit, key=key, query=query, found=found,
                          rows=_indicator_rows(found["results"], found["agency"]), writer=writer,
                          editable=writer and in_step, reason=reason)


@behind_login(staff_role, gettext_lazy("Trang tự đánh giá dành cho lãnh đạo cơ quan."))
def self_assessment(request: HttpRequest, viewer: Viewer, period: str, unit: str) -> HttpResponse:
    row = _period_or_404(period)
    agency_unit = get_object_or_404(Unit, code=unit)
    writer = may_self_assess(viewer, agency_unit.pk)
    if not (writer or viewer.sees_all):
        raise PermissionDenied(gettext("Chỉ lãnh đạo %(unit)s được xem và giải trình tự đánh giá của cơ "
                                 "quan mình.") % {"unit": agency_unit.name})
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    form = _indicator_form(
        request, row, agency_unit, writer=writer, step=PeriodState.SELF_ASSESSMENT,
        doing=gettext("sửa giải trình"),
        read_only=gettext("Chỉ lãnh đạo của cơ quan được giải trình; thẩm định viên và quản trị chỉ "
                    "xem."))
    errors: dict[str, str] = {}
    if request.method == "POST":
        refused = form.refuse_post(request)
        if refused is not None:
            return refused
        for item in form.rows:
            text = request.POST.get(f"explanation_{item['number']}", "")
            if text.strip() == item["explanation"]:
                continue
            item["explanation"] = text
            if len(text) > EXPLANATION_MAX:
                errors[item["number"]] = gettext("Giải trình dài quá %(most)s ký tự.") % {
                    "most": fmt_int(EXPLANATION_MAX)}
                continue
            try:
                services.self_assessment_save(form.key, unit=agency_unit, indicator=item["number"],
                                              explanation=text, user=request.user)
            except CycleError as error:
                errors[item["number"]] = str(error)
        if not errors:
            messages.success(request, gettext("Đã lưu giải trình tự đánh giá."))
            return redirect(request.get_full_path())
        messages.error(request, gettext("Một số giải trình chưa lưu được; xem thông báo bên dưới từng chỉ "
                                  "số."))
    return form.render(request, "evaluation/self_assessment.html", errors)


# --- Appraisal ----------------------------------------------------------------------

_APPRAISAL_REFUSAL = gettext_lazy("Trang thẩm định dành cho thẩm định viên (quản trị hệ thống được "
                                  "xem).")


@require_safe
@behind_login(sees_all, _APPRAISAL_REFUSAL)
def appraisal_list(request: HttpRequest, viewer: Viewer, period: str) -> HttpResponse:
    row = _period_or_404(period)
    key, query = _key(request, period)
    results = selectors.period_results(key)
    if results is None:
        raise Http404("Kỳ này chưa có kết quả tính điểm")
    return render(request, "evaluation/appraisal_list.html", {
        "period": row, "key": key, "query": query, "results": results,
        "label": selectors.period_label(row.code),
    })


@behind_login(sees_all, _APPRAISAL_REFUSAL)
def appraisal_unit(request: HttpRequest, viewer: Viewer, period: str, unit: str) -> HttpResponse:
    row = _period_or_404(period)
    agency_unit = get_object_or_404(Unit, code=unit)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    form = _indicator_form(
        request, row, agency_unit, writer=may_appraise(viewer), step=PeriodState.APPRAISAL,
        doing=gettext("sửa điểm thẩm định"),
        read_only=gettext("Chỉ thẩm định viên được nhập điểm thẩm định; quản trị hệ thống chỉ xem."))
    for item in form.rows:
        appraisal = item["appraisal"]
        item["entered"] = _points_text(appraisal["points"] if appraisal else item["self_points"],
                                       item["decimals"])
        item["reason"] = appraisal["reason"] if appraisal else ""
    errors: dict[str, str] = {}
    if request.method == "POST":
        refused = form.refuse_post(request)
        if refused is not None:
            return refused
        for item in form.rows:
            if item["self_points"] is None:
                continue  # not applicable: nothing to appraise
            number = item["number"]
            item["entered"] = request.POST.get(f"points_{number}", "").strip()
            item["reason"] = request.POST.get(f"reason_{number}", "")
            try:
                services.appraisal_save(form.key, unit=agency_unit, indicator=number,
                                        points=item["entered"] or None, reason=item["reason"],
                                        user=request.user)
            except (CycleError, AppraisalError) as error:
                errors[number] = str(error)
        if not errors:
            messages.success(request, gettext("Đã lưu điểm thẩm định của %(unit)s.") % {"unit": agency_unit.name})
            return redirect(request.get_full_path())
        messages.error(request, gettext("Các chỉ số hợp lệ đã được lưu; những ô báo lỗi bên dưới chưa "
                                  "lưu, hãy sửa rồi lưu lại."))
        form.found = _agency(form.key, agency_unit)  # the totals as now stored
    return form.render(request, "evaluation/appraisal_unit.html", errors)


@require_safe
@behind_login(sees_all, gettext_lazy("So sánh các lần tính điểm dành cho thẩm định viên và quản "
                                     "trị hệ thống."))
def period_compare(request: HttpRequest, viewer: Viewer, period: str) -> HttpResponse:
    """Two runs of a period side by side (?a=RUN&b=RUN): by default the period's own
    current run and the latest other one (a what-if, or the run it replaced)."""
    row = _period_or_404(period)
    runs = comparison.period_runs(period)
    own = selectors.current_run(period=period)
    first = _run_id(request.GET.get("a")) or (own.pk if own else None)
    second = _run_id(request.GET.get("b")) or next((r.pk for r in runs if r.pk != first), None)
    context: dict[str, Any] = {"period": row, "label": selectors.period_label(row.code),
                               "runs": runs, "a": first, "b": second, "comparison": None}
    if first is not None and second is not None:
        try:
            context["comparison"] = comparison.compare(*comparison.runs_of(period, first, second))
        except comparison.ComparisonError as error:
            context["error"] = str(error)
    return render(request, "evaluation/compare.html", context)


def _run_id(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 12 else None


def _points_text(value: Any, decimals: int) -> str:
    """Points as the Vietnamese form shows them, at the indicator's decimals: 1,5."""
    return "" if value is None else fmt_decimal(value, decimals)


# --- /nhat-ky/ ----------------------------------------------------------------------

_AUDIT_REFUSAL = gettext_lazy("Nhật ký thay đổi dành cho quản trị hệ thống và thẩm định viên.")


def _audit_query(request: HttpRequest) -> tuple[AuditFilterForm, str]:
    form = AuditFilterForm(request.GET)
    kept = request.GET.copy()
    kept.pop("page", None)
    return form, kept.urlencode()


@require_safe
@behind_login(may_read_audit, _AUDIT_REFUSAL)
def audit_log(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form, filters = _audit_query(request)
    # Numbered pages (web/_pager.html) need the count: one COUNT of the filtered entries.
    page = Paginator(selectors.audit_entries(form.audit_filter()), AUDIT_PAGE_SIZE,
                     allow_empty_first_page=True).get_page(request.GET.get("page", 1))
    return render(request, "evaluation/audit_log.html", {
        "form": form, "filters": filters, "page": page, "page_query": page_query(request.GET, "page"),
        "rows": [selectors.audit_row(entry) for entry in page.object_list],
    })


@require_safe
@behind_login(may_read_audit, _AUDIT_REFUSAL)
def audit_export(request: HttpRequest, viewer: Viewer, fmt: str) -> HttpResponse:
    form, _ = _audit_query(request)
    entries = selectors.audit_entries(form.audit_filter()).iterator(chunk_size=2000)
    rows = (_vietnamese_row(entry) for entry in entries)
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(exports.audit_csv(rows),
                                                       content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.audit_xlsx(rows), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-thay-doi.{fmt}"'
    return response


def _vietnamese_row(entry: Any) -> dict[str, Any]:
    """An entry as the files say it: Vietnamese whatever the page's language (the CSV and
    XLSX are records kept and sent on, like the reports)."""
    with translation.override("vi"):
        return selectors.audit_row(entry)


# --- /cong-khai/ --------------------------------------------------------------------

@require_safe
@public_page
def public_list(request: HttpRequest) -> HttpResponse:
    groups = [{"title": group["title"], "periods": [
        {"code": p.code, "label": selectors.period_label(p.code), "published_at": p.published_at,
         "query": rule_set_query(p.published_method, p.published_profile, period=p.code)}
        for p in group["periods"]]} for group in selectors.published_period_groups()]
    return render(request, "evaluation/public_list.html", {"groups": groups})


@require_safe
@public_page
def public_period(request: HttpRequest, period: str) -> HttpResponse:
    # Unpublished is unknown to the public, whoever asks: this page shows approved results.
    row = get_object_or_404(Period, code=period, state=PeriodState.LOCKED)
    key, query = _key(request, period)
    results = selectors.period_results(key)
    if results is None or not results["is_published"]:
        raise Http404("Kỳ này không có kết quả được công bố theo bộ quy tắc đã chọn")
    reopenings = selectors.reopenings(key)
    return render(request, "evaluation/public_period.html", {
        "period": row, "results": results, "query": query, "key": key,
        "agency_indicators": results["agency_indicators"], "reopenings": reopenings,
        "reopened_on": ", ".join(gettext("ngày %(day)s") % {"day": f"{at:%d/%m/%Y}"} for at in reopenings),
    })
