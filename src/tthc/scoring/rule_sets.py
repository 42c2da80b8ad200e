"""Which rule set (methodology and profile) scores a period when none is asked for.

One answer for the whole product, the registry's: the methodology in force on the
period's last day, with its default profile (`in_force` in each methodology.yaml). Any
other installed rule set may be asked for by name: its run is a what-if, shown as such
and never published unless the appraiser says so explicitly
(`evaluation.services.period_advance(..., what_if=True)`).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from tthc.engine.periods import Period as Span
from tthc.engine.periods import PeriodError
from tthc.engine.registry import installed
from tthc.engine.rules import RuleError


def for_day(day: date) -> tuple[str, str]:
    """The rule set in force on a day; if none is, the one whose force ended last (or,
    before any came into force, the first): pages always have something to show."""
    found = installed()
    try:
        return found.default_rule_set(day)
    except RuleError:
        methodologies = list(found.methodologies.values())
        if not methodologies:
            raise
        ended = [m for m in methodologies if m.in_force_to is not None and m.in_force_to < day]
        chosen = (max(ended, key=lambda m: m.in_force_to or date.min) if ended
                  else min(methodologies, key=lambda m: m.in_force_from or date.min))
        return found.default_rule_set(chosen.in_force_to or chosen.in_force_from or day)


def for_period(code: str, *, strict: bool = False) -> tuple[str, str]:
    """The rule set a period is scored under by default: in force on its last day.

    `strict` (scoring) refuses a period no installed methodology was in force for, with
    the registry's message; otherwise (reading pages) the nearest one is used.
    """
    try:
        end = Span.parse(code).end
    except PeriodError:
        if strict:
            raise
        return site_default()
    if strict:
        return installed().default_rule_set(end)
    return for_day(end)


def asked(period: str, method: str | None, profile: str | None) -> tuple[str, str]:
    """The rule set a scoring command asked for: a methodology named without a profile
    gets that methodology's default profile (never the period's other methodology); a
    profile named alone belongs to the period's own methodology; neither, the period's
    own rule set."""
    if method is None:
        default_method, default_profile = for_period(period, strict=True)
        return default_method, profile or default_profile
    if profile is None:
        profile = installed().default_profile(method)
        if profile is None:
            raise RuleError(f"Phương pháp {method} không có bộ quy tắc nào / methodology {method} "
                            "has no profile")
    return method, profile


def site_default() -> tuple[str, str]:
    """The rule set of pages that name no period (the home page): in force today."""
    return for_day(timezone.localdate())


def is_what_if(period: str, method: str, profile: str) -> bool:
    """A run under another rule set than the period's default one."""
    return (method, profile) != for_period(period)
