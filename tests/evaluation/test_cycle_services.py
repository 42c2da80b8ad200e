"""The cycle's services: every transition allowed or refused, the step each write needs,
the appraisal's scale and reasons, and the class and rank that follow the appraisal."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from ranking_rows import agency_score, unit_get

from tthc.audit.models import AuditEntry
from tthc.engine.appraisal import AppraisalError
from tthc.evaluation import selectors, services
from tthc.evaluation.models import Appraisal, SelfAssessment
from tthc.evaluation.services import CycleError, Key
from tthc.organisation.models import UnitKind
from tthc.scoring.models import PeriodState, ScoringRun

pytestmark = pytest.mark.django_db
KEY = Key("2020-Q1")
STATES = list(PeriodState.values)
ALLOWED = {
    ("open", "self_assessment"),
    ("self_assessment", "appraisal"), ("self_assessment", "open"),
    ("appraisal", "locked"), ("appraisal", "self_assessment"),
}
BOUNDARIES = yaml.safe_load((Path(__file__).parent / "appraisal_boundaries.yaml").read_text("utf-8"))


@pytest.mark.parametrize(("start", "to"), [(a, b) for a in STATES for b in STATES])
def test_every_transition_is_allowed_or_refused(quarter, personas, start, to):
    quarter.put(start)

    if (start, to) in ALLOWED:
        services.period_advance(KEY, to=to, user=personas.appraiser)
        assert quarter.period.state == to
        entry = AuditEntry.objects.get(object_key="2020-Q1/nd61-tt01/dien-bien-1187")
        assert entry.before == {"state": start} and entry.after == {"state": to}
        assert entry.user == personas.appraiser
        assert entry.action == ("publish_period" if to == "locked" else "period_state")
    else:
        with pytest.raises(CycleError) as refused:
            services.period_advance(KEY, to=to, user=personas.appraiser)
        assert "không thể chuyển sang" in str(refused.value)
        assert quarter.period.state == start
        assert not AuditEntry.objects.exists()


def test_publishing_stamps_the_date_and_makes_results_final(quarter, personas):
    quarter.put("appraisal")
    services.period_advance(KEY, to="locked", user=personas.appraiser)

    results = selectors.period_results(KEY)
    assert quarter.period.published_at is not None
    assert results["is_published"] and not results["provisional"]
    assert [p.code for p in selectors.published_periods()] == ["2020-Q1"]


def test_a_period_without_a_current_run_cannot_move_forward(quarter, personas):
    ScoringRun.objects.update(is_current=False)
    with pytest.raises(CycleError, match="chưa có kết quả tính điểm"):
        services.period_advance(KEY, to="self_assessment", user=personas.appraiser)


def test_an_unknown_period_is_refused(db, personas):
    with pytest.raises(CycleError, match="chưa được tính điểm"):
        services.period_advance(Key("2031-Q1"), to="self_assessment", user=personas.appraiser)


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_reopening_needs_a_reason(quarter, personas, reason):
    quarter.put("locked")
    with pytest.raises(CycleError, match="phải ghi rõ lý do"):
        services.period_reopen(KEY, user=personas.appraiser, reason=reason)
    assert quarter.period.state == "locked"


def test_reopening_goes_back_to_appraisal_and_is_audited(quarter, personas):
    quarter.put("locked")
    services.period_reopen(KEY, user=personas.appraiser, reason="  Sai sót số liệu STP  ")

    assert quarter.period.state == "appraisal"
    entry = AuditEntry.objects.get(action="reopen_period")
    assert (entry.reason, entry.before, entry.after) == (
        "Sai sót số liệu STP", {"state": "locked"}, {"state": "appraisal"})
    assert selectors.reopenings(KEY) == [entry.at]


@pytest.mark.parametrize("state", ["open", "self_assessment", "appraisal"])
def test_only_a_published_period_is_reopened(quarter, personas, state):
    quarter.put(state)
    with pytest.raises(CycleError, match="chưa công bố"):
        services.period_reopen(KEY, user=personas.appraiser, reason="thử")


@pytest.mark.parametrize("state", ["open", "appraisal", "locked"])
def test_explanations_only_in_the_self_assessment_step(quarter, roles, state):
    quarter.put(state)
    with pytest.raises(CycleError) as refused:
        services.self_assessment_save(KEY, unit=quarter.stp, indicator=1, explanation="Giải trình",
                                      user=roles.leader)
    assert ("đã công bố và khóa" if state == "locked" else "chưa thể") in str(refused.value)
    assert not SelfAssessment.objects.exists()


def test_explanation_written_changed_and_withdrawn_each_audited(quarter, roles):
    quarter.put("self_assessment")
    save = services.self_assessment_save
    save(KEY, unit=quarter.stp, indicator=3, explanation=" Lấy ý kiến liên ngành ", user=roles.leader)
    save(KEY, unit=quarter.stp, indicator=3, explanation="Lấy ý kiến liên ngành", user=roles.leader)
    save(KEY, unit=quarter.stp, indicator=3, explanation="Đã chấn chỉnh", user=roles.leader)
    save(KEY, unit=quarter.stp, indicator=3, explanation="", user=roles.leader)

    assert not SelfAssessment.objects.exists()
    assert list(AuditEntry.objects.order_by("id").values_list("action", "before", "after")) == [
        ("self_assessment", None, {"explanation": "Lấy ý kiến liên ngành"}),
        ("self_assessment", {"explanation": "Lấy ý kiến liên ngành"},
         {"explanation": "Đã chấn chỉnh"}),
        ("self_assessment_delete", {"explanation": "Đã chấn chỉnh"}, None),
    ]


def test_explaining_changes_no_computed_point(quarter, roles):
    quarter.put("self_assessment")
    services.self_assessment_save(KEY, unit=quarter.stp, indicator=1, explanation="Lý do",
                                  user=roles.leader)
    stp = selectors.agency_result(KEY, "STP")["agency"]
    assert stp["self_indicators"] == stp["indicators"] == [Decimal("1.5")] * 9
    assert stp["explanations"] == {"1": "Lý do"}


@pytest.mark.parametrize("state", ["open", "self_assessment", "locked"])
def test_appraisal_only_in_the_appraisal_step(quarter, personas, state):
    quarter.put(state)
    with pytest.raises(CycleError):
        services.appraisal_save(KEY, unit=quarter.stp, indicator=1, points="1", reason="Trễ hạn",
                                user=personas.appraiser)
    assert not Appraisal.objects.exists()


@pytest.mark.parametrize(("typed", "stored"), [("1,5", "1.5"), ("1.5", "1.5"), ("0", "0.0"),
                                               ("2", "2.0"), (" 0,1 ", "0.1"), ("1.50", "1.5")])
def test_points_on_the_scale_are_accepted_with_comma_or_dot(quarter, personas, typed, stored):
    quarter.put("appraisal")
    services.appraisal_save(KEY, unit=quarter.stp, indicator=2, points=typed, reason="Kiểm tra",
                            user=personas.appraiser)
    assert Appraisal.objects.get().points == Decimal(stored)


@pytest.mark.parametrize("typed", ["2,1", "-0,1", "1,55", "0.05", "hai", "NaN", "Infinity"])
def test_points_off_the_scale_are_refused_in_vietnamese(quarter, personas, typed):
    quarter.put("appraisal")
    with pytest.raises(AppraisalError) as refused:
        services.appraisal_save(KEY, unit=quarter.stp, indicator=2, points=typed, reason="Kiểm tra",
                                user=personas.appraiser)
    assert any(word in str(refused.value) for word in ("từ 0 đến 2", "bước 0,1", "không phải là số"))
    assert not Appraisal.objects.exists()


def test_a_deduction_needs_a_reason(quarter, personas):
    quarter.put("appraisal")
    with pytest.raises(CycleError, match=r"trừ điểm .* phải ghi rõ lý do"):
        services.appraisal_save(KEY, unit=quarter.stp, indicator=6, points="1", reason="  ",
                                user=personas.appraiser)
    services.appraisal_save(KEY, unit=quarter.stp, indicator=6, points="1",
                            reason="Niêm yết chưa đầy đủ", user=personas.appraiser)

    row = Appraisal.objects.get()
    assert row.is_deduction and row.self_points == Decimal("1.5")
    entry = AuditEntry.objects.get(action="appraisal")
    assert entry.after == {"points": "1.0", "self_points": "1.5", "reason": "Niêm yết chưa đầy đủ"}
    assert selectors.agency_result(KEY, "STP")["agency"]["deductions"] == [
        {"indicator": "6", "points": Decimal("1.0"), "self_points": Decimal("1.5"),
         "reason": "Niêm yết chưa đầy đủ", "by": "persona-appraiser", "deduction": True}]


def test_an_indicator_not_applicable_cannot_be_appraised(quarter, personas):
    quarter.put("appraisal")
    with pytest.raises(CycleError, match="không áp dụng"):
        services.appraisal_save(KEY, unit=quarter.stc, indicator=1, points="1", reason="x",
                                user=personas.appraiser)


def test_setting_back_the_self_score_withdraws_the_appraisal(quarter, personas):
    quarter.put("appraisal")
    services.appraisal_save(KEY, unit=quarter.stp, indicator=1, points="1", reason="Trễ hạn",
                            user=personas.appraiser)
    services.appraisal_save(KEY, unit=quarter.stp, indicator=1, points="1,5", reason="",
                            user=personas.appraiser)
    assert not Appraisal.objects.exists()
    assert AuditEntry.objects.filter(action="appraisal_delete").count() == 1


@pytest.mark.parametrize("case", BOUNDARIES, ids=[case["name"] for case in BOUNDARIES])
def test_class_follows_the_appraised_total_at_the_bands_edges(quarter, personas, case):
    quarter.put("appraisal")
    for indicator, points in case["appraised"].items():
        services.appraisal_save(KEY, unit=quarter.stp, indicator=int(indicator), points=points,
                                reason="Kiểm tra thực tế", user=personas.appraiser)

    stp = selectors.agency_result(KEY, "STP")["agency"]
    assert stp["total"] == Decimal(case["total"])
    assert stp["class_code"] == case["class"]
    assert (stp["self_total"], stp["self_class_code"]) == (Decimal("13.5"), "tot")


def test_rank_is_recomputed_on_the_appraised_totals(quarter, personas):
    # A second province agency, ahead of STP on self-score (14.0 against 13.5).
    ahead = unit_get("SYT", UnitKind.PROVINCE_AGENCY, "Sở Y tế")
    agency_score(quarter.run, ahead, points={"1": Decimal("2.0")}, total=Decimal("14.0"), rank=1)
    quarter.put("appraisal")
    before = [(row["code"], row["rank"]) for row in
              selectors.period_results(KEY)["levels"][0]["agencies"]]
    services.appraisal_save(KEY, unit=ahead, indicator=1, points="0,5", reason="Trễ hạn nhiều",
                            user=personas.appraiser)

    agencies = selectors.period_results(KEY)["levels"][0]["agencies"]
    assert before[:2] == [("SYT", 1), ("STP", 2)]
    assert [(row["code"], row["rank"], row["total"]) for row in agencies] == [
        ("STP", 1, Decimal("13.5")), ("SYT", 2, Decimal("12.5")), ("STC", None, None)]
    assert agencies[1]["self_rank"] == 1  # the computed rank stays readable
