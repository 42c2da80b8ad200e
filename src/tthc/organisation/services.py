"""Writes of the organisation app: units, officials and the working calendar."""

from __future__ import annotations

from django.db import transaction

from tthc.engine.calendar import seed_days
from tthc.organisation.models import CalendarDay

# Rows an administrator entered or edited carry this source; seeding never touches them.
MANUAL_SOURCE = "manual"


@transaction.atomic
def calendar_seed_year(*, year: int) -> int:
    """Insert the holiday library's days of ``year`` that are not in the calendar yet.

    A date already present keeps its row whatever its source: an administrator's edit
    (source "manual") always wins, and re-seeding is idempotent. Returns rows added.
    """
    entries = seed_days(year)
    present = set(
        CalendarDay.objects.filter(date__year=year).values_list("date", flat=True)
    )
    before = len(present)
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(date=e.date, kind=e.kind, name=e.name_vi, source=e.source)
            for e in entries
            if e.date not in present
        ],
        # A concurrent seeding of the same year must not fail on the unique date.
        ignore_conflicts=True,
    )
    return CalendarDay.objects.filter(date__year=year).count() - before
