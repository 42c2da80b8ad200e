"""Petitions (phản ánh, kiến nghị) of the demonstration year.

A few dozen for a province-year of ~24,000 dossiers, more at weaker units; about the
rules or about an official's conduct, often naming a dossier. Each is to be answered
within 15 working days; most are, a few late, a couple dragged on (kéo dài).
"""

from __future__ import annotations

import math
import random
from datetime import date

from tthc.demo.clock import DAY, END_OF_DAY, Clock
from tthc.demo.dossiers import DossierTrace
from tthc.demo.organisation import SCORED_KINDS, UnitPlan

ANSWER_WORKING_DAYS = 15
PER_DOSSIER = 0.0015
MINIMUM = 24

PETITION_COLUMNS = ("code", "unit_code", "dossier_code", "about_official", "kind",
                    "received_at", "answer_due_at", "answered_at", "prolonged", "upheld")


def petition_count(dossiers: int) -> int:
    return max(MINIMUM, round(dossiers * PER_DOSSIER))


def make_petitions(*, rng: random.Random, clock: Clock, span: tuple[date, date],
                   units: list[UnitPlan], traces: list[DossierTrace], count: int
                   ) -> list[tuple[str, ...]]:
    """Petitions received from the first to the last day of ``span``, in time order."""
    first = span[0].toordinal()
    snapshot = span[1].toordinal() * DAY + DAY - 1
    days = span[1].toordinal() - first
    by_unit: dict[str, list[DossierTrace]] = {}
    for dossier in traces:
        if dossier.received // DAY >= first:
            by_unit.setdefault(dossier.unit_code, []).append(dossier)
    scored = [u for u in units if u.kind in SCORED_KINDS]
    weights = [u.tier.petitioned * math.sqrt(len(by_unit.get(u.code, ())) + 1) for u in scored]
    drafts = []
    for unit in rng.choices(scored, weights, k=count):
        kind = "conduct" if rng.random() < 0.4 else "rules"
        trace: DossierTrace | None = None
        if by_unit.get(unit.code) and rng.random() < 0.7:
            trace = rng.choice(by_unit[unit.code])
            received = trace.received + DAY * (1 + int(rng.random() * 20))
        else:
            received = first * DAY + int(rng.random() * days) * DAY
        received = clock.work_moment(rng, clock.index_of(received))
        if received > snapshot:
            continue
        about = ""
        if kind == "conduct":
            if trace is not None:
                about = trace.official
            elif unit.officials and rng.random() < 0.5:
                about = rng.choice(unit.officials)
        drafts.append((received, unit, trace, kind, about))
    drafts.sort(key=lambda d: d[0])

    rows: list[tuple[str, ...]] = []
    serials: dict[int, int] = {}
    for received, unit, trace, kind, about in drafts:
        year = clock.year_of(received)
        serial = serials[year] = serials.get(year, 0) + 1
        due_idx = clock.index_after(received // DAY) + ANSWER_WORKING_DAYS - 1
        due = clock.at(due_idx, END_OF_DAY)
        slow = 0.3 if unit.tier.name == "excellent" else 1.0
        draw = rng.random()
        prolonged = "false" if rng.random() < 0.8 else ""
        if draw < 0.05 * slow:
            answered = clock.work_moment(rng, due_idx + 15 + int(rng.random() * 25), received)
            prolonged = "true"
        elif draw < 0.13 * slow:
            answered = clock.work_moment(rng, due_idx + 1 + int(rng.random() * 8), received)
        else:
            start = clock.index_of(received)
            answered = clock.work_moment(
                rng, start + int(rng.random() * (due_idx - start + 1)), received)
        upheld_chance = 0.3 if kind == "conduct" else 0.15
        upheld = ("" if rng.random() < 0.1
                  else "true" if rng.random() < upheld_chance else "false")
        rows.append((
            f"DEMO-PAKN-{year}-{serial:04d}", unit.code, trace.code if trace else "", about, kind,
            clock.iso(received), clock.iso(due),
            clock.iso(answered) if answered <= snapshot else "", prolonged, upheld,
        ))
    return rows


# Format version 2 (methodology-qd766 §4, metrics 5.2 and 5.3), for the 2026 data set.
PETITION_COLUMNS_V2 = ("channel", "refused", "citizen_rating", "follow_up_of")
_CHANNELS = (("portal", 0.5), ("phone", 0.2), ("direct", 0.2), ("mail", 0.1))
REFUSED_SHARE = 0.3  # of the petitions answered within two working days: out of scope
RATED_SHARE = 0.65  # answered petitions the citizen rated
FOLLOW_UP_SHARE = 0.06  # petitions that come back about an answer already given


def petition_extras(rng: random.Random, clock: Clock, rows: list[tuple[str, ...]]
                    ) -> list[tuple[str, ...]]:
    """The rows with channel, refusal, the citizen's rating and the earlier petition.

    Drawn after the version-1 columns, so those stay the draws of the 2020 data set.
    """
    channels, weights = zip(*_CHANNELS, strict=True)
    answered_by_unit: dict[str, list[tuple[str, str]]] = {}
    out = []
    for row in rows:
        code, unit_code, received, due, answered = row[0], row[1], row[5], row[6], row[7]
        channel = rng.choices(channels, weights)[0]
        quick = bool(answered) and (clock.index_of(_minutes(answered))
                                    - clock.index_of(_minutes(received)) <= 2)
        refused = quick and rng.random() < REFUSED_SHARE
        rating = ""
        if answered and not refused and rng.random() < RATED_SHARE:
            late = answered > due
            rating = "negative" if rng.random() < (0.35 if late else 0.1) else "positive"
        earlier = [c for c, when in answered_by_unit.get(unit_code, ()) if when < received]
        follow_up = earlier[-1] if earlier and rng.random() < FOLLOW_UP_SHARE else ""
        if answered:
            answered_by_unit.setdefault(unit_code, []).append((code, answered))
        out.append((*row, channel, "true" if refused else "false", rating, follow_up))
    return out


def _minutes(iso: str) -> int:
    """A local ISO time of the files back to the clock's minutes."""
    day = date.fromisoformat(iso[:10]).toordinal()
    return day * DAY + int(iso[11:13]) * 60 + int(iso[14:16])
