"""Reads for "điểm còn giữ được" (/tong-quan/<period>/don-vi/<unit>/diem-con-giu-duoc/):
what one unit may still lose in an open period, from its records as of now.

Unlike the other dashboards this reads no stored run: what is at stake changes with
every dossier finished, so the unit's dossiers of the period are asked of the
methodology (``engine.stake.at_stake``) at the moment of the request — one unit's
records, a bounded number of queries. The methodology says which records are at stake
and what each would cost; this only loads, pages and names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils import timezone

from tthc.dossiers.models import Dossier
from tthc.engine.dossier import Context
from tthc.engine.method import PeriodInputs
from tthc.engine.periods import Period as Span
from tthc.engine.rules import RuleSet, load_rules
from tthc.engine.stake import AtStake, Item, Loss, at_stake, offers_at_stake
from tthc.evaluation.services import Key
from tthc.organisation.models import Unit
from tthc.organisation.selectors import working_calendar
from tthc.scoring import loaders
from tthc.scoring.models import Period, PeriodState

from .selectors import PER_PAGE

# The horizons the summary adds up: every dossier due within so many working days
# turning late (0: those due today).
HORIZONS = (0, 1, 3, 5, 10)


def clock() -> datetime:
    """The moment the page is computed at: now (a test sets another)."""
    return timezone.now()


def closed_because(code: str, today: date) -> str | None:
    """Why nothing can be saved in the period any more (None: it is open — it runs and
    is not published, so its records may still change what it scores)."""
    span = Span.parse(code)
    state = Period.objects.filter(code=code).values_list("state", flat=True).first()
    if state == PeriodState.LOCKED:
        return "Kỳ đã được phê duyệt, công bố: kết quả đã khóa, không còn điểm nào để giữ."
    if today > span.end:
        return (f"Kỳ đã kết thúc ngày {span.end:%d/%m/%Y}: hồ sơ trễ hạn hay đúng hạn trong kỳ đã được xác định, "
                "không còn điểm nào để giữ. Xem các hồ sơ làm mất điểm ở trang của cơ quan, đơn vị.")
    if today < span.start:
        return f"Kỳ bắt đầu ngày {span.start:%d/%m/%Y}: chưa có hồ sơ nào của kỳ."
    return None


def is_open(code: str, today: date) -> bool:
    return closed_because(code, today) is None


def offered(key: Key) -> bool:
    """Whether the rule set's methodology says what is at stake."""
    return offers_at_stake(_rules(key))


def _rules(key: Key) -> RuleSet:
    return load_rules(key.method, key.profile, Span.parse(key.period).end)


@dataclass(frozen=True)
class StakeList:
    page: Page
    rows: list[dict[str, Any]]


def _rows(items: tuple[Item, ...], groups: list[dict[str, Any]], names: dict[str, str],
          number: Any) -> StakeList:
    page = Paginator(list(items), PER_PAGE, allow_empty_first_page=True).get_page(number)
    rows = [{"item": item, "name": names.get(item.code, ""),
             "groups": [item.loss.groups.get(g["code"]) for g in groups],
             "cumulative_groups": [item.cumulative.groups.get(g["code"]) for g in groups]}
            for item in page.object_list]
    return StakeList(page, rows)


def _groups(rules: RuleSet, found: AtStake) -> list[dict[str, Any]]:
    """The groups something at stake touches, in the methodology's order."""
    touched = {g for item in (*found.dossiers, *found.petitions) for g in item.cumulative.groups}
    touched |= {rules.methodology.indicators[m.code].group for m in found.metrics}
    return [{"code": g.code, "name": g.name_vi} for g in rules.methodology.groups.values() if g.code in touched]


def _horizons(found: AtStake, groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for days in HORIZONS:
        loss = AtStake.within(found.dossiers, days)
        count = sum(1 for item in found.dossiers if item.working_days_left <= days)
        rows.append({"days": days, "count": count, "loss": loss,
                     "groups": [loss.groups.get(g["code"]) for g in groups]})
    every = found.dossiers[-1].cumulative if found.dossiers else Loss()
    rows.append({"days": None, "count": len(found.dossiers), "loss": every,
                 "groups": [every.groups.get(g["code"]) for g in groups]})
    return rows


def at_stake_page(key: Key, unit: Unit, moment: datetime, *, page: Any = 1,
                  petition_page: Any = 1) -> dict[str, Any] | None:
    """What the unit may still lose in the open period as of `moment`; None when the rule
    set's methodology cannot say."""
    rules = _rules(key)
    if not offers_at_stake(rules):
        return None
    span = Span.parse(key.period)
    as_of = loaders.local(moment)
    assert as_of is not None
    cut = Span(span.start, min(span.end, as_of.date()), span.code)
    petitions = loaders.load_petitions(Q(unit=unit) | Q(dossier__unit=unit))
    dossiers = list(loaders.load_dossiers(loaders.period_dossier_filter(cut) & Q(unit=unit), petitions))
    ctx = Context(rules=rules, calendar=working_calendar(years=range(span.start.year - 1, span.end.year + 2)),
                  procedures=loaders.load_procedures({d.procedure_code for d in dossiers}),
                  unit_procedures={}, as_of=as_of, period=span)
    inputs = PeriodInputs(period=span, ctx=ctx, units=[], officials=[], petitions=petitions)
    found = at_stake(inputs, dossiers, unit.code)
    assert found is not None
    groups = _groups(rules, found)
    shown = _rows(found.dossiers, groups, {}, page)
    procedures = dict(Dossier.objects.filter(unit=unit, code__in=[r["item"].code for r in shown.rows])
                      .values_list("code", "procedure__name"))
    for row in shown.rows:
        row["name"] = procedures.get(row["item"].code, "")
    specs = rules.methodology.indicators
    return {
        "as_of": as_of,
        "decimals": rules.methodology.total_decimals,
        "groups": groups,
        "metrics": [{"spec": specs[m.code], "now": m} for m in found.metrics],
        "dossiers": shown,
        "dossier_count": len(found.dossiers),
        "petitions": _rows(found.petitions, groups, {}, petition_page),
        "petition_count": len(found.petitions),
        "horizons": _horizons(found, groups),
        "waiting": found.waiting,
        "rule": found.rule,
    }
