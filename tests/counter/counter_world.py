"""A desk with two officials, a tablet, and a neighbouring agency — row by row, readable.

Used by the counter tests and by the kiosk and paper browser tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from tthc.catalogue.models import Procedure
from tthc.counter.credentials import COOKIE_NAME
from tthc.counter.models import CounterDevice
from tthc.counter.services import counter_device_add
from tthc.dossiers.models import Dossier
from tthc.organisation.models import Official, Unit

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "mat-khau-kiem-thu-2020"


@dataclass(frozen=True)
class CounterWorld:
    desk: Unit
    other_unit: Unit
    official: Official            # Lò Thị Hoa, desk official of STP, with a login
    colleague: Official           # another official of the same desk
    user: AbstractBaseUser        # Hoa's login (not staff)
    colleague_user: AbstractBaseUser
    dossiers: list[Dossier]       # received by Hoa, oldest first
    colleague_dossier: Dossier
    other_dossier: Dossier        # of another agency, received there
    device: CounterDevice         # STP's tablet
    token: str                    # its token, as issued
    other_device: CounterDevice   # the other agency's tablet
    other_token: str


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HCM)


def counter_world(*, password: str | None = None) -> CounterWorld:
    """`password` set: the logins can use the log-in form (hashing costs time)."""
    users = get_user_model().objects
    province = Unit.objects.create(code="DB", name="Tỉnh Điện Biên", kind="province")
    stp = Unit.objects.create(code="STP", name="Sở Tư pháp", kind="province_agency", parent=province)
    stc = Unit.objects.create(code="STC", name="Sở Tài chính", kind="province_agency", parent=province)
    user = users.create_user("hoa.lt", "hoa@example.invalid", password, first_name="Lò Thị Hoa")
    colleague_user = users.create_user("nam.nv", "nam@example.invalid", password)
    official = Official.objects.create(code="CB1", full_name="Lò Thị Hoa", unit=stp, user=user,
                                       position="Công chức Bộ phận Một cửa")
    colleague = Official.objects.create(code="CB2", full_name="Nguyễn Văn Nam", unit=stp, user=colleague_user)
    stranger = Official.objects.create(code="CB9", full_name="Quàng Văn Sơn", unit=stc)
    p1 = Procedure.objects.create(code="1.000001", name="Cấp phiếu lý lịch tư pháp", time_limit=5)
    p2 = Procedure.objects.create(code="1.000002", name="Chứng thực bản sao từ bản chính", time_limit=1)

    def dossier(code: str, received: str, by: Official, unit: Unit, procedure: Procedure) -> Dossier:
        return Dossier.objects.create(code=code, procedure=procedure, unit=unit, desk=unit, received_by=by,
                                      channel="direct", received_at=at(received), status="processing")

    dossiers = [dossier(f"HS-STP-{i:03d}", f"2020-03-0{i} 08:30", official, stp, p1 if i % 2 else p2)
                for i in range(1, 5)]
    colleague_dossier = dossier("HS-STP-900", "2020-03-02 09:00", colleague, stp, p1)
    other_dossier = dossier("HS-STC-001", "2020-03-02 10:00", stranger, stc, p2)
    issued = counter_device_add(name="Quầy 1", desk=stp, actor="test")
    other = counter_device_add(name="Quầy STC", desk=stc, actor="test")
    return CounterWorld(stp, stc, official, colleague, user, colleague_user, dossiers, colleague_dossier,
                        other_dossier, issued.device, issued.token, other.device, other.token)


def tablet(token: str, *, enforce_csrf: bool = False) -> Client:
    """A browser already bound to a device: it holds the signed cookie the bind form sets."""
    client = Client(enforce_csrf_checks=enforce_csrf)
    bind = Client()
    response = bind.post("/quay/thiet-bi/gan/", {"token": token})
    assert response.status_code == 302, "binding failed"
    client.cookies[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    return client
