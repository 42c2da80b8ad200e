"""A small province in the database for scoring tests: created row by row, readable."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tthc.catalogue.models import Procedure, UnitProcedure
from tthc.dossiers.models import Dossier, Step, Supplement
from tthc.organisation.models import Official, Unit
from tthc.petitions.models import Petition
from tthc.ratings.models import Rating

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HCM)


def province() -> dict:
    db = Unit.objects.create(code="DB", name="Tỉnh Điện Biên", kind="province")
    stp = Unit.objects.create(code="STP", name="Sở Tư pháp", kind="province_agency", parent=db)
    stc = Unit.objects.create(code="STC", name="Sở Tài chính", kind="province_agency", parent=db)
    Unit.objects.create(code="OLD", name="Sở đã giải thể", kind="province_agency", parent=db,
                        valid_to=date(2019, 6, 30))
    hdb = Unit.objects.create(code="HDB", name="Huyện Điện Biên", kind="district", parent=db)
    cb1 = Official.objects.create(code="CB1", full_name="Lò Thị Hoa", unit=stp)
    p1 = Procedure.objects.create(code="1.000001", name="Cấp phiếu lý lịch tư pháp", time_limit=5)
    for unit in (stp, hdb):
        UnitProcedure.objects.create(unit=unit, procedure=p1, posted_on_site=True, published_online=True,
                                     at_desk=True, decided_at_desk=True)
    early = Dossier.objects.create(code="HS-EARLY", procedure=p1, unit=stp, desk=stp, received_by=cb1,
                                   channel="direct", return_channel="direct", received_at=at("2020-02-03 08:00"),
                                   due_at=at("2020-02-11 17:00"), finished_at=at("2020-02-10 09:00"),
                                   status="finished")
    Step.objects.create(dossier=early, seq=1, unit=stc, due_at=at("2020-02-05 17:00"),
                        finished_at=at("2020-02-06 10:00"))
    late = Dossier.objects.create(code="HS-LATE", procedure=p1, unit=stp, desk=stp, received_by=cb1,
                                  channel="direct", return_channel="direct", received_at=at("2020-03-02 08:00"),
                                  due_at=at("2020-03-09 17:00"), finished_at=at("2020-03-31 23:30"),
                                  status="finished", agencies_contacted=1)
    Supplement.objects.create(dossier=late, seq=1, requested_at=at("2020-03-03 09:00"),
                              completed_at=at("2020-03-04 09:00"))
    Rating.objects.create(dossier=late, channel="paper", satisfaction="dissatisfied", agencies_contacted=3,
                          entered_by="Văn thư", batch="L01")
    Petition.objects.create(code="PA1", unit=stp, dossier=late, about_official=cb1, kind="conduct",
                            received_at=at("2020-03-05 09:00"), answer_due_at=at("2020-03-26 17:00"),
                            answered_at=at("2020-03-20 09:00"), upheld=True)
    Dossier.objects.create(code="HS-OPEN", procedure=p1, unit=hdb, desk=hdb, channel="online",
                           received_at=at("2020-03-02 08:00"), due_at=at("2020-03-09 17:00"), status="processing")
    return {"stp": stp, "stc": stc, "hdb": hdb, "cb1": cb1, "p1": p1}
