"""Scores stored before issue 9 read exactly as before after the upgrade to generic
stored scores (values by indicator code, the run's layout, labels and flags as computed).

`upgrade/before_generic_scores.sql` is a SQLite database (`iterdump`) made at commit
8fac743, when a subject score had one column per nd61-tt01 indicator (i1…i9): `tthc
migrate`, the small province of tests/scoring/scoring_world.py scored twice for 2020-Q1
(an old run and the current one), an explanation of indicator 3 and an appraisal of
indicator 6 for STP. The expected numbers are read from the old columns of the dump
itself, before migrating.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from test_upgrade import _tthc

BEFORE = Path(__file__).resolve().parent / "upgrade" / "before_generic_scores.sql"
OLD_COLUMNS = ("1", "2", "3", "4", "6", "7")  # nd61-tt01's per-dossier columns then

READ = """
import json
from tthc.evaluation.models import Appraisal, SelfAssessment
from tthc.scoring.models import ScoringRun, SubjectScore
from tthc.scoring.selectors import dossier_points, layout_of, period_ranking
print(json.dumps({
    "scores": {s.pk: [s.values, str(s.total) if s.total is not None else None, s.class_code,
                      s.class_label, s.small_sample, s.responses]
               for s in SubjectScore.objects.all()},
    "current_agencies": {s.unit.code: s.pk for s in SubjectScore.objects.filter(
        run__is_current=True, subject_type="agency").select_related("unit")},
    "layouts": {r.pk: [layout_of(r).method, [c.code for c in layout_of(r).agency.classes],
                       list(layout_of(r).dossier_columns), layout_of(r).small_sample]
                for r in ScoringRun.objects.all()},
    "points": {r.pk: {str(k): v for k, v in dossier_points(run_id=r.pk).items()}
               for r in ScoringRun.objects.all()},
    "ranking": [[row["code"], [str(v) if v is not None else None for v in row["indicators"]],
                 str(row["total"]) if row["total"] is not None else None, row["class_label"]]
                for level in period_ranking(period="2020-Q1")["levels"] for row in level["agencies"]],
    "appraisal": [[a.indicator, str(a.points), str(a.self_points)] for a in Appraisal.objects.all()],
    "explanation": [[n.indicator, n.explanation] for n in SelfAssessment.objects.all()],
}))
"""


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    database = tmp_path_factory.mktemp("upgrade-scores") / "before.sqlite3"
    with sqlite3.connect(database) as db:
        db.executescript(BEFORE.read_text(encoding="utf-8"))
        db.row_factory = sqlite3.Row
        old = {
            "scores": {row["id"]: dict(row) for row in db.execute("SELECT * FROM scoring_subjectscore")},
            "points": {row["run_id"]: (row["dossier_ids"], row["points"])
                       for row in db.execute("SELECT * FROM scoring_dossierpoints")},
            "appraisal": [tuple(r) for r in db.execute(
                "SELECT indicator, points, self_points FROM evaluation_appraisal")],
        }
    result = _tthc("migrate", "--noinput", database=database)
    assert result.returncode == 0, result.stderr
    read = _tthc("shell", "-c", READ, database=database)
    assert read.returncode == 0, read.stderr
    return old, json.loads(read.stdout.strip().splitlines()[-1])


def _text(value: object) -> str | None:
    return None if value is None else str(Decimal(str(value)).quantize(Decimal("0.1")))


def test_every_indicator_value_and_total_is_unchanged(before_and_after: tuple[dict, dict]) -> None:
    old, new = before_and_after
    assert len(old["scores"]) == len(new["scores"]) == 8
    for pk, row in old["scores"].items():
        values, total, class_code, _, _, responses = new["scores"][str(pk)]
        indicators = ("1", "2", "3", "4", "5", "6", "7", "8", "9") if row["official_id"] is None \
            else ("1", "2", "3", "4", "7")
        assert values == {code: _text(row[f"i{code}"]) for code in indicators}
        assert (None if total is None else Decimal(total)) == \
            (None if row["total"] is None else Decimal(str(row["total"])))
        assert (class_code, responses) == (row["class_code"], row["responses"])


def test_labels_and_small_sample_come_from_each_runs_own_parameters(before_and_after: tuple[dict, dict]) -> None:
    old, new = before_and_after
    labels = {"tot": "Tốt", "kha": "Khá", "khong_du_du_lieu": "Không đủ dữ liệu",
              "ht_100": "Hoàn thành 100% nhiệm vụ", "yeu": "Yếu", "trung_binh": "Trung bình",
              "xuat_sac": "Xuất sắc"}
    for pk in old["scores"]:
        _, _, class_code, class_label, small_sample, responses = new["scores"][str(pk)]
        if class_code in labels:
            assert class_label == labels[class_code]
        assert small_sample is (responses < 30)
    for method, classes, columns, small in new["layouts"].values():
        assert method == "nd61-tt01" and columns == list(OLD_COLUMNS) and small == 30
        assert classes == ["xuat_sac", "tot", "kha", "trung_binh", "yeu", "khong_du_du_lieu"]


def test_per_dossier_points_read_as_stored(before_and_after: tuple[dict, dict]) -> None:
    old, new = before_and_after
    assert old["points"], "the dump holds the current run's per-dossier points"
    for run_id, (ids, points) in old["points"].items():
        id_array = np.frombuffer(ids, dtype="<i8")
        matrix = np.frombuffer(points, dtype=np.uint8).reshape(len(id_array), len(OLD_COLUMNS))
        expected = {str(i): {c: None if v == 255 else int(v) for c, v in zip(OLD_COLUMNS, row, strict=True)}
                    for i, row in zip(id_array.tolist(), matrix.tolist(), strict=True)}
        assert new["points"][str(run_id)] == expected


def test_the_ranking_reads_the_old_run_at_one_decimal(before_and_after: tuple[dict, dict]) -> None:
    old, new = before_and_after
    assert new["ranking"]
    for code, indicators, total, class_label in new["ranking"]:
        row = old["scores"][new["current_agencies"][code]]
        assert indicators == [_text(row[f"i{n}"]) for n in range(1, 10)]
        assert total == _text(row["total"])
        assert class_label == new["scores"][str(new["current_agencies"][code])][3]


def test_appraisals_and_explanations_name_their_indicator_by_code(before_and_after: tuple[dict, dict]) -> None:
    old, new = before_and_after
    assert new["appraisal"] == [[str(i), str(Decimal(str(p)).quantize(Decimal("0.01"))),
                                 str(Decimal(str(s)).quantize(Decimal("0.01")))] for i, p, s in old["appraisal"]]
    assert new["explanation"] == [["3", "Giải trình chỉ số 3"]]
