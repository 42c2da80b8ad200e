"""`tthc explain DOSSIER --method qd766`: a dossier's part in each metric, the rule that
cost each lost point, and the methodology's own words on a refused or withdrawn dossier
(under the index it stays in the metrics; under nd61 it is not scored) — never the
other methodology's."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from scoring_world import at
from test_index_score import PERIOD, _dossier, small_month

pytestmark = pytest.mark.django_db

ND61_LINE = "Hồ sơ bị từ chối hoặc rút: không được tính điểm trong kỳ nào."


def _explain(code: str, *args: str) -> str:
    out = StringIO()
    call_command("explain", code, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def refused() -> str:
    world = small_month()
    _dossier(world, "SXD-TC", "SXD", status="refused", received_at=at("2026-09-01 08:00"),
             due_at=at("2026-09-08 17:00"), finished_at=at("2026-09-10 09:00"), synced_at=at("2026-09-01 09:00"))
    return "SXD-TC"


def test_a_refused_dossier_keeps_its_part_in_the_index(refused: str) -> None:
    text = _explain(refused, "--method", "qd766", "--period", PERIOD)
    assert ND61_LINE not in text
    note = next(line for line in text.splitlines() if line.startswith("Hồ sơ bị từ chối:"))
    assert "việc từ chối hoặc rút là kết thúc xử lý" in note
    assert "trong kỳ 2026-09 hồ sơ thuộc mẫu số các chỉ số 1.4, 2.1," in note and "5.4" in note
    # Refused after its due date: late, and the rule says how.
    assert "Lý do bị trừ điểm: Hồ sơ bị từ chối ngày 10/09/2026, sau hạn giải quyết 08/09/2026." in text


def test_nd61_still_says_a_refused_dossier_is_not_scored(refused: str) -> None:
    assert ND61_LINE in _explain(refused, "--method", "nd61-tt01")


def test_the_json_carries_the_rules_and_the_notes(refused: str) -> None:
    data = json.loads(_explain(refused, "--method", "qd766", "--period", PERIOD, "--json"))
    assert data["indicators"]["ON_TIME"]["lost"] == [
        {"rule": "after_due", "words": "Hồ sơ bị từ chối ngày 10/09/2026, sau hạn giải quyết 08/09/2026"}]
    assert data["indicators"]["DOSSIER_SYNC"]["lost"] == []
    assert len(data["notes"]) == 1 and data["notes"][0].startswith("Hồ sơ bị từ chối:")
    on_time = json.loads(_explain("SXD-1", "--method", "qd766", "--period", PERIOD, "--json"))
    assert on_time["notes"] == [] and on_time["indicators"]["ON_TIME"]["lost"] == []
