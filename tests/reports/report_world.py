"""A small evaluated world for the reports (its fixtures are in conftest.py): two
quarters, four agencies, three officials, one appraisal deduction that changes a class
and a rank, and a login for every role."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import Client

# The stored-score builders of the web tests (tests/web/ranking_rows.py), reused here.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "web"))

from personas import Personas
from ranking_rows import agency_score, official_score, run_create, unit_get

from tthc.access.models import AgencyLeader
from tthc.evaluation import services
from tthc.evaluation.services import Key
from tthc.organisation.models import Official, UnitKind
from tthc.scoring.models import PeriodState

PUBLISHED, UNPUBLISHED = "2020-Q1", "2020-Q2"

# Sở Tư pháp self-scores 15.5 (Xuất sắc, rank 1); the appraiser lowers indicator 6 from
# 2.0 to 1.0, so the appraised total 14.5 is Tốt and ranks below Sở Giao thông's 15.0.
STP_POINTS = ["2.0", "1.8", "2.0", "1.4", "2.0", "2.0", "1.9", "2.0", "0.4"]
SGT_POINTS = ["2.0", "2.0", "2.0", "2.0", "2.0", "1.0", "1.0", "1.5", "1.5"]
DEDUCTION_REASON = "Niêm yết thủ tục chưa đầy đủ tại Bộ phận Một cửa."
EXPLANATION = "Đơn vị đã niêm yết đủ 96 thủ tục từ tháng 2."


@dataclass(frozen=True)
class World:
    personas: Personas
    leader: object  # leads STP
    other_leader: object  # leads SGT: must be refused STP's data
    desk: object  # the desk official CB-STP-1
    desk_other: object  # the desk official CB-STP-2 (same unit, not CB-STP-1)

    def client(self, name: str) -> Client:
        if name in ("admin", "appraiser", "outsider", "anonymous"):
            return self.personas.client(name)
        client = Client()
        client.force_login(getattr(self, name))
        return client


def _points(values: list[str]) -> dict[str, object]:
    """An nd61 agency's stored values by indicator code ("1"…"9") and their total."""
    points = {str(n): Decimal(v) for n, v in enumerate(values, start=1)}
    return {"points": points, "total": sum(points.values(), Decimal("0.0"))}


def _period(code: str) -> None:
    run = run_create(period=code)
    stp = unit_get("STP", UnitKind.PROVINCE_AGENCY, "Sở Tư pháp")
    sgt = unit_get("SGT", UnitKind.PROVINCE_AGENCY, "Sở Giao thông vận tải")
    huyen = unit_get("H01", UnitKind.DISTRICT, "UBND huyện Mường Ảng")
    xa = unit_get("X01", UnitKind.COMMUNE, "UBND xã Ẳng Nưa")
    agency_score(run, stp, class_code="xuat_sac", rank=1, dossiers=120, **_points(STP_POINTS))
    agency_score(run, sgt, class_code="tot", rank=2, dossiers=80, **_points(SGT_POINTS))
    agency_score(run, huyen, rank=1)
    agency_score(run, xa, rank=1, responses=12, satisfaction_rate=Decimal("0.750"),
                 satisfaction_low=Decimal("0.468"), satisfaction_high=Decimal("0.911"))
    for code, name, unit in (("CB-STP-1", "Nguyễn Thị Hằng", stp), ("CB-STP-2", "Lò Văn Đức", stp),
                             ("CB-SGT-1", "Trần Quốc Việt", sgt)):
        official, _ = Official.objects.get_or_create(code=code, defaults={"full_name": name,
                                                                           "unit": unit})
        official_score(run, official)


def _appraise(code: str, *, publish: bool, appraiser: object, leader: object) -> None:
    key = Key(code)
    stp = unit_get("STP", UnitKind.PROVINCE_AGENCY)
    services.period_advance(key, to=PeriodState.SELF_ASSESSMENT, user=appraiser)
    services.self_assessment_save(key, unit=stp, indicator=6, explanation=EXPLANATION, user=leader)
    services.period_advance(key, to=PeriodState.APPRAISAL, user=appraiser)
    services.appraisal_save(key, unit=stp, indicator=6, points="1.0", reason=DEDUCTION_REASON,
                            user=appraiser)
    if publish:
        services.period_advance(key, to=PeriodState.LOCKED, user=appraiser)


def world_create(personas: Personas) -> World:
    users = get_user_model().objects
    leader = users.create_user("lanhdao-stp", None, None)
    other_leader = users.create_user("lanhdao-sgt", None, None)
    desk = users.create_user("canbo-stp-1", None, None)
    desk_other = users.create_user("canbo-stp-2", None, None)
    _period(PUBLISHED)
    _period(UNPUBLISHED)
    AgencyLeader.objects.create(user=leader, unit=unit_get("STP", UnitKind.PROVINCE_AGENCY))
    AgencyLeader.objects.create(user=other_leader, unit=unit_get("SGT", UnitKind.PROVINCE_AGENCY))
    Official.objects.filter(code="CB-STP-1").update(user=desk)
    Official.objects.filter(code="CB-STP-2").update(user=desk_other)
    _appraise(PUBLISHED, publish=True, appraiser=personas.appraiser, leader=leader)
    _appraise(UNPUBLISHED, publish=False, appraiser=personas.appraiser, leader=leader)
    return World(personas, leader, other_leader, desk, desk_other)
