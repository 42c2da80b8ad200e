"""Reads of the evaluation cycle: the period's results with the appraisal applied.

`period_results` is what the dashboards, the reports, the public page and the open
data all show, so that they cannot disagree: the current run's self-scores, each
agency's explanations, the appraised points where the appraiser changed any, the
appraised total, its class (provisional until the period is published) and the rank on
it within the agency's level.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from tthc.audit import words
from tthc.audit.models import AuditEntry
from tthc.engine.appraisal import appraised_class, competition_ranks, indicator_total
from tthc.engine.layout import SubjectLayout
from tthc.engine.rules import NOT_ENOUGH_DATA, UNCLASSED, RuleSet, load_rules
from tthc.scoring.models import Period, PeriodState, ScoringRun
from tthc.scoring.selectors import (
    at_decimals,
    current_run,
    layout_of,
    period_label,
    period_ranking,
    period_sort_key,
)

from .index import is_unknown
from .models import Appraisal, SelfAssessment
from .services import Key

UNRANKED_CLASSES = (NOT_ENOUGH_DATA, UNCLASSED)


def run_rules(run: ScoringRun) -> RuleSet:
    """The rule values a run used: its profile version, read as of the date it stored
    (the period's end for runs that stored none). Classes and explanations of a run are
    read under these, never under today's rules."""
    as_of = run.parameters.get("as_of")
    if as_of:
        when = date.fromisoformat(as_of[:10])
    else:
        from tthc.engine.periods import Period as Span
        when = Span.parse(run.period.code).end
    return load_rules(run.method, run.profile, when)


def published_codes(*, method: str, profile: str) -> set[str]:
    """Codes of the periods published under this rule set (`Period.is_published_for`)."""
    return set(Period.objects.filter(state=PeriodState.LOCKED, published_method=method,
                                     published_profile=profile).values_list("code", flat=True))


def published_rule_sets() -> dict[str, tuple[str, str]]:
    """Each published period's code → the (method, profile) it was published under."""
    return {code: (method, profile) for code, method, profile in Period.objects.filter(
        state=PeriodState.LOCKED).values_list("code", "published_method", "published_profile")}


def published_periods() -> list[Period]:
    """Periods approved and published (locked), the public's only ones."""
    return list(Period.objects.filter(state=PeriodState.LOCKED).order_by("-code"))


def published_period_groups() -> list[dict[str, Any]]:
    """Published periods by the index they were scored with (the decree's quarters, the
    national index's months), each group named in words and newest first: the public
    reads which index a period belongs to, never a rule-set id."""
    groups: dict[str, dict[str, Any]] = {}
    for period in published_periods():
        run = current_run(period=period.code, method=period.published_method, profile=period.published_profile)
        title = layout_of(run).title_vi if run is not None else ""
        group = groups.setdefault(period.published_method, {"title": title, "periods": []})
        group["periods"].append(period)
    return list(groups.values())


def period_results(key: Key) -> dict[str, Any] | None:
    """The ranking with self-assessment and appraisal applied, or None (not scored)."""
    ranking = period_ranking(period=key.period, method=key.method, profile=key.profile)
    if ranking is None:
        return None
    # The run again, with its period (period_ranking keeps it to itself).
    run = current_run(period=key.period, method=key.method, profile=key.profile)
    assert run is not None
    period = run.period
    layout = ranking["layout"]
    filters = {"period": period, "method": key.method, "profile": key.profile}
    appraised: dict[str, dict[str, Appraisal]] = {}
    for row in Appraisal.objects.filter(**filters).select_related("unit", "appraised_by"):
        appraised.setdefault(row.unit.code, {})[str(row.indicator)] = row
    explained: dict[str, dict[str, SelfAssessment]] = {}
    for note in SelfAssessment.objects.filter(**filters).select_related("unit"):
        explained.setdefault(note.unit.code, {})[str(note.indicator)] = note

    for level in ranking["levels"]:
        for row in level["agencies"]:
            _apply(row, appraised.get(row["code"], {}), explained.get(row["code"], {}),
                   layout.agency, layout.total_decimals)
            # Each indicator's final points beside whether they are unknown (an index
            # metric without figures), so that no table shows unknown as N/A or 0.
            row["shown_indicators"] = [
                {"value": value, "unknown": is_unknown(layout, row.get("figures") or {}, spec.code)}
                for value, spec in zip(row["indicators"], layout.agency.indicators, strict=True)]
        # Not ranked: no data, or (an index of ratios) points still unknown and not
        # classed on the known part (engine.aggregate.subject_score).
        ranks = competition_ranks({row["code"]: row["total"] for row in level["agencies"]
                                   if row["class_code"] not in UNRANKED_CLASSES})
        for row in level["agencies"]:
            row["rank"] = ranks.get(row["code"])
        level["agencies"].sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["code"]))

    ranking.update({
        "state": period.state,
        "is_published": period.is_published_for(key.method, key.profile),
        "provisional": not period.is_published_for(key.method, key.profile),
        "published_at": period.published_at,
        # Another rule set than the period's own: a what-if, labelled wherever shown.
        "is_what_if": key.is_what_if,
        "appraised_agencies": len(appraised),
        "explained_agencies": len(explained),
    })
    return ranking


