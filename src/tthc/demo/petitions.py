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


def make_petitions(*, rng: random.Random, clock: Clock, year: int, units: list[UnitPlan],
                   traces: list[DossierTrace], count: int) -> list[tuple[str, ...]]:
    first = date(year, 1, 1).toordinal()
    snapshot = date(year, 12, 31).toordinal() * DAY + DAY - 1
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
            received = first * DAY + int(rng.random() * 365) * DAY
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
    for serial, (received, unit, trace, kind, about) in enumerate(drafts, 1):
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
