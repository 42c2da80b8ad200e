"""Writes of the evaluation cycle: state changes, explanations, appraisals. All audited.

Permission (who may call what) is the caller's question — `tthc.access.roles`; these
functions guard what the cycle allows whoever calls: the step the period is in, points
on the indicator's own scale (from the run's layout), a reason for every deduction, a reason for every reopening.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from tthc.audit.services import audit_record
from tthc.engine.appraisal import appraised_points
from tthc.engine.numbers import fmt_decimal
from tthc.engine.rules import Indicator
from tthc.organisation.models import Unit
from tthc.scoring import rule_sets
from tthc.scoring.models import Period, PeriodState, ScoringRun, SubjectScore, SubjectType
from tthc.scoring.selectors import current_run, layout_of

from .index import is_unknown
from .models import Appraisal, SelfAssessment


class CycleError(Exception):
    """An action the period's step does not allow (message for the user, in the page's language)."""


# Forward along the cycle, and one step back before publication (to correct and redo).
# Leaving LOCKED is a reopening: only `period_reopen`, with a reason.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    PeriodState.OPEN: (PeriodState.SELF_ASSESSMENT,),
    PeriodState.SELF_ASSESSMENT: (PeriodState.APPRAISAL, PeriodState.OPEN),
    PeriodState.APPRAISAL: (PeriodState.LOCKED, PeriodState.SELF_ASSESSMENT),
    PeriodState.LOCKED: (),
}
ACTIONS = {
    PeriodState.SELF_ASSESSMENT: gettext_lazy("Mở bước tự đánh giá"),
    PeriodState.APPRAISAL: gettext_lazy("Chuyển sang thẩm định"),
    PeriodState.LOCKED: gettext_lazy("Phê duyệt và công bố"),
    PeriodState.OPEN: gettext_lazy("Trả về bước tính điểm"),
}


@dataclass(frozen=True)
class Key:
    """A period under one rule set; without one, the period's own (in force on its last
    day, `scoring.rule_sets.for_period`)."""

    period: str
    method: str = ""
    profile: str = ""

    def __post_init__(self) -> None:
        if not (self.method and self.profile):
            method, profile = rule_sets.for_period(self.period)
            object.__setattr__(self, "method", method)
            object.__setattr__(self, "profile", profile)

    @property
    def is_what_if(self) -> bool:
        """Scored under another rule set than the period's own."""
        return rule_sets.is_what_if(self.period, self.method, self.profile)

    def audit_key(self, *rest: object) -> str:
        return "/".join([self.period, self.method, self.profile, *map(str, rest)])


def _actor(user: Any) -> str:
    return getattr(user, "get_username", lambda: "")() or "system"


def _period(key: Key) -> Period:
    period = Period.objects.select_for_update().filter(code=key.period).first()
    if period is None:
        raise CycleError(gettext("Kỳ %(period)s chưa được tính điểm.") % {"period": key.period})
    return period


def _no_run(key: Key) -> str:
    return gettext("Kỳ %(period)s chưa có kết quả tính điểm theo bộ quy tắc %(profile)s.") % {
        "period": key.period, "profile": key.profile}


def _current_run(key: Key) -> ScoringRun | None:
    return current_run(period=key.period, method=key.method, profile=key.profile)