def _apply(row: dict[str, Any], appraisals: dict[str, Appraisal],
           notes: dict[str, SelfAssessment], agency: SubjectLayout, total_decimals: int) -> None:
    codes = [spec.code for spec in agency.indicators]
    decimals = {spec.code: spec.decimals for spec in agency.indicators}
    self_points: dict[str, Decimal | None] = dict(zip(codes, row["indicators"], strict=True))
    row["self_indicators"] = row["indicators"]
    row["self_total"] = row["total"]
    row["self_class_code"], row["self_class_label"] = row["class_code"], row["class_label"]
    row["self_rank"] = row["rank"]
    row["explanations"] = {n: note.explanation for n, note in notes.items()}
    row["appraisals"] = {n: {"points": at_decimals(a.points, decimals.get(n, 2)),
                             "self_points": at_decimals(a.self_points, decimals.get(n, 2)),
                             "reason": a.reason,
                             "by": a.appraised_by.get_username() if a.appraised_by else "",
                             "deduction": a.is_deduction}
                         for n, a in sorted(appraisals.items())}
    row["deductions"] = [{"indicator": n, **value} for n, value in row["appraisals"].items()
                         if value["deduction"]]
    if row["total"] is None or not appraisals:
        # No dossier, or nothing appraised: the computed total and class stand.
        return
    final = {n: (row["appraisals"][n]["points"] if n in appraisals else v)
             for n, v in self_points.items()}
    row["indicators"] = [final[n] for n in codes]
    row["total"] = at_decimals(indicator_total(final), total_decimals)
    if row.get("unknown_points"):
        # An index with points still unknown: the appraised total is of the known points
        # only, so it is no more classed (nor ranked) than the self-score was (§6.4).
        return
    # Classed by the run's own bands, as its self-score was.
    band = appraised_class(agency.bands, row["total"])
    if band is not None:
        row["class_code"] = band.code
        row["class_label"] = band.label_vi


def agency_result(key: Key, unit_code: str) -> dict[str, Any] | None:
    """One agency's row of `period_results` (with its level), or None."""
    results = period_results(key)
    if results is None:
        return None
    for level in results["levels"]:
        for row in level["agencies"]:
            if row["code"] == unit_code:
                return {"results": results, "level": level, "agency": row}
    return None


