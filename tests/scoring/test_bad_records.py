"""One bad record never stops a province's scoring (issue 10, finding 12).

A procedure whose time limit runs past any calendar (2,147,483,647 working days, as an
import once accepted) used to make `tthc score` raise OverflowError for the first dossier
of it without a due date, and the appraiser's compute button answer 500. Such a dossier
is now scored as one whose due date cannot be determined, on both paths alike, and the
run lists it as a data-quality problem.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.dateparse import parse_datetime
from scoring_world import at, province

from tthc.catalogue.models import Procedure
from tthc.dossiers.models import Dossier
from tthc.scoring.models import ScoringRun
from tthc.scoring.services import compute_period

pytestmark = pytest.mark.django_db
AS_OF = parse_datetime("2021-01-15T12:00:00+07:00")
HUGE = 2_147_483_647


def _with_endless_procedure() -> dict:
    world = province()
    endless = Procedure.objects.create(code="9.999999", name="Thủ tục nhập sai thời hạn", time_limit=HUGE)
    # Finished in Q1 with no due date in the record: the engine must compute one.
    Dossier.objects.create(code="HS-ENDLESS", procedure=endless, unit=world["stp"], desk=world["stp"],
                           received_by=world["cb1"], channel="direct", return_channel="direct",
                           received_at=at("2020-02-03 08:00"), finished_at=at("2020-02-20 09:00"),
                           status="finished")
    return world


def test_both_paths_score_it_as_a_dossier_without_a_due_date_and_agree() -> None:
    _with_endless_procedure()
    bulk = compute_period(period_code="2020-Q1", as_of=AS_OF, path="bulk")
    per_dossier = compute_period(period_code="2020-Q1", as_of=AS_OF, path="per_dossier")
    assert "HS-ENDLESS" in bulk.scored.codes
    assert bulk.agencies == per_dossier.agencies
    assert bulk.scored.of("HS-ENDLESS") == per_dossier.scored.of("HS-ENDLESS")
    assert bulk.problems == per_dossier.problems
    (code, problem), = bulk.problems
    assert code == "HS-ENDLESS"
    assert "2.147.483.647 ngày làm việc" in problem and "9.999999" in problem
    explained = next(d for d in per_dossier.details if d.code == "HS-ENDLESS")
    assert explained.due_at is None and explained.due_source == "none"


def test_the_run_lists_it_and_the_command_warns_instead_of_crashing(capsys: pytest.CaptureFixture[str]) -> None:
    _with_endless_procedure()
    call_command("score", "--period", "2020-Q1", stdout=StringIO())
    run = ScoringRun.objects.get(is_current=True)
    assert [code for code, _ in run.problems] == ["HS-ENDLESS"]
    assert "HS-ENDLESS: Không tính được hạn giải quyết" in capsys.readouterr().err


def test_the_appraisers_compute_button_answers_with_the_problem_not_a_500(client, django_user_model) -> None:
    from django.contrib.auth.models import Group

    from tthc.access.roles import APPRAISER_GROUP

    _with_endless_procedure()
    appraiser = django_user_model.objects.create_user("tham-dinh", password="x")
    appraiser.groups.add(Group.objects.get_or_create(name=APPRAISER_GROUP)[0])
    client.force_login(appraiser)
    response = client.post("/ky/2020-Q1/tinh-diem/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 hồ sơ có dữ liệu không dùng được như đang ghi" in page
    overview = client.get("/tong-quan/2020-Q1/").content.decode()
    assert "HS-ENDLESS" in overview and "Không tính được hạn giải quyết" in overview