@transaction.atomic
def period_advance(key: Key, *, to: str, user: Any, reason: str = "",
                   what_if: bool = False) -> Period:
    """Move a period to the next (or back to the previous) step of the cycle.

    Publishing under another rule set than the period's own (a what-if run) is refused
    unless `what_if` says it is meant, with a reason: it is never done by accident.
    """
    period = _period(key)
    if to == PeriodState.LOCKED and key.is_what_if:
        own = rule_sets.for_period(key.period)
        if not what_if:
            raise CycleError(gettext(
                "Kết quả theo %(method)s / %(profile)s là kết quả thử nghiệm: bộ quy tắc của "
                "kỳ %(period)s là %(own_method)s / %(own_profile)s (có hiệu lực vào ngày cuối kỳ). "
                "Muốn công bố theo bộ quy tắc thử nghiệm, hãy xác nhận riêng và ghi rõ lý do.")
                % {"method": key.method, "profile": key.profile, "period": key.period,
                   "own_method": own[0], "own_profile": own[1]})
        if not reason.strip():
            raise CycleError(gettext("Công bố theo bộ quy tắc thử nghiệm phải ghi rõ lý do."))
    if to not in TRANSITIONS[period.state]:
        raise CycleError(gettext("Kỳ %(period)s đang ở bước “%(state)s”; không thể chuyển sang "
                           "“%(to)s”.") % {"period": key.period, "state": period.get_state_display(),
                                          "to": PeriodState(to).label})
    if to != PeriodState.OPEN and _current_run(key) is None:
        raise CycleError(_no_run(key))
    before = period.state
    period.state = to
    period.state_changed_at = timezone.now()
    if to == PeriodState.LOCKED:
        period.published_at = period.state_changed_at
        period.published_method, period.published_profile = key.method, key.profile
    period.save(update_fields=["state", "state_changed_at", "published_at", "published_method",
                               "published_profile"])
    audit_record(actor=_actor(user), user=user, action="publish_period" if to == PeriodState.LOCKED
                 else "period_state", object_type="period", object_key=key.audit_key(),
                 before={"state": before}, after={"state": to}, reason=reason)
    return period


@transaction.atomic
def period_reopen(key: Key, *, user: Any, reason: str) -> Period:
    """Reopen a published period for correction: back to appraisal, with a reason."""
    reason = reason.strip()
    if not reason:
        raise CycleError(gettext("Mở lại kỳ đã công bố phải ghi rõ lý do."))
    period = _period(key)
    if period.state != PeriodState.LOCKED:
        raise CycleError(gettext("Kỳ %(period)s chưa công bố nên không cần mở lại.") % {"period": key.period})
    period.state = PeriodState.APPRAISAL
    period.state_changed_at = timezone.now()
    period.save(update_fields=["state", "state_changed_at"])
    audit_record(actor=_actor(user), user=user, action="reopen_period", object_type="period",
                 object_key=key.audit_key(), before={"state": PeriodState.LOCKED},
                 after={"state": PeriodState.APPRAISAL}, reason=reason)
    return period


def _require_state(period: Period, state: str, doing: str) -> None:
    if period.state == PeriodState.LOCKED:
        raise CycleError(gettext("Kỳ %(period)s đã công bố và khóa: không thể %(doing)s. Cần thẩm "
                           "định viên mở lại kỳ (có ghi lý do).") % {"period": period.code,
                                                                     "doing": doing})
    if period.state != state:
        raise CycleError(gettext("Kỳ %(period)s đang ở bước “%(state)s”: chưa thể %(doing)s.")
                         % {"period": period.code, "state": period.get_state_display(),
                            "doing": doing})


def _agency_run(key: Key) -> ScoringRun:
    run = _current_run(key)
    if run is None:
        raise CycleError(_no_run(key))
    return run


def _indicator(run: ScoringRun, code: object) -> Indicator:
    """The agency indicator of the run's layout with this code, or a clear refusal."""
    agency = layout_of(run).agency
    for spec in agency.indicators:
        if spec.code == str(code):
            return spec
    known = ", ".join(spec.code for spec in agency.indicators)
    raise CycleError(gettext("Chỉ số %(code)s không có trong phương pháp %(method)s (các chỉ số: %(known)s).")
                     % {"code": code, "method": run.method, "known": known})


def _self_points(run: ScoringRun, unit: Unit, spec: Indicator) -> Decimal | None:
    score = SubjectScore.objects.filter(run=run, subject_type=SubjectType.AGENCY, unit=unit).first()
    if score is None:
        raise CycleError(gettext("%(unit)s không có điểm tự chấm trong kỳ %(period)s.")
                         % {"unit": unit.name, "period": run.period.code})
    value = score.values.get(spec.code)
    return None if value is None else Decimal(value).quantize(Decimal(1).scaleb(-spec.decimals))


def _unknown(run: ScoringRun, unit: Unit, spec: Indicator) -> bool:
    """Whether an index metric's points are unknown (no source), rather than N/A."""
    figures = (SubjectScore.objects.filter(run=run, subject_type=SubjectType.AGENCY, unit=unit)
               .values_list("figures", flat=True).first()) or {}
    return is_unknown(layout_of(run), figures, spec.code)