# The audit log's actions as a reader names them (in the page's language; the files are
# Vietnamese, `views._vietnamese_row`). An action missing here is shown by its
# code: a new service's entries are never hidden for want of a label.
ACTION_LABELS = {
    "score_period": gettext_lazy("Tính điểm kỳ"),
    "rescore_period": gettext_lazy("Tính lại điểm kỳ"),
    "period_state": gettext_lazy("Chuyển bước của kỳ"),
    "publish_period": gettext_lazy("Phê duyệt, công bố kỳ"),
    "reopen_period": gettext_lazy("Mở lại kỳ đã công bố"),
    "self_assessment": gettext_lazy("Giải trình tự đánh giá"),
    "self_assessment_delete": gettext_lazy("Rút giải trình tự đánh giá"),
    "appraisal": gettext_lazy("Điểm thẩm định"),
    "appraisal_delete": gettext_lazy("Bỏ điểm thẩm định"),
    "import_update": gettext_lazy("Nhập dữ liệu: cập nhật bản ghi"),
    "demo_loaded": gettext_lazy("Nạp dữ liệu minh họa"),
    "demo_closed": gettext_lazy("Dữ liệu minh họa: kết thúc hồ sơ, phản ánh còn mở của năm 2020"),
    "admin_create": gettext_lazy("Trang quản trị: thêm"),
    "admin_update": gettext_lazy("Trang quản trị: sửa"),
    "admin_delete": gettext_lazy("Trang quản trị: xóa"),
    "petition_submit": gettext_lazy("Phản ánh: tiếp nhận"),
    "petition_classify": gettext_lazy("Phản ánh: phân loại"),
    "petition_answer": gettext_lazy("Phản ánh: trả lời"),
    "petition_decide": gettext_lazy("Phản ánh: kết luận"),
    "petition_raise_again": gettext_lazy("Phản ánh: phản ánh lại"),
    "petition_mark_prolonged": gettext_lazy("Phản ánh: quá hạn trả lời"),
    "counter_device_add": gettext_lazy("Quầy: thêm thiết bị"),
    "counter_device_token_renew": gettext_lazy("Quầy: cấp lại mã thiết bị"),
    "counter_device_rename": gettext_lazy("Quầy: đổi tên thiết bị"),
    "counter_device_revoke": gettext_lazy("Quầy: thu hồi thiết bị"),
    "secret_rotated": gettext_lazy("Đổi khóa bí mật của hệ thống"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@dataclass(frozen=True)
class AuditFilter:
    """What the audit log page filters on; every field optional."""

    key_prefix: str = ""
    action: str = ""
    username: str = ""
    since: date | None = None
    until: date | None = None


def audit_entries(filters: AuditFilter) -> QuerySet[AuditEntry]:
    """Audit entries matching the filter, newest first, with their users in the same query."""
    entries = AuditEntry.objects.select_related("user").order_by("-at", "-id")
    if filters.key_prefix:
        entries = entries.filter(object_key__startswith=filters.key_prefix)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.username:
        entries = entries.filter(user__username=filters.username)
    # Dates are the reader's (Asia/Ho_Chi_Minh) days: from the start of `since` to the
    # end of `until`.
    if filters.since:
        entries = entries.filter(at__gte=_day_start(filters.since))
    if filters.until:
        entries = entries.filter(at__lt=_day_start(filters.until + timedelta(days=1)))
    return entries


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_actions() -> list[tuple[str, str]]:
    """Every action in the log (for the filter's list), labelled."""
    codes = set(AuditEntry.objects.values_list("action", flat=True).distinct()) | set(ACTION_LABELS)
    return sorted(((code, action_label(code)) for code in codes), key=lambda item: item[1])


def audit_row(entry: AuditEntry) -> dict[str, Any]:
    """One entry as the page and the exports show it: in words (`tthc.audit.words`)."""
    user = entry.user.get_username() if entry.user else ""
    actor = words.actor_label(entry.actor)
    return {
        "at": timezone.localtime(entry.at),
        "user": user,
        "actor": actor,
        # Who acted, as one phrase: the account, else what acted without one.
        "who": user or actor,
        "action": entry.action,
        "action_label": action_label(entry.action),
        "object_label": words.object_label(entry.object_type),
        "object_key": entry.object_key,
        "changes": words.changes_text(entry.object_type, entry.before, entry.after),
        "reason": entry.reason,
    }


def reopenings(key: Key) -> list[datetime]:
    """When a period was reopened after publication (the public page says it was corrected)."""
    return [timezone.localtime(at) for at in AuditEntry.objects.filter(
        action="reopen_period", object_key=key.audit_key()).order_by("at").values_list("at", flat=True)]


STEPS = (gettext_lazy("Thu thập dữ liệu"), gettext_lazy("Tính điểm"), gettext_lazy("Tự đánh giá"),
         gettext_lazy("Thẩm định"), gettext_lazy("Phê duyệt, công bố"))
_STEP_OF_STATE = {PeriodState.SELF_ASSESSMENT: 2, PeriodState.APPRAISAL: 3, PeriodState.LOCKED: 5}
NEXT_ACTIONS = {
    PeriodState.SELF_ASSESSMENT: gettext_lazy("Cơ quan giải trình; thẩm định viên chuyển sang thẩm định"),
    PeriodState.APPRAISAL: gettext_lazy("Thẩm định viên thẩm định, rồi phê duyệt và công bố"),
    PeriodState.LOCKED: gettext_lazy("Đã công bố — xem trang công khai kết quả"),
}


def cycle_steps(state: str, *, scored: bool) -> list[dict[str, str]]:
    """The five steps of methodology §4, each done, current or still to come."""
    current = _STEP_OF_STATE.get(state, 1 if scored else 0)
    steps = []
    for index, label in enumerate(STEPS):
        if state == PeriodState.LOCKED or index < current:
            status = "done"
        elif index == current:
            status = "current"
        else:
            status = "todo"
        steps.append({"number": str(index + 1), "label": label, "status": status})
    return steps


def next_action(state: str, *, scored: bool) -> str:
    if state == PeriodState.OPEN:
        return (gettext("Thẩm định viên mở bước tự đánh giá (có thể tính lại điểm trước)") if scored
                else gettext("Tính điểm kỳ"))
    return str(NEXT_ACTIONS[state])


def cycle_periods(*, method: str, profile: str) -> list[dict[str, Any]]:
    """Every period with its state, its current run under the profile, and what comes next.
    Two queries whatever the number of periods."""
    runs = {run.period_id: run for run in ScoringRun.objects.filter(
        method=method, profile=profile, is_current=True).order_by("computed_at", "id")}
    rows = []
    for period in Period.objects.all():
        run = runs.get(period.pk)
        rows.append({
            "code": period.code, "label": period_label(period.code), "state": period.state,
            "state_label": period.get_state_display(), "run": run,
            "published_at": period.published_at,
            "next_action": next_action(period.state, scored=run is not None),
        })
    return sorted(rows, key=lambda row: period_sort_key(row["code"]))
