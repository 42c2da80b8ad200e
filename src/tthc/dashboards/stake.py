"""Reads for "điểm còn giữ được" (/tong-quan/<period>/don-vi/<unit>/diem-con-giu-duoc/):
what one unit may still lose in an open period, from its records as of now.

Unlike the other dashboards this reads no stored run: what is at stake changes with
every dossier finished, so the unit's dossiers of the period are asked of the
methodology at the moment of the request (``scoring.stake.unit_at_stake``, one unit's
records, a bounded number of queries). The methodology says which records are at stake
and what each would cost; this only pages and names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils import timezone

from tthc.dossiers.models import Dossier
from tthc.engine.rules import RuleSet
from tthc.engine.stake import AtStake, Item, Loss, offers_at_stake
from tthc.evaluation.services import Key
from tthc.organisation.models import Unit
from tthc.scoring.stake import closed_because, period_rules, unit_at_stake
from tthc.site import names

from .selectors import PER_PAGE

# The horizons the summary adds up: every dossier due within so many working days
# turning late (0: those due today).
HORIZONS = (0, 1, 3, 5, 10)


def clock() -> datetime:
    """The moment the page is computed at: now (a test sets another)."""
    return timezone.now()


def is_open(code: str, today: date) -> bool:
    return closed_because(code, today) is None


def offered(key: Key) -> bool:
    """Whether the rule set's methodology says what is at stake."""
    return offers_at_stake(period_rules(key.period, key.method, key.profile))


@dataclass(frozen=True)
class StakeList:
    page: Page
    rows: list[dict[str, Any]]


def _rows(items: tuple[Item, ...], groups: list[dict[str, Any]], number: Any) -> StakeList:
    page = Paginator(list(items), PER_PAGE, allow_empty_first_page=True).get_page(number)
    rows = [{"item": item, "name": "",
             "groups": [item.loss.groups.get(g["code"]) for g in groups],
             "cumulative_groups": [item.cumulative.groups.get(g["code"]) for g in groups]}
            for item in page.object_list]
    return StakeList(page, rows)


def _groups(rules: RuleSet, found: AtStake) -> list[dict[str, Any]]:
    """The groups something at stake touches, in the methodology's order."""
    touched = {g for item in (*found.dossiers, *found.petitions) for g in item.cumulative.groups}
    touched |= {rules.methodology.indicators[m.code].group for m in found.metrics}
    return [{"code": g.code, "name": names.name(g)} for g in rules.methodology.groups.values() if g.code in touched]


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
    rules = period_rules(key.period, key.method, key.profile)
    found = unit_at_stake(rules=rules, period=key.period, unit=unit, moment=moment)
    if found is None:
        return None
    groups = _groups(rules, found)
    shown = _rows(found.dossiers, groups, page)
    procedures = dict(Dossier.objects.filter(unit=unit, code__in=[r["item"].code for r in shown.rows])
                      .values_list("code", "procedure__name"))
    for row in shown.rows:
        row["name"] = procedures.get(row["item"].code, "")
    specs = rules.methodology.indicators
    return {
        "as_of": found.as_of,
        "decimals": rules.methodology.total_decimals,
        "groups": groups,
        "metrics": [{"spec": specs[m.code], "now": m} for m in found.metrics],
        "dossiers": shown,
        "dossier_count": len(found.dossiers),
        "petitions": _rows(found.petitions, groups, petition_page),
        "petition_count": len(found.petitions),
        "horizons": _horizons(found, groups),
        "waiting": found.waiting,
        "rule": found.rule,
    }
