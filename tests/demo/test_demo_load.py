"""`tthc demo`: the data set goes through the canonical importer without a rejection."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tthc.audit.models import AuditEntry
from tthc.catalogue.models import Procedure, UnitProcedure
from tthc.demo.load import DATASET_KEY, demo_load
from tthc.dossiers.models import Dossier, Step, Supplement
from tthc.organisation.models import CalendarDay, Official, Unit
from tthc.petitions.models import Petition
from tthc.ratings.models import Rating
from tthc.scoring.selectors import DEMO_LOADED_ACTION, dataset_is_demo

MODELS = {
    "units": Unit, "officials": Official, "procedures": Procedure,
    "unit_procedures": UnitProcedure, "dossiers": Dossier, "steps": Step,
    "supplements": Supplement, "ratings": Rating, "petitions": Petition,
}


def _stored() -> dict[str, int]:
    return {name: model.objects.count() for name, model in MODELS.items()}


@pytest.mark.django_db
def test_small_demo_imports_without_rejection_and_is_idempotent() -> None:
    assert not dataset_is_demo()
    first = demo_load(dossiers=500, seed=11)
    assert first.report.ok
    assert first.report.rejected == 0
    # Consistent rows: not even a data-quality warning.
    assert first.report.warnings == 0, [i.describe() for i in first.report.issues[:5]]
    assert _stored() == first.rows
    assert first.report.created == sum(first.rows.values())
    assert first.recorded and dataset_is_demo()
    assert first.calendar_days_added > 0
    assert CalendarDay.objects.filter(date="2020-01-27").exists()  # Tết 2020

    second = demo_load(dossiers=500, seed=11)
    assert second.report.ok
    assert second.report.created == 0 and second.report.updated == 0
    assert second.report.unchanged == sum(second.rows.values())
    assert _stored() == first.rows
    assert not second.recorded
    entries = AuditEntry.objects.filter(action=DEMO_LOADED_ACTION, object_key=DATASET_KEY)
    assert list(entries.values_list("actor", "object_type", "after")) == [
        ("demo", "dataset", {"seed": 11, "dossiers": 500, "year": 2020})
    ]


@pytest.mark.django_db
def test_command_prints_a_vietnamese_summary() -> None:
    out = StringIO()
    call_command("demo", "--dossiers", "300", "--seed", "3", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "Dữ liệu minh họa tỉnh Điện Biên năm 2020" in text
    assert "không phải kết quả thật" in text
    assert "300 hồ sơ" in text
    assert "bị từ chối 0" in text
    assert Dossier.objects.count() == 300
    entry = AuditEntry.objects.get(action=DEMO_LOADED_ACTION)
    assert entry.after == {"seed": 3, "dossiers": 300, "year": 2020}


@pytest.mark.django_db
def test_command_fails_when_rows_are_rejected() -> None:
    # A different rating already stored for a demo dossier makes the importer reject the
    # demo's own rating of it (one rating per dossier; methodology §5).
    call_command("demo", "--dossiers", "200", stdout=StringIO(), stderr=StringIO())
    rating = Rating.objects.order_by("id").first()
    assert rating is not None
    rating.satisfaction = "very_dissatisfied" if rating.satisfaction != "very_dissatisfied" \
        else "satisfied"
    rating.save()
    with pytest.raises(CommandError) as failure:
        call_command("demo", "--dossiers", "200", stdout=StringIO(), stderr=StringIO())
    assert failure.value.returncode == 1
    assert "1 dòng bị từ chối" in str(failure.value)


@pytest.mark.django_db
def test_an_unknown_data_set_is_refused_in_words() -> None:
    with pytest.raises(CommandError) as refused:
        call_command("demo", "--data-set", "2030", stdout=StringIO())
    assert "không có bộ dữ liệu minh họa “2030”" in str(refused.value)
    assert "2020, 2026" in str(refused.value)
    assert not Dossier.objects.exists()
