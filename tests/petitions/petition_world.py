"""A few units, officials and a dossier for the petition tests, created row by row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission

from tthc.catalogue.models import Procedure
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official, Unit

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HCM)


@dataclass(frozen=True)
class World:
    stp: Unit
    hdb: Unit
    commune: Unit
    old: Unit
    province: Unit
    cb1: Official
    cb2: Official
    dossier: Dossier
    other_dossier: Dossier


def world_create() -> World:
    province = Unit.objects.create(code="DB", name="Tỉnh Điện Biên", kind="province")
    stp = Unit.objects.create(code="STP", name="Sở Tư pháp", kind="province_agency", parent=province)
    hdb = Unit.objects.create(code="HDB", name="Huyện Điện Biên", kind="district", parent=province)
    commune = Unit.objects.create(code="XTL", name="Xã Thanh Luông", kind="commune", parent=hdb)
    old = Unit.objects.create(code="OLD", name="Sở đã giải thể", kind="province_agency", parent=province,
                              valid_to=date(2019, 6, 30))
    cb1 = Official.objects.create(code="CB1", full_name="Lò Thị Hoa", unit=stp)
    cb2 = Official.objects.create(code="CB2", full_name="Quàng Văn Đức", unit=hdb)
    procedure = Procedure.objects.create(code="1.000001", name="Cấp phiếu lý lịch tư pháp", time_limit=5)
    dossier = Dossier.objects.create(code="HS-STP-1", procedure=procedure, unit=stp, desk=stp, received_by=cb1,
                                     channel="direct", received_at=at("2026-02-02 08:00"),
                                     due_at=at("2026-02-09 17:00"), status="processing")
    other = Dossier.objects.create(code="HS-HDB-1", procedure=procedure, unit=hdb, desk=hdb, received_by=cb2,
                                   channel="online", received_at=at("2026-02-02 08:00"), status="processing")
    return World(stp, hdb, commune, old, province, cb1, cb2, dossier, other)


def official_login(official: Official, username: str, *, staff: bool = False,
                   password: str | None = None) -> AbstractBaseUser:
    user = get_user_model().objects.create_user(username, f"{username}@example.invalid", password,
                                                is_staff=staff)
    official.user = user
    official.save(update_fields=["user"])
    return user


def appraiser_with_change(username: str = "thamdinh-pakn") -> AbstractBaseUser:
    """A staff member of the provincial office who may conclude on complaints."""
    user = get_user_model().objects.create_user(username, f"{username}@example.invalid", None, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_petition"),
                              Permission.objects.get(codename="view_petition"))
    return user
