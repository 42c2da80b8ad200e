"""Build a small world of records from a golden case written in the law's terms.

A case names only what matters to it; everything else takes the defaults below, which
a domain expert can read once: one province agency (STP) with one desk official (CB1),
one procedure (P1, 5 working days, not online) fully disclosed and handled at the desk.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tthc.engine import facts
from tthc.engine.aggregate import PeriodResult
from tthc.engine.calendar import WorkingCalendar
from tthc.engine.columns import DOSSIER_FLAGS, columns_from_facts
from tthc.engine.dossier import Context, effective_due
from tthc.engine.method import PeriodInputs, score_period, score_period_bulk
from tthc.engine.periods import Period
from tthc.engine.registry import installed
from tthc.engine.rules import load_rules

_CALENDAR: WorkingCalendar | None = None


def calendar() -> WorkingCalendar:
    global _CALENDAR
    if _CALENDAR is None:
        _CALENDAR = WorkingCalendar.from_library(range(2018, 2028))
    return _CALENDAR


DEFAULT_UNITS = [
    {"code": "DB", "name": "Tỉnh Điện Biên", "kind": "province"},
    {"code": "STP", "name": "Sở Tư pháp", "kind": "province_agency", "parent_code": "DB"},
]
DEFAULT_OFFICIALS = [{"code": "CB1", "full_name": "Nguyễn Văn A", "unit_code": "STP"}]
DEFAULT_PROCEDURES = [{"code": "P1", "name": "Thủ tục mẫu", "time_limit": 5}]
DEFAULT_UNIT_PROCEDURES = [
    {"unit_code": "STP", "procedure_code": "P1", "posted_on_site": True, "published_online": True,
     "at_desk": True, "decided_at_desk": True},
]


def when(value: Any) -> datetime | None:
    """YAML gives dates, datetimes or strings like '2020-02-10 17:00'."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, 9, 0)
    return datetime.fromisoformat(str(value))


def day(value: Any) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _unit(spec: dict) -> facts.Unit:
    return facts.Unit(spec["code"], spec.get("name", spec["code"]), facts.UnitKind(spec["kind"]),
                      spec.get("parent_code"), day(spec.get("valid_from")), day(spec.get("valid_to")),
                      spec.get("portal_code"))


def _procedure(spec: dict) -> facts.Procedure:
    return facts.Procedure(spec["code"], spec.get("name", ""), spec.get("time_limit"),
                           facts.TimeUnit(spec.get("time_unit", "working_days")),
                           str(spec.get("online_level", "none")), spec.get("desk_exempt"),
                           spec.get("paper_result_required"), spec.get("has_fee"),
                           spec.get("full_online_eligible"), spec.get("citizen_applicants"))


def _unit_procedure(spec: dict) -> facts.UnitProcedure:
    return facts.UnitProcedure(spec["unit_code"], spec["procedure_code"], spec.get("posted_on_site"),
                               spec.get("published_online"), spec.get("at_desk"),
                               spec.get("decided_at_desk"), day(spec.get("valid_from")),
                               day(spec.get("valid_to")))


def _petition(spec: dict) -> facts.Petition:
    return facts.Petition(spec["code"], spec.get("unit_code", "STP"), spec.get("dossier_code"),
                          spec.get("about_official"), spec.get("kind"), when(spec.get("received_at")),
                          when(spec.get("answer_due_at")), when(spec.get("answered_at")),
                          spec.get("prolonged"), spec.get("upheld"), spec.get("channel"), spec.get("refused"),
                          spec.get("citizen_rating"), spec.get("follow_up_of"))


def _dossier(spec: dict, index: int, petitions: list[facts.Petition]) -> facts.Dossier:
    code = spec.get("code", f"HS{index:04d}")
    rating = spec.get("rating")
    return facts.Dossier(
        code=code,
        procedure_code=spec.get("procedure_code", "P1"),
        unit_code=spec.get("unit_code", "STP"),
        received_at=when(spec["received_at"]),  # type: ignore[arg-type]
        desk_code=spec.get("desk_code"),
        received_by=spec.get("received_by", "CB1"),
        channel=spec.get("channel", "direct"),
        return_channel=spec.get("return_channel", "direct"),
        due_at=when(spec.get("due_at")),
        finished_at=when(spec.get("finished_at")),
        returned_at=when(spec.get("returned_at")),
        status=facts.Status(spec.get("status", "finished" if spec.get("finished_at") else "processing")),
        agencies_contacted=spec.get("agencies_contacted"),
        steps=tuple(
            facts.Step(s.get("seq", i + 1), s.get("unit_code", "STP"), s.get("official_code"),
                       when(s.get("started_at")), when(s.get("due_at")), when(s.get("finished_at")))
            for i, s in enumerate(spec.get("steps", []))
        ),
        supplements=tuple(
            facts.Supplement(s.get("seq", i + 1), when(s.get("requested_at")), when(s.get("completed_at")),
                             s.get("applicant_fault"), when(s.get("new_due_at")))
            for i, s in enumerate(spec.get("supplements", []))
        ),
        rating=None if rating is None else facts.Rating(
            rating.get("channel", "online"), when(rating.get("submitted_at")), rating.get("satisfaction"),
            rating.get("agencies_contacted"), rating.get("disclosure_seen")),
        petitions=tuple(p for p in petitions if p.dossier_code == code),
        synced_at=when(spec.get("synced_at")),
        paid_online=spec.get("paid_online"),
        **{name: spec.get(name) for name in DOSSIER_FLAGS},
    )


