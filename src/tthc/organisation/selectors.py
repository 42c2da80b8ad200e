"""Reads of the organisation app, returning plain engine values."""

from __future__ import annotations

from collections.abc import Iterable

from tthc.engine.calendar import CalendarEntry, WorkingCalendar
from tthc.organisation.models import CalendarDay, Official, Unit
from tthc.organisation.services import MANUAL_SOURCE, calendar_seed_year


def official_of(user: object) -> Official | None:
    """The official a login belongs to (Official.user), with their unit, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Official.objects.filter(user=user).select_related("unit").first()


def working_calendar(*, years: Iterable[int]) -> WorkingCalendar:
    """The working calendar as stored, after seeding any of ``years`` never seeded.

    Each requested year and the one after it are seeded when they hold no library row
    (a year with only an administrator's rows has not been seeded): a time limit
    running from late December reaches the next year's Tết. The calendar then holds
    every stored row, whatever its year, since the rows are few.
    """
    wanted = {y for year in years for y in (year, year + 1)}
    seeded = set(
        CalendarDay.objects.exclude(source=MANUAL_SOURCE)
        .filter(date__year__in=wanted)
        .dates("date", "year")
    )
    for year in sorted(wanted - {d.year for d in seeded}):
        calendar_seed_year(year=year)
    return WorkingCalendar.from_entries(
        CalendarEntry(date=row.date, kind=row.kind, name_vi=row.name, source=row.source)
        for row in CalendarDay.objects.only("date", "kind", "name", "source")
    )


def predecessors_of(unit: Unit) -> list[Unit]:
    """Every unit that `unit` took over, directly or through earlier mergers (the
    communes merged into it on 2025-07-01, and those they had absorbed), by code.
    Successors never form a cycle (the importer refuses one); a stored one stops here."""
    found: dict[int, Unit] = {}
    frontier = [unit.pk]
    while frontier:
        step = [u for u in Unit.objects.filter(successor_id__in=frontier)
                if u.pk not in found and u.pk != unit.pk]
        found.update((u.pk, u) for u in step)
        frontier = [u.pk for u in step]
    return sorted(found.values(), key=lambda u: u.code)


def former_names(units: Iterable[Unit]) -> dict[int, list[str]]:
    """Per unit, the names of the units it took over (directly or through earlier
    mergers), sorted: how a citizen who knows the old name finds the unit now. One query
    for every unit, where `predecessors_of` asks one per step."""
    successor_of = dict(Unit.objects.filter(successor__isnull=False).values_list("pk", "successor_id"))
    names = dict(Unit.objects.filter(pk__in=successor_of).values_list("pk", "name"))
    wanted = {unit.pk for unit in units}
    found: dict[int, set[str]] = {}
    for pk in successor_of:
        seen = {pk}
        step = successor_of.get(pk)
        while step is not None and step not in seen:  # a stored cycle stops the walk
            if step in wanted:
                found.setdefault(step, set()).add(names[pk])
            seen.add(step)
            step = successor_of.get(step)
    return {pk: sorted(found[pk]) for pk in found}
