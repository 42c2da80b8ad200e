"""The petition deadlines in force on a day, from the rule data.

Two dated parameters of a profile govern a petition (phản ánh, kiến nghị):
``petitions.answer_working_days`` — its answer is due that many working days after
receipt — and ``petitions.prolonged_after_days`` — left unanswered that many calendar
days past due, it is dragged on (kéo dài). A petition takes the values in force on the
day it is received, as a dossier keeps the time limit it was received under: a rule
change never moves the deadline of a petition already being handled.

Which rule set, for a day:
1. the methodologies in force that day, the one ``Installed.in_force`` picks first,
   each with its default profile;
2. then those whose time in force ended before that day, the latest to end first, at
   their last value. nd61-tt01 ended on 2025-06-30; qd766, in force after it, sets no
   petition deadline (its metric 5.2 has a scoring window of its own,
   `mdhl.petition_answer_working_days`): a petition received today still has to be
   answered, and the deadline a province last set is the one its staff expect, not a
   constant it may have changed;
3. else the legal default below (before any rule set, or none has the parameter).
Methodologies not yet in force on the day are never asked: rules do not apply before
they exist.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from tthc.engine.registry import Installed, installed
from tthc.engine.rules import Methodology, Profile, RuleError

ANSWER_WORKING_DAYS = "petitions.answer_working_days"
PROLONGED_AFTER_DAYS = "petitions.prolonged_after_days"
# Used where no installed rule set has a value: the deadline of the national index
# (Decision 766/QĐ-TTg, metric 5.2) and our default for dragged on.
DEFAULT_ANSWER_WORKING_DAYS = 15
DEFAULT_PROLONGED_AFTER_DAYS = 30
# Smallest value each accepts: an answer due on the day of receipt is no deadline.
_MINIMUM = {ANSWER_WORKING_DAYS: 1, PROLONGED_AFTER_DAYS: 0}


@dataclass(frozen=True, slots=True)
class PetitionDeadlines:
    answer_working_days: int
    prolonged_after_days: int


@dataclass
class _Cache:
    """Lookups against one state of the rule files: `installed()` returns a new table
    when a file changes, and with it this cache starts again."""

    table: Installed
    profiles: dict[str, Profile | None]
    days: dict[date, PetitionDeadlines]


_LOCK = threading.Lock()
_CACHE: _Cache | None = None
# Distinct receipt days are few (a decade is under 4,000); the bound only guards memory.
_DAYS_MAX = 20_000


def petition_deadlines(day: date) -> PetitionDeadlines:
    """The deadlines of a petition received on `day`.

    Cached per day: a bulk import of thousands of petitions parses each profile once,
    not once a row, and resolves no whole rule set (``load_rules`` would, for every
    distinct day, and fill the pages' cache of resolved rule sets with them).
    """
    global _CACHE
    table = installed()
    with _LOCK:
        cache = _CACHE
        if cache is None or cache.table is not table:
            cache = _CACHE = _Cache(table, {}, {})
        found = cache.days.get(day)
        if found is None:
            found = PetitionDeadlines(
                answer_working_days=_value(cache, day, ANSWER_WORKING_DAYS, DEFAULT_ANSWER_WORKING_DAYS),
                prolonged_after_days=_value(cache, day, PROLONGED_AFTER_DAYS, DEFAULT_PROLONGED_AFTER_DAYS))
            if len(cache.days) >= _DAYS_MAX:
                cache.days.clear()
            cache.days[day] = found
        return found


def _candidates(table: Installed, day: date) -> list[Methodology]:
    started = [m for m in table.methodologies.values()
               if m.in_force_from is None or m.in_force_from <= day]
    # In force that day: first the default's order of ``Installed.in_force`` (those the
    # default already that day, the latest to become it first), then the others.
    current = sorted((m for m in started if m.in_force_on(day)),
                     key=lambda m: (m.default_since <= day, m.default_since, m.id), reverse=True)
    ended = sorted((m for m in started if not m.in_force_on(day)),
                   key=lambda m: (m.in_force_to or date.max, m.id), reverse=True)
    return current + ended


def _profile(cache: _Cache, method_id: str) -> Profile | None:
    if method_id not in cache.profiles:
        profile_id = cache.table.default_profile(method_id)
        cache.profiles[method_id] = (None if profile_id is None
                                     else cache.table.profile(method_id, profile_id))
    return cache.profiles[method_id]


def _value(cache: _Cache, day: date, name: str, default: int) -> int:
    for methodology in _candidates(cache.table, day):
        profile = _profile(cache, methodology.id)
        parameter = None if profile is None else profile.parameters.get(name)
        if profile is None or parameter is None:
            continue
        try:
            raw = parameter.as_of(day)
        except RuleError:
            continue  # no value yet on that day: the profile says nothing about it
        # A wrong value is refused loudly: quietly using the default would give every
        # petition received under it a due date the province did not set.
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < _MINIMUM[name]:
            raise RuleError(f"bộ quy tắc {methodology.id}/{profile.id}: tham số {name} phải là "
                            f"số nguyên từ {_MINIMUM[name]} trở lên, không phải {raw!r}")
        return raw
    return default