def _repeat(specs: list[dict]) -> list[dict]:
    """`repeat: n` in a spec stands for n identical records (codes numbered)."""
    out: list[dict] = []
    for spec in specs:
        count = spec.get("repeat", 1)
        for i in range(count):
            item = {k: v for k, v in spec.items() if k != "repeat"}
            if count > 1 and "code" in item:
                item["code"] = f"{item['code']}-{i + 1}"
            out.append(item)
    return out


def case_world(case: dict, *, method: str) -> tuple[PeriodInputs, list[facts.Dossier]]:
    """A case's period inputs and dossiers under `method` (the methodology whose folder
    holds the case) and the case's `profile`, else the methodology's default profile; the
    reference time is its `as_of`, else the end of its period."""
    if case.get("method", method) != method:
        raise ValueError(f"ca {case['name']!r} ghi method: {case['method']}, "
                         f"nhưng nằm trong thư mục của phương pháp {method}")
    period = Period.parse(str(case["period"]))
    profile = case.get("profile") or installed().methodology(method).default_profile
    if profile is None:
        raise ValueError(f"ca {case['name']!r}: phương pháp {method} không có default_profile, "
                         "hãy ghi profile: trong ca")
    rules = load_rules(method, profile, period.end)
    units = [_unit(u) for u in case.get("units", DEFAULT_UNITS)]
    officials = [facts.Official(o["code"], o.get("full_name", o["code"]), o["unit_code"])
                 for o in case.get("officials", DEFAULT_OFFICIALS)]
    procedures = {p.code: p for p in (_procedure(s) for s in case.get("procedures", DEFAULT_PROCEDURES))}
    unit_procedures = [_unit_procedure(s) for s in case.get("unit_procedures", DEFAULT_UNIT_PROCEDURES)]
    petitions = [_petition(p) for p in _repeat(case.get("petitions", []))]
    dossiers = [_dossier(s, i, petitions) for i, s in enumerate(_repeat(case.get("dossiers", [])), start=1)]
    grouped: dict[tuple[str, str], list[facts.UnitProcedure]] = {}
    for entry in unit_procedures:
        grouped.setdefault((entry.unit_code, entry.procedure_code), []).append(entry)
    as_of = when(case.get("as_of")) or datetime.combine(period.end, datetime.max.time())
    ctx = Context(rules=rules, calendar=calendar(), procedures=procedures, unit_procedures=grouped,
                  as_of=as_of, period=period)
    return PeriodInputs(period=period, ctx=ctx, units=units, officials=officials, petitions=petitions), dossiers


def run_case(case: dict, *, method: str, bulk: bool = False) -> PeriodResult:
    """Score a case (``case_world``) on the per-dossier path, or the bulk one."""
    inputs, dossiers = case_world(case, method=method)
    if not bulk:
        return score_period(inputs, dossiers)
    due_days = {}
    for d in dossiers:
        due, _, _ = effective_due(d, inputs.ctx)
        due_days[d.code] = due.date() if due else None
    columns = columns_from_facts(dossiers, units=inputs.units, officials=inputs.officials,
                                 procedures=inputs.procedures, due_days=due_days)
    return score_period_bulk(inputs, columns)


def assert_same_results(one: object, other: object) -> None:
    """The bulk and per-dossier paths agree on every subject, dossier and count."""
    assert one.agencies == other.agencies  # type: ignore[attr-defined]
    assert one.officials == other.officials  # type: ignore[attr-defined]
    assert one.overdue_unfinished == other.overdue_unfinished  # type: ignore[attr-defined]

    def per_dossier(result: object) -> dict:
        scored = result.scored  # type: ignore[attr-defined]
        return {code: scored.of(code) for code in scored.codes}

    assert per_dossier(one) == per_dossier(other)
    assert sorted(one.conflicts) == sorted(other.conflicts)  # type: ignore[attr-defined]
