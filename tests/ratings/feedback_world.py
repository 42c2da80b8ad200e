"""Rows for the rating and receipt tests, created one by one so that they read as a story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from tthc.catalogue.models import Procedure
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official, Unit
from tthc.ratings.codes import verification_code

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PROCEDURE_NAME = "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam"
DESK_NAME = "Bộ phận Một cửa Sở Tư pháp"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HCM)


@dataclass(frozen=True)
class FeedbackWorld:
    finished: Dossier  # result ready: the QR link invites rating
    processing: Dossier  # not finished yet
    refused: Dossier  # refused dossiers can still be rated
    other_desk: Dossier  # received by another desk
    receiver: AbstractBaseUser  # login of the official who received `finished`
    colleague: AbstractBaseUser  # login of another official of the same desk
    stranger: AbstractBaseUser  # login of an official of another unit
    receiver_name: str

    @staticmethod
    def rate_url(dossier: Dossier, code: str | None = None) -> str:
        return f"/danh-gia/{dossier.code}/?m={verification_code(dossier.code) if code is None else code}"


def feedback_world_create() -> FeedbackWorld:
    province = Unit.objects.create(code="DB", name="Ủy ban nhân dân tỉnh Điện Biên", kind="province")
    stp = Unit.objects.create(code="STP", name="Sở Tư pháp tỉnh Điện Biên", kind="province_agency",
                              parent=province)
    desk = Unit.objects.create(code="STP-MC", name=DESK_NAME, kind="province_agency", parent=stp)
    hdb = Unit.objects.create(code="HDB", name="Ủy ban nhân dân huyện Điện Biên", kind="district",
                              parent=province)
    users = get_user_model().objects
    receiver = users.create_user("lo-thi-hoa", None, None)
    colleague = users.create_user("quang-van-duc", None, None)
    stranger = users.create_user("vi-thi-nga", None, None)
    hoa = Official.objects.create(code="CB1", full_name="Lò Thị Hoa", unit=stp, position="Chuyên viên",
                                  user=receiver)
    Official.objects.create(code="CB2", full_name="Quàng Văn Đức", unit=desk, user=colleague)
    Official.objects.create(code="CB3", full_name="Vì Thị Nga", unit=hdb, user=stranger)
    procedure = Procedure.objects.create(code="1.001234", name=PROCEDURE_NAME, time_limit=10)

    def dossier(code: str, **fields: object) -> Dossier:
        defaults: dict[str, object] = {
            "procedure": procedure, "unit": stp, "desk": desk, "channel": "direct",
            "return_channel": "direct", "received_at": at("2020-02-03 08:15"),
            "due_at": at("2020-02-17 17:00"),
        }
        return Dossier.objects.create(code=code, **{**defaults, **fields})

    return FeedbackWorld(
        finished=dossier("HS-2020-0001", received_by=hoa, finished_at=at("2020-02-14 10:00"),
                         returned_at=at("2020-02-15 09:00"), status="returned"),
        processing=dossier("HS-2020-0002", status="processing"),
        refused=dossier("HS-2020-0003", finished_at=at("2020-02-05 09:00"), status="refused"),
        other_desk=dossier("HS-2020-0004", unit=hdb, desk=hdb, status="processing"),
        receiver=receiver, colleague=colleague, stranger=stranger, receiver_name="Lò Thị Hoa",
    )
