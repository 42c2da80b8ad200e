"""Invariants of the national index (qd766) on generated worlds (hypothesis): the bulk
path gives the per-dossier results, points stay within their maxima, totals are the
exact sums of the known points, and unknown points are never counted as 0."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from golden_world import assert_same_results, calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from tthc.engine import facts
from tthc.engine.aggregate import PeriodResult
from tthc.engine.columns import columns_from_facts
from tthc.engine.dossier import Context, effective_due
from tthc.engine.method import PeriodInputs, score_period, score_period_bulk
from tthc.engine.periods import Period
from tthc.engine.rules import UNCLASSED, load_rules

UNITS = [facts.Unit("DB", "Tỉnh", facts.UnitKind.PROVINCE),
         facts.Unit("SA", "Sở A", facts.UnitKind.PROVINCE_AGENCY),
         facts.Unit("XA", "Xã A", facts.UnitKind.COMMUNE),
         facts.Unit("XB", "Xã B", facts.UnitKind.COMMUNE)]
AGENCIES = ["SA", "XA", "XB"]
START = datetime(2026, 1, 5, 8, 0)
flag = st.none() | st.booleans()
moment = st.integers(min_value=0, max_value=120 * 24).map(lambda h: START + timedelta(hours=h))


@st.composite
def procedures(draw: st.DrawFn) -> dict[str, facts.Procedure]:
    return {code: facts.Procedure(code, "", draw(st.none() | st.integers(1, 15)), facts.TimeUnit.WORKING_DAYS,
                                  "none", None, draw(flag), draw(flag), draw(flag), draw(flag))
            for code in ("P1", "P2", "P3")}


@st.composite
def dossier(draw: st.DrawFn, index: int, on: bool) -> facts.Dossier:
    received = draw(moment)
    after = st.integers(min_value=0, max_value=40 * 24).map(lambda h: received + timedelta(hours=h))
    supplements = tuple(
        facts.Supplement(i + 1, draw(st.none() | after), draw(st.none() | after), draw(flag),
                         draw(st.none() | after))
        for i in range(draw(st.integers(0, 2))))
    rating = draw(st.none() | st.builds(
        facts.Rating, st.just("online"), st.none(),
        st.none() | st.sampled_from(["very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied"])))
    # `on`: the world's records carry the index's fields (else none does: no figures).
    field = flag if on else st.none()
    return facts.Dossier(
        code=f"HS{index}", procedure_code=draw(st.sampled_from(["P1", "P2", "P3"])),
        unit_code=draw(st.sampled_from(AGENCIES)), received_at=received,
        channel=draw(st.sampled_from(["direct", "online"])), due_at=draw(st.none() | after),
        finished_at=draw(st.none() | after), status=draw(st.sampled_from(list(facts.Status))),
        supplements=supplements, rating=rating,
        synced_at=draw(st.none() | after) if on else None,
        result_electronic=draw(field), components_digitised=draw(field), reused_data=draw(field),
        personal_storage=draw(field), vneid_verified=draw(field), fee_due=draw(field),
        paid_online=draw(st.none() | st.sampled_from(["portal", "local", "none"])) if on else None)


@st.composite
def worlds(draw: st.DrawFn) -> dict:
    on = draw(st.booleans())
    n = draw(st.integers(0, 30))
    items = [draw(dossier(i, on)) for i in range(n)]
    petitions = [
        facts.Petition(f"PA{i}", draw(st.sampled_from(AGENCIES)),
                       draw(st.none() | st.sampled_from([f"HS{j}" for j in range(n)] or ["HS0"])),
                       None, draw(st.none() | st.sampled_from(["rules", "conduct"])), draw(moment), None,
                       draw(st.none() | moment), None, None, None, draw(flag),
                       draw(st.none() | st.sampled_from(["positive", "negative"])),
                       draw(st.none() | st.sampled_from([f"PA{j}" for j in range(i)] or ["PA0"])))
        for i in range(draw(st.integers(0, 8)))]
    items = [replace(d, petitions=tuple(p for p in petitions if p.dossier_code == d.code)) for d in items]
    catalogue = [facts.UnitProcedure(u, p) for u in AGENCIES for p in ("P1", "P2", "P3") if draw(st.booleans())]
    return {"dossiers": items, "petitions": petitions, "procedures": draw(procedures()),
            "catalogue": catalogue, "period": draw(st.sampled_from(["2026-02", "2026-03", "2026-Q1"]))}


def _inputs(world: dict) -> PeriodInputs:
    period = Period.parse(world["period"])
    grouped: dict = {}
    for entry in world["catalogue"]:
        grouped.setdefault((entry.unit_code, entry.procedure_code), []).append(entry)
    ctx = Context(rules=load_rules("qd766", "national", period.end), calendar=calendar(),
                  procedures=world["procedures"], unit_procedures=grouped, as_of=datetime(2026, 6, 1),
                  period=period)
    return PeriodInputs(period=period, ctx=ctx, units=UNITS, officials=[], petitions=world["petitions"])


def _both(world: dict) -> tuple[PeriodResult, PeriodResult]:
    inputs = _inputs(world)
    per_dossier = score_period(inputs, world["dossiers"])
    inputs = _inputs(world)
    due_days = {}
    for d in world["dossiers"]:
        due, _, _ = effective_due(d, inputs.ctx)
        due_days[d.code] = due.date() if due else None
    columns = columns_from_facts(world["dossiers"], units=UNITS, officials=[],
                                 procedures=world["procedures"], due_days=due_days)
    return per_dossier, score_period_bulk(inputs, columns)


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_the_bulk_path_gives_the_per_dossier_results(world: dict) -> None:
    per_dossier, bulk = _both(world)
    assert_same_results(per_dossier, bulk)
    assert [a.figures for a in per_dossier.agencies] == [a.figures for a in bulk.agencies]


@settings(max_examples=50, deadline=None)
@given(worlds())
def test_points_stay_within_their_maxima_and_unknown_points_are_not_zero(world: dict) -> None:
    result, _ = _both(world)
    indicators = result.rules.methodology.indicators
    for unit in result.agencies:
        assert unit.total == sum((v for v in unit.indicators.values() if v is not None), Decimal(0))
        unknown = Decimal(0)
        for code, value in unit.indicators.items():
            figure = unit.figures[code]
            if not figure.known:
                assert value is None and figure.numerator is None
                unknown += indicators[code].max_points
                continue
            assert figure.numerator is not None and figure.denominator is not None
            assert 0 <= figure.numerator <= figure.denominator or figure.denominator == 0
            if value is not None:
                assert Decimal(0) <= value <= indicators[code].max_points
                assert value == value.quantize(Decimal("0.01"))
        assert unit.unknown_points == unknown > 0  # 1.1–1.3, CLGQ, certified copies at least
        assert unit.band is None and unit.rank is None and unit.class_code == UNCLASSED
    for code, column in result.scored.points.items():
        top = int(indicators[code].max_points)
        assert all(p in (None, 0, top) for p in column)


def test_a_world_sample_really_has_figures() -> None:
    """The generator reaches metrics with figures (not only N/A and unknown)."""
    world = {"dossiers": [facts.Dossier("HS1", "P1", "XA", datetime(2026, 2, 2, 8), due_at=datetime(2026, 2, 9, 17),
                                        finished_at=datetime(2026, 2, 6, 9), status=facts.Status.FINISHED,
                                        synced_at=datetime(2026, 2, 2, 9), reused_data=True)],
             "petitions": [], "procedures": {"P1": facts.Procedure("P1", has_fee=True)},
             "catalogue": [facts.UnitProcedure("XA", "P1")], "period": "2026-02"}
    per_dossier, bulk = _both(world)
    assert_same_results(per_dossier, bulk)
    xa = {a.code: a for a in per_dossier.agencies}["XA"]
    assert (xa.figures["DOSSIER_SYNC"].numerator, xa.indicators["DOSSIER_SYNC"]) == (1, Decimal("6.00"))
    assert date(2026, 2, 6) <= per_dossier.period.end
