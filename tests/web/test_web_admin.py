"""The admin: who gets in, what they may change, and that admin edits are audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from ranking_rows import agency_score, run_create, unit_get

import tthc.web
from tthc.audit.models import AuditEntry
from tthc.catalogue.models import Procedure
from tthc.organisation.models import Unit, UnitKind
from tthc.scoring.models import SubjectScore

pytestmark = pytest.mark.django_db
BANNER = "Dữ liệu minh họa — không phải kết quả thật"
WEB_TEMPLATES = Path(tthc.web.__file__).resolve().parent / "templates"
TTHC_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label not in {"auth"}),
    key=lambda model: model._meta.label,
)
READ_ONLY = {"audit.AuditEntry", "importers.ImportRun", "importers.ImportIssue", "ratings.Rating",
             "scoring.Period", "scoring.ScoringRun", "scoring.SubjectScore",
             "scoring.OverdueCount", "scoring.DossierPoints"}


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_scorecard_model_is_registered():
    labels = {model._meta.label for model in TTHC_MODELS}
    for app in ("audit", "organisation", "catalogue", "dossiers", "ratings", "petitions", "counter",
                "importers", "scoring"):
        for model in apps.get_app_config(app).get_models():
            assert model._meta.label in labels, f"{model._meta.label} not in the admin"


@pytest.mark.parametrize("name", ["anonymous", "outsider"])
def test_admin_refuses_anonymous_and_outsider(personas, name):
    client = personas.client(name)
    for path in ("/admin/", _changelist(SubjectScore), _changelist(Unit)):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path


@pytest.mark.parametrize("name", ["admin", "appraiser"])
def test_staff_personas_see_every_list_and_search_it(personas, name):
    client = personas.client(name)
    unit_get("STP", UnitKind.PROVINCE_AGENCY, "Sở Tư pháp")
    for model in TTHC_MODELS:
        url = _changelist(model)
        assert client.get(url).status_code == 200, url
        if admin.site._registry[model].search_fields:
            assert client.get(url, {"q": "stp"}).status_code == 200, url


def test_search_by_code_ignores_case(personas):
    unit_get("STP", UnitKind.PROVINCE_AGENCY, "Sở Tư pháp")
    unit_get("SYT", UnitKind.PROVINCE_AGENCY, "Sở Y tế")
    html = personas.client("admin").get(_changelist(Unit), {"q": "stp"}).content.decode()
    assert "Sở Tư pháp" in html
    assert "Sở Y tế" not in html


def test_appraiser_may_view_but_not_change(personas):
    unit = unit_get("STP", UnitKind.PROVINCE_AGENCY, "Sở Tư pháp")
    client = personas.client("appraiser")
    change = reverse("admin:organisation_unit_change", args=[unit.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"code": "STP", "name": "Đổi tên", "kind": "province_agency"}
                       ).status_code == 403
    assert client.get(reverse("admin:organisation_unit_add")).status_code == 403
    unit.refresh_from_db()
    assert unit.name == "Sở Tư pháp"


@pytest.mark.parametrize("label", sorted(READ_ONLY))
def test_computed_records_are_read_only_even_for_the_superuser(personas, label):
    model = next(model for model in TTHC_MODELS if model._meta.label == label)
    model_admin = admin.site._registry[model]
    client = personas.client("admin")
    assert client.get(reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_add")).status_code == 403
    request = RequestFactory().get("/admin/")
    request.user = personas.admin
    for check in (model_admin.has_add_permission, model_admin.has_change_permission,
                  model_admin.has_delete_permission):
        assert check(request) is False


def test_score_change_page_shows_values_without_a_form(personas):
    run = run_create()
    score = agency_score(run, unit_get("STP", UnitKind.PROVINCE_AGENCY, "Sở Tư pháp"))
    client = personas.client("admin")
    url = reverse("admin:scoring_subjectscore_change", args=[score.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="total"' not in response.content.decode()
    assert client.post(url, {"total": "18.0"}).status_code == 403


def test_admin_edit_writes_an_audit_entry(personas):
    unit = unit_get("STP", UnitKind.PROVINCE_AGENCY, "Sở Tư pháp")
    client = personas.client("admin")
    response = client.post(reverse("admin:organisation_unit_change", args=[unit.pk]), {
        "code": "STP", "name": "Sở Tư pháp tỉnh Điện Biên", "kind": "province_agency",
        "parent": "", "valid_from": "2019-01-01", "valid_to": "",
    })
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin_update")
    assert (entry.object_type, entry.object_key, entry.user) == ("unit", "STP", personas.admin)
    assert entry.before["name"] == "Sở Tư pháp"
    assert entry.after["name"] == "Sở Tư pháp tỉnh Điện Biên"
    assert entry.after["valid_from"] == date(2019, 1, 1).isoformat()


def test_admin_delete_writes_an_audit_entry(personas):
    unit = unit_get("XOA", UnitKind.COMMUNE, "UBND xã Xóa")
    client = personas.client("admin")
    response = client.post(reverse("admin:organisation_unit_delete", args=[unit.pk]),
                           {"post": "yes"})
    assert response.status_code == 302
    assert not Unit.objects.filter(code="XOA").exists()
    entry = AuditEntry.objects.get(action="admin_delete")
    assert (entry.object_key, entry.before["name"], entry.after) == ("XOA", "UBND xã Xóa", None)


def test_unchanged_save_writes_no_audit_entry(personas):
    unit = unit_get("STP", UnitKind.PROVINCE_AGENCY, "Sở Tư pháp")
    personas.client("admin").post(reverse("admin:organisation_unit_change", args=[unit.pk]), {
        "code": "STP", "name": "Sở Tư pháp", "kind": "province_agency", "parent": "",
        "valid_from": "", "valid_to": "",
    })
    assert not AuditEntry.objects.exists()


@pytest.fixture
def web_templates_first(settings):
    """Our admin/base_site.html ahead of Django's, whatever INSTALLED_APPS' order."""
    engine = {**settings.TEMPLATES[0], "DIRS": [WEB_TEMPLATES]}
    settings.TEMPLATES = [engine]


def test_admin_shows_the_demo_banner_only_on_demo_data(personas, demo_flag, web_templates_first):
    client = personas.client("appraiser")
    assert BANNER in client.get("/admin/").content.decode()
    assert BANNER in client.get(_changelist(Unit)).content.decode()
    assert BANNER in personas.client("anonymous").get("/admin/login/").content.decode()
    demo_flag.delete()
    assert BANNER not in client.get("/admin/").content.decode()


def test_the_admin_uses_our_base_site_template():
    origin = get_template("admin/base_site.html").origin.name
    assert Path(origin).is_relative_to(WEB_TEMPLATES)


def test_admin_speaks_vietnamese(personas):
    html = personas.client("admin").get("/admin/").content.decode()
    assert "Quản trị tthc-scorecard" in html
    for app_name in ("Tổ chức", "Danh mục thủ tục", "Hồ sơ", "Chấm điểm", "Nhật ký"):
        assert app_name in html


def test_score_list_filters_by_class_in_vietnamese(personas):
    run = run_create()
    agency_score(run, unit_get("STP", UnitKind.PROVINCE_AGENCY, "Sở Tư pháp"), class_code="tot")
    agency_score(run, unit_get("SYT", UnitKind.PROVINCE_AGENCY, "Sở Y tế"), class_code="kha")
    client = personas.client("appraiser")
    html = client.get(_changelist(SubjectScore), {"xep_loai": "tot"}).content.decode()
    assert "Sở Tư pháp" in html
    assert "Sở Y tế" not in html
    assert "Khá" in html  # the filter's choices: the classes stored, as labelled
    assert "92,5%" in html


# The importer's bounds hold in the admin too (issue 10, findings 12 and 13) -------------

def _unit_form(unit: Unit, parent: Unit | None) -> dict[str, str]:
    return {"code": unit.code, "name": unit.name, "kind": unit.kind, "parent": str(parent.pk) if parent else "",
            "valid_from": "", "valid_to": ""}


def test_the_admin_refuses_a_parent_cycle(personas):
    # Reproduced before the fix: the importer refused A → B → A, the admin stored it.
    province = unit_get("DB", UnitKind.PROVINCE, "Tỉnh Điện Biên")
    city = Unit.objects.create(code="TPDBP", name="Thành phố Điện Biên Phủ", kind=UnitKind.DISTRICT,
                               parent=province)
    ward = Unit.objects.create(code="PMT", name="Phường Mường Thanh", kind=UnitKind.COMMUNE, parent=city)
    client = personas.client("admin")
    change = reverse("admin:organisation_unit_change", args=[province.pk])
    for parent, cycle in ((ward, "DB → PMT → TPDBP → DB"), (province, "DB → DB")):
        response = client.post(change, _unit_form(province, parent))
        assert response.status_code == 200, parent
        assert f"Đơn vị cấp trên tạo thành vòng lặp ({cycle})" in response.content.decode()
    province.refresh_from_db()
    assert province.parent is None
    assert not AuditEntry.objects.filter(action="admin_update").exists()
    # The model says the same to any other ModelForm or full_clean.
    city.parent = ward
    with pytest.raises(ValidationError) as refused:
        city.full_clean()
    assert "(TPDBP → PMT → TPDBP)" in refused.value.message_dict["parent"][0]
    # A parent that closes nothing is kept.
    other = unit_get("SNV", UnitKind.PROVINCE_AGENCY, "Sở Nội vụ")
    assert client.post(reverse("admin:organisation_unit_change", args=[other.pk]),
                       _unit_form(other, province)).status_code == 302
    assert Unit.objects.get(code="SNV").parent == province


def _procedure_form(time_limit: str, time_unit: str) -> dict[str, str]:
    return {"code": "1.000001", "name": "Cấp phiếu lý lịch tư pháp", "field": "", "time_limit": time_limit,
            "time_unit": time_unit, "online_level": "none", "desk_exempt": "unknown"}


def test_the_admin_refuses_a_time_limit_past_the_maximum(personas):
    # Reproduced before the fix: 2147483647 working days typed in the admin was stored,
    # and the next `tthc score` had a dossier whose due date was off the calendar.
    client = personas.client("admin")
    add = reverse("admin:catalogue_procedure_add")
    for limit, unit, message in (
            ("2147483647", "working_days", "Thời hạn giải quyết 2.147.483.647 ngày làm việc vượt quá mức tối đa "
                                           "365 ngày làm việc."),
            ("2921", "working_hours", "vượt quá mức tối đa 2.920 giờ làm việc")):
        response = client.post(add, _procedure_form(limit, unit))
        assert response.status_code == 200 and message in response.content.decode()
    assert not Procedure.objects.exists()
    assert client.post(add, _procedure_form("2920", "working_hours")).status_code == 302
    procedure = Procedure.objects.get()
    procedure.time_unit = "days"  # 2,920 days: the same number, a longer time
    with pytest.raises(ValidationError) as refused:
        procedure.full_clean()
    assert "vượt quá mức tối đa 365 ngày" in refused.value.message_dict["time_limit"][0]
