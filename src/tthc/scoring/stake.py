"""What one unit may still lose in an open period, from its records as of a moment
(``engine.stake``): the one read behind the page "điểm còn giữ được" and
`tthc at_stake`. One unit's dossiers and petitions, a bounded number of queries; nothing
stored."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Q

from tthc.engine.dossier import Context
from tthc.engine.method import PeriodInputs
from tthc.engine.periods import Period
from tthc.engine.rules import RuleSet, load_rules
from tthc.engine.stake import AtStake, Item, Loss, at_stake
from tthc.organisation.models import Unit
from tthc.organisation.selectors import working_calendar

from . import loaders
from .models import Period as PeriodRow
from .models import PeriodState


def closed_because(code: str, today: date) -> str | None:
    """Why nothing can be saved in the period any more (None: it is open — it runs and
    is not published, so its records may still change what it scores)."""
    span = Period.parse(code)
    state = PeriodRow.objects.filter(code=code).values_list("state", flat=True).first()
    if state == PeriodState.LOCKED:
        return "Kỳ đã được phê duyệt, công bố: kết quả đã khóa, không còn điểm nào để giữ."
    if today > span.end:
        return (f"Kỳ đã kết thúc ngày {span.end:%d/%m/%Y}: hồ sơ trễ hạn hay đúng hạn trong kỳ đã được xác định, "
                "không còn điểm nào để giữ. Xem các hồ sơ làm mất điểm ở trang của cơ quan, đơn vị.")
    if today < span.start:
        return f"Kỳ bắt đầu ngày {span.start:%d/%m/%Y}: chưa có hồ sơ nào của kỳ."
    return None


def period_rules(period: str, method: str, profile: str) -> RuleSet:
    """The rule set a period is read under (its values as of the period's last day)."""
    return load_rules(method, profile, Period.parse(period).end)


def unit_at_stake(*, rules: RuleSet, period: str, unit: Unit, moment: datetime) -> AtStake | None:
    """The unit's points still at stake in `period` as of `moment`; None when the rule
    set's methodology cannot say."""
    span = Period.parse(period)
    as_of = loaders.local(moment)
    assert as_of is not None
    # The records up to the moment: a dossier finished before the period or received
    # after the moment is in no figure of the period as it stands.
    cut = Period(span.start, min(span.end, as_of.date()), span.code)
    petitions = loaders.load_petitions(Q(unit=unit) | Q(dossier__unit=unit))
    dossiers = list(loaders.load_dossiers(loaders.period_dossier_filter(cut) & Q(unit=unit), petitions))
    ctx = Context(rules=rules, calendar=working_calendar(years=range(span.start.year - 1, span.end.year + 2)),
                  procedures=loaders.load_procedures({d.procedure_code for d in dossiers}),
                  unit_procedures={}, as_of=as_of, period=span)
    inputs = PeriodInputs(period=span, ctx=ctx, units=[], officials=[], petitions=petitions)
    return at_stake(inputs, dossiers, unit.code)


def _loss_json(loss: Loss) -> dict[str, Any]:
    return {"metrics": {code: float(v) for code, v in loss.metrics.items()},
            "groups": {code: float(v) for code, v in loss.groups.items()}, "total": float(loss.total)}


def _item_json(item: Item) -> dict[str, Any]:
    return {"code": item.code, "due": item.due.isoformat(), "working_days_left": item.working_days_left,
            "loss": _loss_json(item.loss), "cumulative": _loss_json(item.cumulative)}


def at_stake_json(rules: RuleSet, unit: Unit, found: AtStake) -> dict[str, Any]:
    """The JSON of `tthc at_stake --json` (points as numbers with two decimals)."""
    return {
        "format_version": 1,
        "period": found.period.code,
        "unit": unit.code,
        "method": rules.methodology.id,
        "profile": rules.profile.id,
        "as_of": found.as_of.isoformat(),
        "metrics": {m.code: {"numerator": m.numerator, "denominator": m.denominator,
                             "points": None if m.points is None else float(m.points)} for m in found.metrics},
        "dossiers": [_item_json(item) for item in found.dossiers],
        "petitions": [_item_json(item) for item in found.petitions],
        "waiting": found.waiting,
    }