def _vi(value: Decimal | None) -> str:
    return "—" if value is None else fmt_decimal(value)


@transaction.atomic
def self_assessment_save(key: Key, *, unit: Unit, indicator: str | int, explanation: str,
                         user: Any) -> SelfAssessment | None:
    """Write (or, with an empty text, withdraw) an agency's explanation of an indicator."""
    period = _period(key)
    _require_state(period, PeriodState.SELF_ASSESSMENT, gettext("sửa giải trình tự đánh giá"))
    run = _agency_run(key)
    indicator = _indicator(run, indicator).code
    _self_points(run, unit, _indicator(run, indicator))
    explanation = explanation.strip()
    found = SelfAssessment.objects.filter(period=period, method=key.method, profile=key.profile,
                                          unit=unit, indicator=indicator).first()
    before = None if found is None else {"explanation": found.explanation}
    if not explanation:
        if found is not None:
            found.delete()
            audit_record(actor=_actor(user), user=user, action="self_assessment_delete",
                         object_type="self_assessment",
                         object_key=key.audit_key(unit.code, indicator), before=before, after=None)
        return None
    if found is not None and found.explanation == explanation:
        return found
    if found is None:
        found = SelfAssessment(period=period, method=key.method, profile=key.profile, unit=unit,
                               indicator=indicator)
    found.explanation, found.updated_by = explanation, user
    found.save()
    audit_record(actor=_actor(user), user=user, action="self_assessment",
                 object_type="self_assessment", object_key=key.audit_key(unit.code, indicator),
                 before=before, after={"explanation": explanation})
    return found


@transaction.atomic
def appraisal_save(key: Key, *, unit: Unit, indicator: str | int, points: str | Decimal | None,
                   reason: str, user: Any) -> Appraisal | None:
    """Set an indicator's appraised points; None (or the self-score, with no reason)
    withdraws the appraisal so the self-score stands."""
    period = _period(key)
    _require_state(period, PeriodState.APPRAISAL, gettext("sửa điểm thẩm định"))
    run = _agency_run(key)
    spec = _indicator(run, indicator)
    indicator = spec.code
    self_points = _self_points(run, unit, spec)
    found = Appraisal.objects.filter(period=period, method=key.method, profile=key.profile,
                                     unit=unit, indicator=indicator).first()
    before = None if found is None else {"points": found.points, "reason": found.reason}
    reason = reason.strip()
    value = None if points is None or str(points).strip() == "" else appraised_points(points, spec)
    if value is not None and self_points is None:
        if _unknown(run, unit, spec):
            raise CycleError(gettext("%(short)s của %(unit)s chưa có số liệu trong kỳ này: điểm chưa "
                               "biết, không có điểm để thẩm định.")
                             % {"short": spec.short, "unit": unit.name})
        raise CycleError(gettext("%(short)s không áp dụng cho %(unit)s trong kỳ này: không có điểm để "
                           "thẩm định.") % {"short": spec.short, "unit": unit.name})
    if value is not None and value < self_points and not reason:  # type: ignore[operator]
        raise CycleError(gettext("%(short)s: trừ điểm (từ %(before)s xuống %(after)s) phải ghi rõ lý "
                           "do.") % {"short": spec.short, "before": _vi(self_points),
                                     "after": _vi(value)})
    if value is None or (value == self_points and not reason):
        if found is not None:
            found.delete()
            audit_record(actor=_actor(user), user=user, action="appraisal_delete",
                         object_type="appraisal", object_key=key.audit_key(unit.code, indicator),
                         before=before, after=None)
        return None
    if found is not None and (found.points, found.reason) == (value, reason):
        return found
    if found is None:
        found = Appraisal(period=period, method=key.method, profile=key.profile, unit=unit,
                          indicator=indicator)
    found.points, found.self_points, found.reason, found.appraised_by = value, self_points, reason, user
    found.save()
    audit_record(actor=_actor(user), user=user, action="appraisal", object_type="appraisal",
                 object_key=key.audit_key(unit.code, indicator), before=before,
                 after={"points": value, "self_points": self_points, "reason": reason})
    return found
