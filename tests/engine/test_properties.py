"""Invariants of the engine, checked on generated worlds (hypothesis)."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from golden_world import assert_same_results, calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc.engine import facts
from tthc.engine.arithmetic import mean_points
from tthc.engine.columns import columns_from_facts
from tthc.engine.dossier import Context, effective_due
from tthc.engine.method import PeriodInputs, score_period, score_period_bulk
from tthc.engine.periods import Period
from tthc.engine.rules import load_rules

PERIOD = Period.parse("2020-Q1")
RULES = load_rules("nd61-tt01", "dien-bien-1187", PERIOD.end)
UNITS = [facts.Unit("DB", "Tỉnh", facts.UnitKind.PROVINCE),
         facts.Unit("SA", "Sở A", facts.UnitKind.PROVINCE_AGENCY),
         facts.Unit("SB", "Sở B", facts.UnitKind.PROVINCE_AGENCY),
         facts.Unit("HX", "Huyện X", facts.UnitKind.DISTRICT),
         facts.Unit("XY", "Xã Y", facts.UnitKind.COMMUNE)]
AGENCIES = ["SA", "SB", "HX", "XY"]
OFFICIALS = [facts.Official(f"CB{i}", f"Cán bộ {i}", AGENCIES[i % 4]) for i in range(6)]
PROCEDURES = {
    "P1": facts.Procedure("P1", "", 5, facts.TimeUnit.WORKING_DAYS, "full"),
    "P2": facts.Procedure("P2", "", 8, facts.TimeUnit.WORKING_HOURS, "none", True),
    "P3": facts.Procedure("P3", "", 10, facts.TimeUnit.DAYS, "partial"),
}
START = datetime(2019, 12, 1, 8, 0)

flag = st.none() | st.booleans()
moment = st.integers(min_value=0, max_value=150 * 24).map(lambda h: START + timedelta(hours=h))


@st.composite
def dossiers(draw: st.DrawFn, index: int) -> facts.Dossier:
    received = draw(moment)
    after = st.integers(min_value=0, max_value=40 * 24).map(lambda h: received + timedelta(hours=h))
    finished = draw(st.none() | after)
    unit = draw(st.sampled_from(AGENCIES))
    steps = tuple(
        facts.Step(i + 1, draw(st.sampled_from(AGENCIES)), None, received, draw(st.none() | after),
                   draw(st.none() | after))
        for i in range(draw(st.integers(0, 3)))
    )
    supplements = tuple(
        facts.Supplement(i + 1, draw(st.none() | after), draw(st.none() | after), draw(flag))
        for i in range(draw(st.integers(0, 3)))
    )
    rating = draw(st.none() | st.builds(
        facts.Rating, st.sampled_from(["paper", "kiosk", "online", "qr"]), st.none(),
        st.none() | st.sampled_from(["very_satisfied", "satisfied", "neutral", "dissatisfied"]),
        st.none() | st.integers(0, 4), st.none() | st.sampled_from(["both", "one", "none"])))
    return facts.Dossier(
        code=f"HS{index}", procedure_code=draw(st.sampled_from(sorted(PROCEDURES))), unit_code=unit,
        received_at=received, received_by=draw(st.none() | st.sampled_from([o.code for o in OFFICIALS])),
        channel=draw(st.sampled_from(["direct", "online", "postal"])),
        return_channel=draw(st.sampled_from(["direct", "online", "postal"])),
        due_at=draw(st.none() | after), finished_at=finished,
        status=draw(st.sampled_from(list(facts.Status))), agencies_contacted=draw(st.none() | st.integers(0, 3)),
        steps=steps, supplements=supplements, rating=rating,
    )


@st.composite
def worlds(draw: st.DrawFn) -> dict:
    n = draw(st.integers(0, 25))
    unit_procedures = [
        facts.UnitProcedure(u, p, draw(flag), draw(flag), draw(flag), draw(flag))
        for u in AGENCIES for p in sorted(PROCEDURES) if draw(st.booleans())
    ]
    # Sometimes a pair has a second, dated entry: the flags changed during the quarter.
    unit_procedures += [
        facts.UnitProcedure(e.unit_code, e.procedure_code, draw(flag), draw(flag), draw(flag), draw(flag),
                            valid_from=date(2020, 2, 15))
        for e in list(unit_procedures) if draw(st.integers(0, 3)) == 0
    ]
    items = [draw(dossiers(i)) for i in range(n)]
    petitions = [
        facts.Petition(f"PA{i}", draw(st.sampled_from(AGENCIES)),
                       draw(st.none() | st.sampled_from([f"HS{j}" for j in range(n)] or ["HS0"])),
                       draw(st.none() | st.sampled_from([o.code for o in OFFICIALS])),
                       draw(st.none() | st.sampled_from(["rules", "conduct"])), None,
                       draw(st.none() | moment), draw(st.none() | moment), draw(flag), draw(flag))
        for i in range(draw(st.integers(0, 8)))
    ]
    # A dossier carries the petitions that name it (the loaders do the same).
    items = [replace(d, petitions=tuple(p for p in petitions if p.dossier_code == d.code)) for d in items]
    return {"dossiers": items, "unit_procedures": unit_procedures, "petitions": petitions}


def _score(world: dict, order: list[int] | None = None) -> object:
    items = world["dossiers"]
    if order is not None:
        items = [items[i] for i in order]
    grouped: dict = {}
    for entry in world["unit_procedures"]:
        grouped.setdefault((entry.unit_code, entry.procedure_code), []).append(entry)
    ctx = Context(rules=RULES, calendar=calendar(), procedures=PROCEDURES, unit_procedures=grouped,
                  as_of=datetime(2020, 4, 15, 12, 0))
    return score_period(_inputs(world, ctx), items)


def _inputs(world: dict, ctx: Context) -> PeriodInputs:
    return PeriodInputs(period=PERIOD, ctx=ctx, units=UNITS, officials=OFFICIALS,
                        petitions=world["petitions"])


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_indicator_values_lie_in_0_2_and_totals_are_exact_sums(world: dict) -> None:
    result = _score(world)
    for subject in [*result.agencies, *result.officials]:
        values = [v for v in subject.indicators.values() if v is not None]
        assert all(Decimal(0) <= v <= Decimal(2) for v in values)
        assert all(v == v.quantize(Decimal("0.1")) for v in values)
        if subject.dossiers:
            assert subject.total == sum(values, Decimal("0.0"))
            assert subject.band is not None and subject.band.contains(subject.total)
        else:
            assert subject.total is None and subject.rank is None
    for column in result.scored.points.values():
        assert all(p in (None, 0, 1, 2) for p in column)


@settings(max_examples=100, deadline=None)
@given(worlds(), st.randoms(use_true_random=False))
def test_shuffling_dossiers_changes_no_score(world: dict, rnd) -> None:  # type: ignore[no-untyped-def]
    order = list(range(len(world["dossiers"])))
    rnd.shuffle(order)
    first, second = _score(world), _score(world, order)

    def key(result: object) -> list:
        return [(s.code, s.indicators, s.total, s.class_code, s.rank, s.satisfaction)
                for s in [*result.agencies, *result.officials]]  # type: ignore[attr-defined]

    assert key(first) == key(second)
    assert first.overdue_unfinished == second.overdue_unfinished  # type: ignore[attr-defined]


@given(st.lists(st.integers(0, 2), min_size=1, max_size=400))
def test_mean_is_exact_half_up_rounding_of_the_fraction(points: list[int]) -> None:
    exact = Fraction(sum(points), len(points))
    reference = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert mean_points(sum(points), len(points)) == reference


def test_engine_imports_no_django() -> None:
    package = Path(__file__).resolve().parents[2] / "src" / "tthc"
    for path in [*(package / "engine").glob("*.py"), *(package / "methods").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "django" for n in names), f"{path.name} imports Django"
            assert not any(n.startswith("tthc.") and not n.startswith(("tthc.engine", "tthc.methods"))
                           for n in names), path.name


def _bulk(world: dict) -> object:
    grouped: dict = {}
    for entry in world["unit_procedures"]:
        grouped.setdefault((entry.unit_code, entry.procedure_code), []).append(entry)
    ctx = Context(rules=RULES, calendar=calendar(), procedures=PROCEDURES, unit_procedures=grouped,
                  as_of=datetime(2020, 4, 15, 12, 0))
    due_days = {}
    for d in world["dossiers"]:
        due, _, _ = effective_due(d, ctx)
        due_days[d.code] = due.date() if due else None
    columns = columns_from_facts(world["dossiers"], units=UNITS, officials=OFFICIALS,
                                 procedures=PROCEDURES, due_days=due_days)
    return score_period_bulk(_inputs(world, ctx), columns)


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_the_bulk_path_gives_the_per_dossier_results(world: dict) -> None:
    assert_same_results(_score(world), _bulk(world))
