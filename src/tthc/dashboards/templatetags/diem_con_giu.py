"""The unit page's link to "điểm còn giữ được", shown while the period is open and the
run's methodology says what is at stake (``dashboards.stake``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.timezone import localdate

from tthc.evaluation.services import Key

from .. import stake

register = template.Library()


@register.inclusion_tag("dashboards/_at_stake_link.html")
def at_stake_link(period: str, unit_code: str, query: str, method: str, profile: str) -> dict[str, Any]:
    shown = stake.is_open(period, localdate(stake.clock())) and stake.offered(Key(period, method, profile))
    url = reverse("dashboards:at_stake", args=[period, unit_code]) + query if shown else ""
    return {"url": url}
