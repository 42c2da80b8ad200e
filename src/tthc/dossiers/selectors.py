"""Reads of one dossier for its page (/ho-so/<code>/, issue 13): the record, its steps and
supplement requests, its rating and petitions, and each indicator's points with their
evidence from the engine's per-dossier path (`tthc.scoring.explanations`, the core of
`tthc explain`), under the methodology and period asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from tthc.access.roles import Viewer, may_view_dossier, may_view_official, may_view_unit
from tthc.engine.dossier import Timing, timing_of
from tthc.engine.periods import Period as Span
from tthc.engine.periods import PeriodError
from tthc.engine.registry import installed
from tthc.engine.rules import RuleError
from tthc.petitions.selectors import petitions_visible
from tthc.ratings.models import Rating
from tthc.scoring import explanations
from tthc.scoring.models import Period, ScoringRun
from tthc.scoring.selectors import current_run, layout_of
from tthc.site.rule_set_query import rule_set_query

from .codes import staff_code_candidates
from .models import Dossier, Step

_RELATED = ("procedure", "unit", "desk", "received_by", "received_by__unit")

# The engine's words (engine.dossier.TIMING_VI), translated for the page.
TIMING = {Timing.EARLY: gettext_lazy("trước hạn"), Timing.ON_TIME: gettext_lazy("đúng hạn"),
          Timing.LATE: gettext_lazy("quá hạn")}


def dossier_find(typed: str) -> Dossier | None:
    """The dossier whose code the typed text stands for (`codes.staff_code_candidates`),
    the text as typed winning over its rewritten forms."""
    candidates = staff_code_candidates(typed)
    if not candidates:
        return None
    found = {d.code: d for d in Dossier.objects.filter(code__in=candidates).select_related(*_RELATED)}
    return next((found[c] for c in candidates if c in found), None)


def dossier_visible(viewer: Viewer, dossier: Dossier) -> bool:
    """`roles.may_view_dossier`, with the units the dossier passed through."""
    if viewer.sees_all:
        return True
    units = {dossier.unit_id, dossier.desk_id,
             *Step.objects.filter(dossier=dossier).values_list("unit_id", flat=True)}
    return may_view_dossier(viewer, unit_ids=units, desk_id=dossier.desk_id,
                            received_by_id=dossier.received_by_id)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool


def _local_date(value: Any) -> date | None:
    return None if value is None else timezone.localtime(value).date()


def _steps(dossier: Dossier, points: dict[int, Any]) -> list[dict[str, Any]]:
    rows = []
    for step in dossier.steps.select_related("unit", "official").order_by("seq"):
        timing = None
        if step.finished_at is not None and step.due_at is not None:
            timing = timing_of(timezone.localtime(step.finished_at), timezone.localtime(step.due_at))
        scored = points.get(step.seq)
        rows.append({"step": step, "timing": TIMING[timing] if timing else None,
                     "late": timing is not None and timing.value == "late",
                     "points": scored.points if scored else None,
                     "evidence": scored.evidence if scored else ""})
    return rows


def _petitions(dossier: Dossier, user: Any) -> list[dict[str, Any]]:
    """The dossier's petitions, each with whether the viewer may open its desk page."""
    rows = list(dossier.petitions.select_related("unit", "about_official").order_by("received_at", "pk"))
    visible = petitions_visible(user)
    openable = set() if visible is None else set(visible.filter(pk__in=[p.pk for p in rows])
                                                 .values_list("pk", flat=True))
    return [{"petition": p, "openable": p.pk in openable} for p in rows]


def _periods(dossier: Dossier, chosen: str) -> list[Choice]:
    """The evaluation periods that hold the dossier: those its end falls in (or, still
    open, those it was open at the end of), and the one shown."""
    day = _local_date(dossier.finished_at) or timezone.localdate()
    received = _local_date(dossier.received_at) or day
    codes = set()
    for code in Period.objects.values_list("code", flat=True):
        try:
            span = Span.parse(code)
        except PeriodError:
            continue
        if span.contains(day) or (dossier.finished_at is None and received <= span.end):
            codes.add(code)
    codes.add(chosen)
    ordered = sorted(codes, key=lambda c: (Span.parse(c).start, Span.parse(c).end))
    return [Choice(c, Span.parse(c).label_vi, c == chosen) for c in ordered]


def _methods(chosen: str) -> list[Choice]:
    return [Choice(m.id, m.title_vi, m.id == chosen) for m in installed().methodologies.values()]


def _indicators(explanation: explanations.Explanation) -> list[dict[str, Any]]:
    # Headings and names as the period's run stored them, the ones its dashboards and
    # reports print; the rule set's own only for a period not scored under it yet.
    run = current_run(period=explanation.period, method=explanation.method or None,
                      profile=explanation.profile or None)
    stored = layout_of(run).indicators if run is not None else ()
    specs = {spec.code: spec for spec in explanation.indicators} | {spec.code: spec for spec in stored}
    rows = []
    for code, point in explanation.result.indicators.items():
        spec = specs.get(code)
        rows.append({"code": code, "short": spec.short if spec else code,
                     "name": spec.name_vi if spec else explanation.indicator_names.get(code, ""),
                     "max": spec.max_points if spec else None, "decimals": spec.decimals if spec else 0,
                     "points": point.points, "evidence": point.evidence,
                     "lost": point.points is not None and spec is not None and point.points < spec.max_points})
    return rows


def _links(viewer: Viewer, dossier: Dossier, explanation: explanations.Explanation) -> dict[str, Any]:
    """The unit's and the receiving official's pages of the period shown, under the rule
    set shown — only where that period has a run under it and the viewer may open them."""
    has_run = ScoringRun.objects.filter(is_current=True, period__code=explanation.period,
                                        method=explanation.method, profile=explanation.profile).exists()
    official = dossier.received_by
    return {
        "query": rule_set_query(explanation.method, explanation.profile, period=explanation.period),
        "unit": has_run and may_view_unit(viewer, dossier.unit_id),
        "official": has_run and official is not None and may_view_official(
            viewer, official_id=official.pk, unit_id=official.unit_id),
    }


def dossier_page(*, viewer: Viewer, user: Any, dossier: Dossier, method: str | None,
                 profile: str | None, period: str | None) -> dict[str, Any]:
    """Everything the dossier's page shows. `method`, `profile`, `period` as
    `tthc explain` takes them (None: the dossier's own period and its rule set); an
    explanation that cannot be made (no such profile) leaves `problem` set instead."""
    explanation, problem = None, None
    try:
        explanation = explanations.dossier_explain(code=dossier.code, method=method, profile=profile,
                                                   period=period)
    except (RuleError, PeriodError) as error:
        problem = str(error)
    steps_points = {s.seq: s for s in explanation.result.steps} if explanation else {}
    shown_period = explanation.period if explanation else (period or "")
    shown_method = explanation.method if explanation else (method or "")
    return {
        "dossier": dossier,
        "steps": _steps(dossier, steps_points),
        "supplements": list(dossier.supplements.order_by("seq")),
        "rating": Rating.objects.filter(dossier=dossier).first(),
        "petitions": _petitions(dossier, user),
        "explanation": explanation,
        "result": explanation.result if explanation else None,
        "timing": TIMING[explanation.result.timing] if explanation and explanation.result.timing else None,
        "indicators": _indicators(explanation) if explanation else [],
        "problem": problem,
        "periods": _periods(dossier, shown_period) if shown_period else [],
        "methods": _methods(shown_method),
        "links": _links(viewer, dossier, explanation) if explanation else {},
    }
