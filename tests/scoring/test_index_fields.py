"""The national index's record fields (methodology-qd766 §4) reach the engine on both
paths: the per-dossier loaders carry them into the facts, the bulk reader reads them as
columns only for a methodology that asks for them (`record_fields`)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import numpy as np
import pytest
from scoring_world import at, province

from tthc.catalogue.models import Procedure
from tthc.dossiers.models import Dossier
from tthc.engine import columns as bulk
from tthc.engine.periods import Period
from tthc.engine.rules import load_rules
from tthc.organisation.models import Unit
from tthc.petitions.models import Petition
from tthc.scoring import columns, loaders
from tthc.scoring.services import build_context

pytestmark = pytest.mark.django_db
PERIOD = Period.parse("2020-Q1")


def _with_index_fields() -> None:
    province()
    Unit.objects.filter(code="STP").update(portal_code="H11.05")
    Procedure.objects.filter(code="1.000001").update(paper_result_required=True, has_fee=False,
                                                     citizen_applicants=True)
    Dossier.objects.filter(code="HS-EARLY").update(
        synced_at=at("2020-02-03 09:00"), result_electronic=True, components_digitised=False,
        vneid_verified=True, fee_due=True, paid_online="portal")
    Dossier.objects.filter(code="HS-LATE").update(result_electronic=False, paid_online="none")
    first = Petition.objects.get(code="PA1")
    first.refused, first.citizen_rating, first.channel = False, "negative", "online"
    first.save()
    Petition.objects.create(code="PA2", unit=first.unit, received_at=at("2020-03-20 09:00"),
                            follow_up_of=first)


def _context(fields: frozenset[str], *, reads_steps: bool = True):  # type: ignore[no-untyped-def]
    rules = load_rules("nd61-tt01", "dien-bien-1187", PERIOD.end)
    rules = dataclasses.replace(rules, methodology=dataclasses.replace(
        rules.methodology, record_fields=fields, reads_steps=reads_steps))
    return build_context(rules=rules, years=[2019, 2020, 2021], as_of=datetime(2021, 1, 15))


def test_the_loaders_carry_the_index_fields_into_the_facts() -> None:
    _with_index_fields()
    dossiers = {d.code: d for d in loaders.load_dossiers(loaders.period_dossier_filter(PERIOD))}
    early, late, open_ = dossiers["HS-EARLY"], dossiers["HS-LATE"], dossiers["HS-OPEN"]
    assert early.synced_at == datetime(2020, 2, 3, 9, 0)  # local time, as every date
    assert (early.result_electronic, early.components_digitised, early.reused_data) == (True, False, None)
    assert (early.vneid_verified, early.fee_due, early.paid_online) == (True, True, "portal")
    assert (late.result_electronic, late.paid_online, late.synced_at) == (False, "none", None)
    # Absent is unknown, not false.
    assert (open_.result_electronic, open_.fee_due, open_.paid_online) == (None, None, None)
    procedure = loaders.load_procedures()["1.000001"]
    assert (procedure.paper_result_required, procedure.has_fee, procedure.full_online_eligible,
            procedure.citizen_applicants) == (True, False, None, True)
    petitions = {p.code: p for p in loaders.load_petitions()}
    assert (petitions["PA1"].refused, petitions["PA1"].citizen_rating, petitions["PA1"].channel) == (
        False, "negative", "online")
    assert petitions["PA2"].follow_up_of == "PA1" and petitions["PA2"].refused is None
    units = {u.code: u for u in loaders.load_units()}
    assert units["STP"].portal_code == "H11.05" and units["STC"].portal_code is None


def _load(fields: frozenset[str], *, reads_steps: bool = True) -> bulk.Columns:
    ctx = _context(fields, reads_steps=reads_steps)
    return columns.load_columns(PERIOD, ctx, unit_codes=[u.code for u in loaders.load_units()],
                                official_codes=["CB1"])


def test_the_bulk_reader_reads_the_fields_only_when_the_methodology_asks() -> None:
    _with_index_fields()
    plain = _load(frozenset())
    assert plain.dossiers.extra == {}
    assert plain.supplements.requested_day is None and plain.supplements.completed_day is None
    wanted = _load(bulk.RECORD_FIELDS)
    row = {code: i for i, code in enumerate(wanted.dossiers.codes)}
    extra = {name: {code: int(values[i]) for code, i in row.items()}
             for name, values in wanted.dossiers.extra.items()}
    assert sorted(extra) == sorted(bulk.EXTRA_NAMES)
    assert extra["synced_at"] == {"HS-EARLY": 1, "HS-LATE": -1, "HS-OPEN": -1}
    assert extra["result_electronic"] == {"HS-EARLY": 1, "HS-LATE": 0, "HS-OPEN": -1}
    assert extra["components_digitised"]["HS-EARLY"] == 0 and extra["reused_data"]["HS-EARLY"] == -1
    assert extra["paid_online"] == {"HS-EARLY": bulk.PAYMENTS.index("portal"),
                                    "HS-LATE": bulk.PAYMENTS.index("none"), "HS-OPEN": -1}
    supplements = wanted.supplements
    assert supplements.requested_day is not None and supplements.completed_day is not None
    assert supplements.requested_day.tolist() == [date(2020, 3, 3).toordinal()]
    assert supplements.completed_day.tolist() == [date(2020, 3, 4).toordinal()]
    assert supplements.new_due is not None and supplements.new_due.tolist() == [-1]  # no new due date
    # Every dossier of the small province has its own due date (none was computed).
    assert wanted.dossiers.due_recorded is not None and bool(wanted.dossiers.due_recorded.all())


def test_the_bulk_reader_and_the_facts_give_the_same_columns() -> None:
    _with_index_fields()
    wanted = _load(bulk.RECORD_FIELDS)
    facts = list(loaders.load_dossiers(loaders.period_dossier_filter(PERIOD)))
    units = loaders.load_units()
    ctx = _context(bulk.RECORD_FIELDS)
    from_facts = bulk.columns_from_facts(facts, units=units, officials=loaders.load_officials(),
                                         procedures=ctx.procedures, due_days={})
    order = [wanted.dossiers.codes.index(code) for code in from_facts.dossiers.codes]
    for name in bulk.EXTRA_NAMES:
        assert np.array_equal(wanted.dossiers.extra[name][order], from_facts.dossiers.extra[name]), name
    assert from_facts.supplements.requested_day is not None
    assert np.array_equal(wanted.supplements.requested_day, from_facts.supplements.requested_day)


def test_the_bulk_reader_leaves_the_steps_unread_for_a_methodology_that_reads_none() -> None:
    _with_index_fields()
    assert load_rules("qd766", "national", date(2026, 9, 30)).methodology.reads_steps is False
    assert load_rules("nd61-tt01", "dien-bien-1187", PERIOD.end).methodology.reads_steps is True
    every = _load(bulk.RECORD_FIELDS)
    without = _load(bulk.RECORD_FIELDS, reads_steps=False)
    assert len(every.steps.dossier) > 0 and len(without.steps.dossier) == 0
    # Everything else is read as before.
    assert without.dossiers.codes == every.dossiers.codes
    for name in ("unit", "status", "received_day", "due_day", "finished_day", "rating_satisfaction"):
        assert np.array_equal(getattr(without.dossiers, name), getattr(every.dossiers, name)), name
    assert np.array_equal(without.supplements.dossier, every.supplements.dossier)
    assert without.supplements.requested_day is not None and every.supplements.requested_day is not None
    assert np.array_equal(without.supplements.requested_day, every.supplements.requested_day)
