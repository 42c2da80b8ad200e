"""`tthc import portal-index`: the portal's published figures stored per period, unit and
metric (interchange §6, methodology-qd766 §5)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from portal_answers import (
    digitised,
    encoded,
    metric,
    payment,
    progress,
    satisfaction,
    shape_a,
    unit_a,
    units_create,
)

from tthc.importers.models import ImportRun, PublishedAnswer, PublishedMetric, PublishedUnit
from tthc.importers.portal_index import MAX_ANSWER_BYTES, name_key
from tthc.importers.portal_index_services import PortalIndexUsageError, portal_index_import

pytestmark = pytest.mark.django_db
PERIOD = "2026-09"


def load(*files: tuple[str, bytes], period: str = PERIOD):  # type: ignore[no-untyped-def]
    return portal_index_import(files=list(files), period=period, actor="test")


def figure(unit_code: str, metric_code: str, period: str = PERIOD) -> PublishedMetric:
    return PublishedMetric.objects.get(unit__answer__period=period, unit__answer__current=True,
                                       unit__unit__code=unit_code, code=metric_code)


def test_shape_a_is_stored_per_unit_and_metric_with_nulls_flags_and_raw_keys() -> None:
    units_create()
    report = load(("handling-satisfaction.json", encoded(satisfaction())))
    assert report.ok, [r.describe_vi() for r in report.files]
    stored = PublishedAnswer.objects.get()
    assert (stored.period, stored.group, stored.current) == (PERIOD, "MDHL", True)
    assert stored.raw == satisfaction()
    flagged = figure("STP", "DOSSIER_RECEIVING_SATISFACTION")
    assert (flagged.numerator, flagged.denominator, flagged.ratio, flagged.score) == (
        410, 502, Decimal("81.67"), Decimal("5.44"))
    assert (flagged.quality_status, flagged.quality_message) == ("TEMPORARY_DENOMINATOR", "Mẫu số tạm tính")
    assert flagged.raw["weightNote"] == "mới"
    untracked = figure("STP", "PETITION_CLASSIFICATION_STAFF")
    assert untracked.score is None and untracked.max_score == 0
    no_petition = figure("STP", "PETITION_PROCESSING_ON_TIME")
    assert (no_petition.numerator, no_petition.score, no_petition.quality_status) == (0, Decimal(6), None)
    # Matched by portal code, and the unit without departmentCode by its name.
    matched = dict(PublishedUnit.objects.filter(overview=False).values_list("unit__code", "matched_by"))
    assert matched == {"STP": "portal_code", "SXD": "name"}
    overview = PublishedUnit.objects.get(overview=True)
    assert overview.unit is None and overview.total_score == Decimal("14.1")


def test_a_metric_with_only_a_ratio_keeps_its_nulls() -> None:
    units_create()
    assert load(("dossier-digitized.json", encoded(digitised()))).ok
    copy = figure("SXD", "ELECTRONIC_CERTIFIED_COPY")
    assert (copy.numerator, copy.denominator, copy.ratio, copy.score) == (None, None, Decimal(40), Decimal("0.8"))


def test_shape_b_is_one_metric_of_the_group_per_unit_and_unmatched_units_are_listed() -> None:
    units_create()
    report = load(("dvc-progress-tree.json", encoded(progress())))
    assert not report.ok and not report.rejected
    assert [(u.code, u.name) for u in report.unmatched] == [("H11.999", "Xã Không Có")]
    assert "portal_code" in report.unmatched[0].hint_vi and "H11.999" in report.unmatched[0].hint_vi
    commune = PublishedMetric.objects.get(unit__unit__code="H11.120")
    assert (commune.code, commune.numerator, commune.denominator, commune.score) == (
        "ON_TIME", 760, 812, Decimal("18.72"))
    assert commune.raw["avgProcessingDays"] == 2.9
    assert PublishedUnit.objects.get(unit__code="H11.120").matched_by == "code"
    # The unmatched unit's figures are kept (null stays null), waiting for a mapping.
    waiting = PublishedMetric.objects.get(unit__code="H11.999", unit__unit=None)
    assert (waiting.numerator, waiting.denominator, waiting.score) == (None, 0, None)
    assert ImportRun.objects.get(kind="portal-index").warnings == 1


def test_a_group_without_a_numerator_key_keeps_its_counts_raw() -> None:
    units_create()
    assert load(("formality-online-payment-tree.json", encoded(payment()))).ok
    paid = figure("STP", "ONLINE_PAYMENT")
    assert (paid.numerator, paid.denominator, paid.score, paid.max_score) == (None, None, Decimal("7.25"), 10)
    assert paid.raw["totalDossierFinancialObligation"] == 40


def test_the_same_answer_twice_changes_nothing_even_reformatted() -> None:
    units_create()
    load(("handling-satisfaction.json", encoded(satisfaction())))
    before = list(PublishedMetric.objects.order_by("id").values())
    again = load(("handling-satisfaction (1).json", encoded(satisfaction(), indent=2)))
    assert again.ok and again.files[0].unchanged
    assert PublishedAnswer.objects.count() == 1
    assert list(PublishedMetric.objects.order_by("id").values()) == before


def test_a_newer_answer_becomes_current_and_the_older_stays_as_history() -> None:
    units_create()
    load(("handling-satisfaction.json", encoded(satisfaction())))
    revised = satisfaction()
    revised["data"]["evaluation"][1]["metrics"][0]["numerator"] = 4
    report = load(("handling-satisfaction.json", encoded(revised)))
    assert report.files[0].replaced
    history = list(PublishedAnswer.objects.order_by("id").values_list("current", flat=True))
    assert history == [False, True]
    assert figure("SXD", "PETITION_PROCESSING_ON_TIME").numerator == 4
    older = PublishedMetric.objects.get(unit__answer__current=False, unit__unit__code="SXD")
    assert older.numerator == 3
    # Another period is apart.
    load(("handling-satisfaction.json", encoded(satisfaction())), period="2026-10")
    assert PublishedAnswer.objects.filter(current=True).count() == 2


def test_importing_again_after_mapping_matches_the_unit() -> None:
    units = units_create()
    load(("dvc-progress-tree.json", encoded(progress())))
    units["sxd"].portal_code = "H11.999"
    units["sxd"].save()
    report = load(("dvc-progress-tree.json", encoded(progress())))
    assert report.ok and report.files[0].rematched == 1
    assert PublishedUnit.objects.get(code="H11.999").matched_by == "portal_code"


def test_a_name_two_units_share_is_not_guessed() -> None:
    units_create()
    from tthc.organisation.models import Unit, UnitKind
    Unit.objects.create(code="SXD2", name="Sở Xây Dựng", kind=UnitKind.PROVINCE_AGENCY)
    report = load(("handling-satisfaction.json", encoded(satisfaction())))
    assert [u.name for u in report.unmatched] == ["SỞ  XÂY DỰNG - Tỉnh Điện Biên"]
    assert "cùng tên" in report.unmatched[0].why_vi


def test_names_compare_after_nfc_case_folding_and_without_the_province() -> None:
    import unicodedata
    decomposed = unicodedata.normalize("NFD", "SỞ TƯ PHÁP - Tỉnh Điện Biên")
    assert name_key(decomposed) == name_key("Sở Tư pháp")


def _refused(name: str, data: bytes) -> str:
    units_create()
    report = load((name, data))
    assert len(report.rejected) == 1 and not report.ok
    assert PublishedAnswer.objects.count() == 0 and PublishedMetric.objects.count() == 0
    problem = report.files[0].problem
    assert problem is not None and name in problem.vi
    return problem.vi


def test_a_truncated_file_is_refused_whole() -> None:
    data = encoded(satisfaction())
    assert "bị cắt cụt" in _refused("handling-satisfaction.json", data[: len(data) // 2])


def test_a_file_of_another_group_than_its_name_is_refused() -> None:
    message = _refused("transparency.json", encoded(satisfaction()))
    assert "MDHL" in message
    assert "CKMB" in message and "data.evaluation[0].metrics[0].code" in message


def test_a_shape_b_file_of_another_group_is_refused() -> None:
    message = _refused("provide-online-tree.json", encoded(progress()))
    assert "dvc-progress-tree" in message and "TDGQ" in message


def test_a_shape_a_file_under_a_shape_b_name_is_refused() -> None:
    assert "children" in _refused("dvc-progress-tree.json", encoded(satisfaction()))


def test_an_answer_that_is_not_ok_is_refused() -> None:
    answer = satisfaction()
    answer["code"] = "ERROR"
    assert "\"ERROR\"" in _refused("handling-satisfaction.json", encoded(answer))


@pytest.mark.parametrize(("value", "field"), [
    (-1, "numerator"), ("12", "numerator"), (True, "denominator"), (1.5, "numerator"),
])
def test_a_count_that_is_not_a_count_names_the_field(value: object, field: str) -> None:
    answer = satisfaction()
    answer["data"]["evaluation"][1]["metrics"][0][field] = value
    message = _refused("handling-satisfaction.json", encoded(answer))
    assert f"data.evaluation[1].metrics[0].{field}" in message


def test_a_file_whose_name_names_no_group_is_refused() -> None:
    assert "transparency" in _refused("bao-cao.json", encoded(satisfaction()))


def test_repeated_keys_deep_values_nan_and_oversized_files_are_refused() -> None:
    text = encoded(satisfaction()).decode()
    repeated = text.replace('"code": "OK"', '"code": "OK", "code": "OK"', 1)
    assert "hai lần" in _refused("handling-satisfaction.json", repeated.encode())
    PublishedAnswer.objects.all().delete()
    from tthc.organisation.models import Unit
    Unit.objects.all().delete()
    deep = text.replace('"weightNote": "mới"', '"weightNote": ' + "[" * 40 + "]" * 40, 1)
    assert "sâu" in _refused("handling-satisfaction.json", deep.encode())
    Unit.objects.all().delete()
    nan = text.replace('"ratio": 75', '"ratio": NaN', 1)
    assert "NaN" in _refused("handling-satisfaction.json", nan.encode())
    Unit.objects.all().delete()
    big = b" " * (MAX_ANSWER_BYTES + 1)
    assert "MiB" in _refused("handling-satisfaction.json", big)


def test_a_unit_without_code_or_name_is_refused() -> None:
    answer = shape_a([unit_a("", [metric("PETITION_PROCESSING_ON_TIME", 0, 0, 0, 6, 6)])])
    assert "departmentCode" in _refused("handling-satisfaction.json", encoded(answer))


def test_one_bad_file_leaves_the_others_stored() -> None:
    units_create()
    report = load(("handling-satisfaction.json", encoded(satisfaction())),
                  ("dossier-digitized.json", b'{"code": "OK", "data": {'))
    assert [r.problem is None for r in report.files] == [True, False]
    assert list(PublishedAnswer.objects.values_list("answer", flat=True)) == ["handling-satisfaction"]


def test_a_wrong_period_is_a_usage_error() -> None:
    with pytest.raises(PortalIndexUsageError):
        load(("handling-satisfaction.json", encoded(satisfaction())), period="2026-13")


def test_the_command_lists_unmatched_units_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units_create()
    path = tmp_path / "dvc-progress-tree.json"
    path.write_bytes(encoded(progress()))
    with pytest.raises(CommandError) as failed:
        call_command("import", "portal-index", str(path), "--period", "2026-Q3")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert "H11.999" in out and "portal_code" in out and "kỳ 2026-Q3" in out
    good = tmp_path / "handling-satisfaction.json"
    good.write_bytes(encoded(satisfaction()))
    call_command("import", "portal-index", str(good), "--period", "2026-Q3")
    assert "đã lưu kết quả handling-satisfaction" in capsys.readouterr().out


def test_the_command_wants_a_period(tmp_path: Path) -> None:
    path = tmp_path / "transparency.json"
    path.write_bytes(encoded(satisfaction()))
    with pytest.raises(CommandError) as failed:
        call_command("import", "portal-index", str(path))
    assert failed.value.returncode == 2


def test_a_portal_code_two_units_share_is_not_guessed() -> None:
    units = units_create()
    units["sxd"].portal_code = "H11.07"
    units["sxd"].save()
    report = load(("formality-online-payment-tree.json", encoded(payment())))
    assert [u.code for u in report.unmatched] == ["H11.07"] and "portal_code" in report.unmatched[0].why_vi


def test_text_no_database_can_store_is_refused_where_it_is() -> None:
    text = encoded(satisfaction()).decode().replace('"weightNote": "mới"', '"weightNote": "m\\u0000i"', 1)
    assert "data.evaluation[0].metrics[2].weightNote" in _refused("handling-satisfaction.json", text.encode())


def test_a_syntax_error_inside_the_file_is_told_in_vietnamese() -> None:
    text = encoded(satisfaction()).decode().replace('"code": "OK", ', '"code": "OK" ', 1)
    message = _refused("handling-satisfaction.json", text.encode())
    assert "thiếu dấu phẩy" in message and "cắt cụt" not in message and "Expecting" not in message
