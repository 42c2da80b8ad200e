"""The permission matrix (issue 5): every role × every page and API endpoint, and the
small demo province its rows are asked of. Read like the access policy it is. Each row
names a URL (built from a published period, an unpublished one, the leader's own agency
and official, another agency's) and the status each role must get:

    200 page · 302 a redirect (`LOGIN` means to the log-in page) · 400 a refused form
    401 the API's missing token · 403 refused · 404 not there for this viewer
    405 wrong method · None: not asked here (the action is tested where it is built)

Used by tests/access/test_permission_matrix.py (the statuses) and by
tests/browser/test_browser_phone_walk.py (every page a role may open, at 390×844).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from personas import Personas, agency_personas_create

from tthc.counter.services import counter_device_add
from tthc.demo.load import demo_load
from tthc.dossiers.models import Dossier
from tthc.evaluation import services as cycle
from tthc.evaluation.services import Key
from tthc.organisation.models import Official, Unit
from tthc.petitions.models import Petition
from tthc.scoring.models import PeriodState
from tthc.scoring.services import period_score

ROLES = ("anonymous", "public", "desk_official", "leader", "other_leader", "appraiser", "admin")
LOGIN = "login"  # a redirect to /dang-nhap/?next=…


def statuses(*values: Any) -> dict[str, Any]:
    assert len(values) == len(ROLES)
    return dict(zip(ROLES, values, strict=True))


def everyone(status: Any) -> dict[str, Any]:
    return statuses(*[status] * len(ROLES))


# Patterns of expectations that many pages share.
STAFF_ONLY = statuses(LOGIN, 403, 403, 403, 403, 200, 200)      # appraiser + admin
CYCLE_READERS = statuses(LOGIN, 403, 403, 200, 200, 200, 200)   # + agency leaders
OWN_AGENCY = statuses(LOGIN, 403, 403, 200, 403, 200, 200)      # + this agency's leader
OWN_OFFICIAL = statuses(LOGIN, 403, 200, 200, 403, 200, 200)    # + the official, their leader
APPRAISER_ACTS = statuses(LOGIN, 403, 403, 403, 403, None, 403)  # POST: only the appraiser
PUBLISHED_ONLY = everyone(404)
UNPUBLISHED = {"anonymous": 404, "public": 404}  # an unpublished period, for the public


@dataclass(frozen=True)
class Row:
    name: str            # the URL's name, namespace:name
    path: str            # with {pub}, {unpub}, {unit}, {other}, {official}, {dossier}
    expect: dict[str, Any]
    method: str = "get"


MATRIX = [
    # Public pages
    Row("web:home", "/", everyone(200)),
    Row("web:login", "/dang-nhap/", everyone(200)),
    Row("web:logout", "/dang-xuat/", everyone(302), method="post"),
    # The header's language switcher: anyone, back to the page (or home).
    Row("set_language", "/i18n/setlang/", everyone(302), method="post"),
    Row("web:ranking", "/xep-hang/{pub}/", everyone(200)),
    Row("web:ranking", "/xep-hang/{unpub}/", statuses(404, 404, 403, 403, 403, 200, 200)),
    Row("evaluation:public", "/cong-khai/", everyone(200)),
    Row("evaluation:public_period", "/cong-khai/{pub}/", everyone(200)),
    Row("evaluation:public_period", "/cong-khai/{unpub}/", PUBLISHED_ONLY),
    Row("reports:open_data_csv", "/cong-khai/{pub}/du-lieu.csv", everyone(200)),
    Row("reports:open_data_csv", "/cong-khai/{unpub}/du-lieu.csv", PUBLISHED_ONLY),
    Row("reports:open_data_json", "/cong-khai/{pub}/du-lieu.json", everyone(200)),
    Row("reports:open_data_json", "/cong-khai/{unpub}/du-lieu.json", PUBLISHED_ONLY),
    # The evaluation cycle
    Row("evaluation:periods", "/ky/", CYCLE_READERS),
    Row("evaluation:period", "/ky/{unpub}/", CYCLE_READERS),
    Row("evaluation:compute_new", "/ky/tinh-diem/", APPRAISER_ACTS, method="post"),
    Row("evaluation:compute", "/ky/{unpub}/tinh-diem/", APPRAISER_ACTS, method="post"),
    Row("evaluation:transition", "/ky/{unpub}/chuyen-buoc/", APPRAISER_ACTS, method="post"),
    Row("evaluation:reopen", "/ky/{pub}/mo-lai/", APPRAISER_ACTS, method="post"),
    Row("evaluation:self_assessment", "/ky/{unpub}/tu-danh-gia/{unit}/", OWN_AGENCY),
    Row("evaluation:self_assessment", "/ky/{unpub}/tu-danh-gia/{unit}/", APPRAISER_ACTS | {
        "leader": None, "appraiser": 403}, method="post"),
    Row("evaluation:appraisals", "/ky/{unpub}/tham-dinh/", STAFF_ONLY),
    Row("evaluation:compare", "/ky/{unpub}/so-sanh/", STAFF_ONLY),
    Row("evaluation:appraisal", "/ky/{unpub}/tham-dinh/{unit}/", STAFF_ONLY),
    Row("evaluation:appraisal", "/ky/{unpub}/tham-dinh/{unit}/", APPRAISER_ACTS, method="post"),
    Row("evaluation:audit", "/nhat-ky/", STAFF_ONLY),
    Row("evaluation:audit_export", "/nhat-ky/nhat-ky-thay-doi.csv", STAFF_ONLY),
    Row("evaluation:audit_export", "/nhat-ky/nhat-ky-thay-doi.xlsx", STAFF_ONLY),
    # The portal's published figures: imported by the appraisers and the administrator
    # alone (issue 12); a POST without files is a refused form for them.
    Row("importers:portal_index", "/so-lieu-cong/nhap/", STAFF_ONLY),
    Row("importers:portal_index", "/so-lieu-cong/nhap/", statuses(LOGIN, 403, 403, 403, 403, 400, 400),
        method="post"),
    # The reconciliation with them: leaders read their own unit's lines (the scoping is
    # tests/importers/test_reconcile_page.py); desk officials and the public are refused.
    Row("importers:reconcile_periods", "/so-lieu-cong/", CYCLE_READERS),
    Row("importers:reconcile", "/so-lieu-cong/{unpub}/", CYCLE_READERS),
    Row("importers:reconcile_xlsx", "/so-lieu-cong/{unpub}/doi-chieu.xlsx", CYCLE_READERS),
    Row("importers:reconcile_unit", "/so-lieu-cong/{unpub}/don-vi/{unit}/", OWN_AGENCY),
    Row("importers:reconcile_unit", "/so-lieu-cong/{unpub}/don-vi/{other}/",
        statuses(LOGIN, 403, 403, 403, 200, 200, 200)),
    # Dashboards: leaders and officials are sent to their own page
    Row("dashboards:index", "/tong-quan/", statuses(LOGIN, 403, 302, 302, 302, 302, 302)),
    Row("dashboards:overview", "/tong-quan/{unpub}/", statuses(LOGIN, 403, 302, 302, 302, 200, 200)),
    Row("dashboards:agency", "/tong-quan/{unpub}/don-vi/{unit}/", OWN_AGENCY),
    Row("dashboards:agency", "/tong-quan/{pub}/don-vi/{unit}/", OWN_AGENCY),
    Row("dashboards:indicator", "/tong-quan/{unpub}/don-vi/{unit}/chi-so/1/", OWN_AGENCY),
    Row("dashboards:indicator_export", "/tong-quan/{unpub}/don-vi/{unit}/chi-so/1/ho-so.xlsx", OWN_AGENCY),
    Row("dashboards:indicator_export", "/tong-quan/{pub}/don-vi/{other}/chi-so/1/ho-so.xlsx",
        statuses(LOGIN, 403, 403, 403, 200, 200, 200)),
    # A unit's page without a period: to the remembered or latest one.
    Row("dashboards:unit_latest", "/tong-quan/don-vi/{unit}/", statuses(LOGIN, 403, 403, 302, 403, 302, 302)),
    Row("dashboards:unit_latest", "/tong-quan/don-vi/{other}/", statuses(LOGIN, 403, 403, 403, 302, 302, 302)),
    Row("dashboards:at_stake", "/tong-quan/{unpub}/don-vi/{unit}/diem-con-giu-duoc/", OWN_AGENCY),
    Row("dashboards:at_stake", "/tong-quan/{pub}/don-vi/{other}/diem-con-giu-duoc/",
        statuses(LOGIN, 403, 403, 403, 200, 200, 200)),
    # An indicator of the whole agency (petitions): no dossier list, the same rule. The
    # index's lists of petitions and procedures: tests/dashboards/test_index_lost.py.
    Row("dashboards:indicator", "/tong-quan/{unpub}/don-vi/{unit}/chi-so/8/", OWN_AGENCY),
    Row("dashboards:indicator", "/tong-quan/{unpub}/don-vi/{other}/chi-so/8/",
        statuses(LOGIN, 403, 403, 403, 200, 200, 200)),
    Row("dashboards:official", "/tong-quan/{unpub}/can-bo/{official}/", OWN_OFFICIAL),
    Row("dashboards:official", "/tong-quan/{unpub}/can-bo/{other_official}/",
        statuses(LOGIN, 403, 403, 403, 200, 200, 200)),
    # Reports
    Row("reports:index", "/bao-cao/", everyone(200)),
    Row("reports:period", "/bao-cao/{pub}/", everyone(200)),
    Row("reports:period", "/bao-cao/{unpub}/", statuses(404, 404, 200, 200, 200, 200, 200)),
    Row("reports:summary", "/bao-cao/{pub}/tong-hop.xlsx", everyone(200)),
    Row("reports:summary", "/bao-cao/{unpub}/tong-hop.pdf", statuses(404, 404, 403, 403, 403, 200, 200)),
    # An unpublished period does not exist for the public, whatever the report.
    Row("reports:agency", "/bao-cao/{unpub}/don-vi/{unit}.xlsx", OWN_AGENCY | UNPUBLISHED),
    Row("reports:agency", "/bao-cao/{pub}/don-vi/{unit}.pdf", OWN_AGENCY),
    Row("reports:unit_officials", "/bao-cao/{unpub}/can-bo-don-vi/{unit}.xlsx",
        OWN_AGENCY | UNPUBLISHED),
    Row("reports:official", "/bao-cao/{unpub}/can-bo/{official}.xlsx", OWN_OFFICIAL | UNPUBLISHED),
    Row("reports:official", "/bao-cao/{pub}/can-bo/{official}.pdf", OWN_OFFICIAL),
    # The desk, the counter tablet, citizens' pages
    Row("counter:desk", "/quay/", statuses(LOGIN, 403, 200, 403, 403, 200, 200)),
    Row("counter:desk_serve", "/quay/gui/", statuses(LOGIN, 403, None, 403, 403, None, None),
        method="post"),
    # Paper forms: desk officials and holders of ratings.enter_paper_rating (the admin);
    # the appraiser's staff flag alone does not let them key citizens' answers.
    Row("counter:paper", "/quay/phieu-giay/", statuses(LOGIN, 403, 200, 403, 403, 403, 200)),
    Row("counter:paper_correct", "/quay/phieu-giay/sua/", statuses(LOGIN, 403, 200, 403, 403, 403, 200)),
    Row("counter:paper_correct", "/quay/phieu-giay/sua/", statuses(LOGIN, 403, 400, 403, 403, 403, 400),
        method="post"),  # no dossier code: the form says so
    # Counter tablets: the administrator and the leader of the desk's unit; a leader of
    # another unit manages its own (200 on the list) but never this desk's (404).
    Row("counter:devices", "/quay/may-tinh-bang/", statuses(LOGIN, 403, 403, 200, 200, 403, 200)),
    Row("counter:devices", "/quay/may-tinh-bang/", statuses(LOGIN, 403, 403, 400, 400, 403, 400),
        method="post"),  # no name: the form says so
    Row("counter:device_token", "/quay/may-tinh-bang/khoa/", statuses(LOGIN, 403, 403, 200, 200, 403, 200)),
    Row("counter:device_action", "/quay/may-tinh-bang/{device}/thu-hoi/",
        statuses(LOGIN, 403, 403, 200, 404, 403, 200)),
    Row("counter:device_action", "/quay/may-tinh-bang/{device}/doi-ten/",
        statuses(LOGIN, 403, 403, 400, 404, 403, 400), method="post"),  # no name: refused form
    Row("counter:kiosk", "/quay/thiet-bi/", everyone(302)),  # to binding: no device cookie
    Row("counter:kiosk_bind", "/quay/thiet-bi/gan/", everyone(200)),
    Row("counter:kiosk_status", "/quay/thiet-bi/trang-thai/", everyone(401)),
    Row("counter:kiosk_rate", "/quay/thiet-bi/danh-gia/", everyone(401), method="post"),
    Row("ratings:start", "/danh-gia/", everyone(200)),
    Row("ratings:thanks", "/danh-gia/cam-on/", everyone(200)),
    Row("ratings:rate", "/danh-gia/{dossier}/", everyone(403)),  # no verification code
    # The desk's own pages answer 404 to a logged-in stranger: no hint that a code exists.
    Row("ratings:receipt", "/danh-gia/bien-nhan/{dossier}.pdf",
        statuses(LOGIN, 404, None, 404, 404, 200, 200)),
    Row("petitions:submit", "/phan-anh/gui/", everyone(200)),
    Row("petitions:submitted", "/phan-anh/gui/da-gui/", everyone(302)),  # nothing sent yet
    Row("petitions:track", "/phan-anh/tra-cuu/", everyone(200)),
    Row("petitions:raise_again", "/phan-anh/tra-cuu/phan-anh-lai/", everyone(405)),
    # Petitions: each agency's officials and leader handle their own agency's.
    Row("petitions:desk", "/phan-anh/xu-ly/", statuses(LOGIN, 404, 200, 200, 200, 200, 200)),
    Row("petitions:desk_petition", "/phan-anh/xu-ly/{petition}/", statuses(LOGIN, 404, 200, 200, 404, 200, 200)),
    Row("petitions:desk_petition", "/phan-anh/xu-ly/999999/", statuses(LOGIN, 404, 404, 404, 404, 404, 404)),
    # One dossier's page and the header's search: the staff of its scope; a code outside
    # it, or unknown, is the same "not found" (404), and no staff role is refused first.
    Row("dossiers:dossier", "/ho-so/{dossier}/", statuses(LOGIN, 403, 200, 200, 404, 200, 200)),
    Row("dossiers:dossier", "/ho-so/KHONG-CO-HO-SO-NAY/", statuses(LOGIN, 403, 404, 404, 404, 404, 404)),
    Row("dossiers:search", "/ho-so/?ma={dossier}", statuses(LOGIN, 403, 302, 302, 404, 302, 302)),
    # The JSON API: device tokens, never a session
    Row("api:openapi", "/api/openapi.json", everyone(200)),
    Row("api:dossier", "/api/dossiers/{dossier}", everyone(401)),
    Row("api:ratings", "/api/ratings", everyone(401), method="post"),
    Row("api:petitions", "/api/petitions", everyone(401), method="post"),
    Row("api:petition", "/api/petitions/PAKN-1", everyone(401)),
    Row("api:not_found", "/api/khong-co", everyone(404)),
]


def matrix_world_build(personas: Personas) -> dict[str, Any]:
    """A small demo province: 2020-Q1 published, 2020-Q2 under appraisal; the users of
    every role and the values the rows' paths are built from."""
    demo_load(dossiers=800, seed=5)
    appraiser = personas.appraiser
    for code in ("2020-Q1", "2020-Q2"):
        period_score(period_code=code, actor="test")
        cycle.period_advance(Key(code), to=PeriodState.SELF_ASSESSMENT, user=appraiser)
        cycle.period_advance(Key(code), to=PeriodState.APPRAISAL, user=appraiser)
    cycle.period_advance(Key("2020-Q1"), to=PeriodState.LOCKED, user=appraiser)

    unit, other = Unit.objects.get(code="STP"), Unit.objects.get(code="SGTVT")
    official = Official.objects.filter(unit=unit).order_by("code").first()
    other_official = Official.objects.filter(unit=other).order_by("code").first()
    assert official is not None and other_official is not None
    agency = agency_personas_create(unit=unit, official=official, other_unit=other)
    device = counter_device_add(name="Quầy 1", desk=unit, actor="test").device
    users: dict[str, AbstractBaseUser | None] = {
        "anonymous": None, "public": personas.outsider, "desk_official": agency.desk_official,
        "leader": agency.leader, "other_leader": agency.other_leader,
        "appraiser": personas.appraiser, "admin": personas.admin,
    }
    return {
        "users": users,
        "values": {"pub": "2020-Q1", "unpub": "2020-Q2", "unit": unit.code, "other": other.code,
                   "official": official.code, "other_official": other_official.code,
                   "dossier": Dossier.objects.filter(unit=unit).order_by("code").first().code,
                   "petition": _petition_of(unit).pk, "device": device.pk},
    }


def _petition_of(unit: Unit) -> Petition:
    found = Petition.objects.filter(unit=unit).order_by("pk").first()
    if found is None:  # the small demo may have none for this agency
        found = Petition.objects.create(code="PAKN-MATRIX-1", unit=unit, content="Hồ sơ trả chậm.",
                                        received_at=timezone.now(), answer_due_at=timezone.now())
    return found
