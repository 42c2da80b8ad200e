"""`tthc score` and `tthc explain` against the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from scoring_world import province

from tthc.audit.models import AuditEntry
from tthc.scoring.models import Period, PeriodState, ScoringRun, SubjectScore
from tthc.scoring.selectors import dossier_points

pytestmark = pytest.mark.django_db


def score_json(period: str = "2020-Q1") -> dict:
    out = StringIO()
    call_command("score", "--period", period, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_score_json_follows_the_contract() -> None:
    province()
    data = score_json()
    assert (data["format_version"], data["period"], data["method"], data["profile"]) == (
        1, "2020-Q1", "nd61-tt01", "dien-bien-1187")
    agencies = {a["unit"]: a for a in data["agencies"]}
    # Units valid in the period only; the province itself is not scored.
    # Sorted by level, then rank with the unranked last.
    assert list(agencies) == ["STP", "STC", "HDB"]
    assert "OLD" not in agencies and "DB" not in agencies
    stp = agencies["STP"]
    # HS-EARLY: early (2) but its only step, in STC, was late (0); HS-LATE finished
    # 31/03 23:30 local time — still Q1 — late, with an upheld conduct complaint.
    assert stp["dossiers"] == 2
    assert stp["indicators"]["1"] == 1.0 and stp["indicators"]["2"] == 0.0
    assert stp["indicators"]["3"] == 1.5 and stp["indicators"]["7"] == 1.0
    assert stp["indicators"]["8"] == 2.0
    assert stp["total"] == float(sum(Decimal(str(v)) for v in stp["indicators"].values() if v is not None))
    assert stp["satisfaction"] == {"responses": 1, "rate": 0.0, "low": 0.0, "high": 0.793}
    stc = agencies["STC"]
    assert stc["indicators"]["2"] == 0.0 and stc["total"] is None
    assert stc["class"] == "khong_du_du_lieu" and stc["rank"] is None
    assert data["overdue_unfinished"] == [{"unit": "HDB", "count": 1}]
    assert data["officials"][0]["official"] == "CB1" and data["officials"][0]["dossiers"] == 2


def test_scores_are_stored_with_their_rule_version() -> None:
    province()
    score_json()
    run = ScoringRun.objects.get(is_current=True)
    assert run.rule_version == "nd61-tt01/dien-bien-1187@2019.2"
    assert run.parameters["values"]["desk.decided_share"]["district"] == "0.50"
    assert run.parameters["values"]["petitions.answer_working_days"] == 15
    stp = SubjectScore.objects.get(run=run, subject_type="agency", unit__code="STP")
    assert stp.values["1"] == "1.0" and stp.class_code != ""
    points = dossier_points(run_id=run.pk)
    assert sorted(points.values(), key=lambda p: p["1"]) == [
        {"1": 0, "2": 0, "3": 1, "4": 1, "6": 2, "7": 0},  # HS-LATE
        {"1": 2, "2": 0, "3": 2, "4": 1, "6": 2, "7": 2},  # HS-EARLY
    ]


def test_rescoring_keeps_the_old_run_and_audits_it() -> None:
    province()
    score_json()
    score_json()
    runs = ScoringRun.objects.order_by("id")
    assert [r.is_current for r in runs] == [False, True]
    assert runs[0].scores.exists() and not runs[0].dossier_points.exists()
    entry = AuditEntry.objects.get(action="rescore_period")
    assert entry.object_key == "2020-Q1/nd61-tt01/dien-bien-1187"
    assert entry.before[0]["totals"]["STP"][0] is not None


def test_a_locked_period_is_refused() -> None:
    province()
    Period.objects.create(code="2020-Q1", state=PeriodState.LOCKED)
    with pytest.raises(CommandError, match="đã công bố và khóa") as error:
        call_command("score", "--period", "2020-Q1")
    assert error.value.returncode == 1
    assert not ScoringRun.objects.exists()


def test_a_month_is_a_period_scored_from_its_own_records(personas) -> None:  # type: ignore[no-untyped-def]
    province()
    data = score_json("2020-03")
    assert data["period"] == "2020-03"
    stp = {a["unit"]: a for a in data["agencies"]}["STP"]
    # Only HS-LATE finished in March (HS-EARLY finished on 10/02).
    assert stp["dossiers"] == 1 and stp["indicators"]["1"] == 0.0
    assert ScoringRun.objects.get(period__code="2020-03").method == "nd61-tt01"
    client = personas.client("appraiser")
    for page in ("/tong-quan/2020-03/", "/tong-quan/2020-03/don-vi/STP/", "/ky/2020-03/",
                 "/xep-hang/2020-03/", "/bao-cao/2020-03/"):
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
    assert "Tháng 3 năm 2020" in client.get("/tong-quan/2020-03/").content.decode()
    assert client.get("/tong-quan/2020-13/").status_code == 404


@pytest.mark.parametrize("period", ["2020-Q7", "2020-13", "2020-3"])
def test_a_malformed_period_is_a_usage_error(period: str) -> None:
    with pytest.raises(CommandError, match="không hợp lệ") as error:
        call_command("score", "--period", period)
    assert error.value.returncode == 2


def test_the_table_is_vietnamese() -> None:
    province()
    out = StringIO()
    call_command("score", "--period", "2020", stdout=out)
    text = out.getvalue()
    assert "Kết quả tự chấm Năm 2020" in text and "SỞ, BAN, NGÀNH" in text
    assert "Không đủ dữ liệu" in text
    assert "Hồ sơ quá hạn chưa giải quyết đến cuối kỳ: HDB: 1" in text


def test_explain_gives_points_and_evidence() -> None:
    province()
    out = StringIO()
    call_command("explain", "HS-LATE", stdout=out)
    text = out.getvalue()
    assert "Chỉ số 1 — Tổng thời gian giải quyết TTHC so với quy định: 0 điểm" in text
    assert "Kết thúc xử lý 31/03/2020 23:30 — quá hạn" in text
    assert "Phản ánh PA1 về cán bộ tiếp nhận CB1 được xác minh là đúng → 0 điểm." in text
    assert "Mâu thuẫn chỉ số 4: phiếu đánh giá ghi 3 cơ quan, hồ sơ ghi 1; theo hồ sơ." in text


def test_explain_json_and_unknown_code() -> None:
    province()
    out = StringIO()
    call_command("explain", "HS-EARLY", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["indicators"]["2"]["points"] == 0 and data["indicators"]["2"]["source"] == "steps"
    assert data["steps"] == [{"seq": 1, "unit": "STC", "points": 0}]
    with pytest.raises(CommandError, match="Không tìm thấy hồ sơ"):
        call_command("explain", "KHONG-CO")


def test_a_run_stores_the_conflicts_it_found(db) -> None:  # type: ignore[no-untyped-def]
    """The record-versus-citizen conflicts of a period are kept with its run, as printed."""
    from tthc.demo.load import demo_load
    from tthc.scoring.services import period_score

    demo_load(dossiers=600, seed=3)
    outcome = period_score(period_code="2020", actor="test")
    assert outcome.run.conflicts == [[code, finding] for code, finding in outcome.result.conflicts]
    assert outcome.run.conflicts, "the demo's ratings disagree with some records"
