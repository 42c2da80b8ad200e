"""Walk the demo's periods through the evaluation cycle, so every step has an example.

2020-Q1 and 2020-Q2 are published (with explanations and a few deductions), 2020-Q3 is
under appraisal, 2020-Q4 in self-assessment; the year stays open. The 2026 data set's
months (national index) likewise: 2026-08 and 2026-09 published, 2026-10 under
appraisal, 2026-11 in self-assessment; a period not scored is skipped. Everything goes
through the services, so the audit log shows the demo's history like a real one.
All of it is synthetic and labelled so ("minh họa").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from tthc.organisation.models import UnitKind
from tthc.scoring.models import Period, PeriodState, SubjectScore, SubjectType
from tthc.scoring.selectors import current_run, layout_of

from . import services
from .services import Key

PLAN = {
    "2020-Q1": PeriodState.LOCKED,
    "2020-Q2": PeriodState.LOCKED,
    "2020-Q3": PeriodState.APPRAISAL,
    "2020-Q4": PeriodState.SELF_ASSESSMENT,
    "2026-08": PeriodState.LOCKED,
    "2026-09": PeriodState.LOCKED,
    "2026-10": PeriodState.APPRAISAL,
    "2026-11": PeriodState.SELF_ASSESSMENT,
}
ORDER = (PeriodState.OPEN, PeriodState.SELF_ASSESSMENT, PeriodState.APPRAISAL, PeriodState.LOCKED)

EXPLANATION = ("(Minh họa) Một số hồ sơ trễ hạn do phải lấy ý kiến cơ quan liên quan; đơn vị đã "
               "chấn chỉnh, giao cán bộ theo dõi tiến độ hằng tuần.")
DEDUCTION = ("(Minh họa) Kiểm tra thực tế tại Bộ phận Một cửa: một số hồ sơ, thủ tục ghi nhận "
             "trên hệ thống chưa đúng với thực tế, chưa cập nhật theo quyết định công bố mới.")


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _agency_scores(key: Key) -> list[SubjectScore]:
    run = current_run(period=key.period, method=key.method, profile=key.profile)
    if run is None:
        return []
    return list(SubjectScore.objects.filter(
        run=run, subject_type=SubjectType.AGENCY, unit__kind=UnitKind.PROVINCE_AGENCY,
        total__isnull=False).select_related("unit", "run").order_by("unit__code"))


def demo_cycle() -> list[str]:
    """Advance the demo periods; returns one line per period for the command to print."""
    appraiser, leader = _user("thamdinh"), _user("lanhdao")
    lines = []
    for code, target in PLAN.items():
        key = Key(code)
        period = Period.objects.filter(code=code).first()
        scores = _agency_scores(key)
        if period is None or not scores:
            continue
        if ORDER.index(period.state) >= ORDER.index(target):
            lines.append(f"{code}: {period.get_state_display()} (giữ nguyên)")
            continue
        if period.state == PeriodState.OPEN:
            services.period_advance(key, to=PeriodState.SELF_ASSESSMENT, user=appraiser)
        _explain(key, scores, leader)
        if target in (PeriodState.APPRAISAL, PeriodState.LOCKED):
            services.period_advance(key, to=PeriodState.APPRAISAL, user=appraiser)
            _appraise(key, scores, appraiser)
        if target == PeriodState.LOCKED:
            services.period_advance(key, to=PeriodState.LOCKED, user=appraiser)
        lines.append(f"{code}: {PeriodState(target).label}")
    return lines


def _points(score: SubjectScore, code: str) -> Decimal | None:
    value = score.values.get(code)
    return None if value is None else Decimal(value)


def _explain(key: Key, scores: list[SubjectScore], leader: Any) -> None:
    """The demo leader's agency (STP) explains its weakest indicator."""
    stp = next((s for s in scores if s.unit.code == "STP"), None)
    if stp is None:
        return
    codes = [spec.code for spec in layout_of(stp.run).agency.indicators]
    weakest = min(codes, key=lambda code: (_points(stp, code) is None, _points(stp, code) or 0,
                                           codes.index(code)))
    services.self_assessment_save(key, unit=stp.unit, indicator=weakest, explanation=EXPLANATION,
                                  user=leader)


def _appraise(key: Key, scores: list[SubjectScore], appraiser: Any) -> None:
    """Deduct a quarter of the maximum from two agencies with full marks on the first
    indicator where at least three have them (for nd61-tt01, disclosure: 2 → 1.5; for
    qd766, the dossiers synchronised to the portal: 6 → 4.5)."""
    if not scores:
        return
    for spec in layout_of(scores[0].run).agency.indicators:
        full = [s for s in scores if _points(s, spec.code) == spec.max_points]
        if spec.per == "dossier" and len(full) >= 3:
            points = (spec.max_points * Decimal("0.75")).quantize(Decimal(1).scaleb(-spec.decimals))
            for score in full[1:3]:
                services.appraisal_save(key, unit=score.unit, indicator=spec.code, points=points,
                                        reason=DEDUCTION, user=appraiser)
            return

