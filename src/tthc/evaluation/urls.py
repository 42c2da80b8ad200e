from django.urls import path, re_path

from tthc.engine.periods import CODE_PATTERN

from . import views

app_name = "evaluation"
PERIOD = rf"(?P<period>{CODE_PATTERN})"
UNIT = r"(?P<unit>[A-Za-z0-9._-]{1,64})"

urlpatterns = [
    path("ky/", views.period_list, name="periods"),
    path("ky/tinh-diem/", views.period_compute_new, name="compute_new"),
    re_path(rf"^ky/{PERIOD}/$", views.period_detail, name="period"),
    re_path(rf"^ky/{PERIOD}/tinh-diem/$", views.period_compute, name="compute"),
    re_path(rf"^ky/{PERIOD}/chuyen-buoc/$", views.period_transition, name="transition"),
    re_path(rf"^ky/{PERIOD}/mo-lai/$", views.period_reopen, name="reopen"),
    re_path(rf"^ky/{PERIOD}/tu-danh-gia/{UNIT}/$", views.self_assessment, name="self_assessment"),
    re_path(rf"^ky/{PERIOD}/tham-dinh/$", views.appraisal_list, name="appraisals"),
    re_path(rf"^ky/{PERIOD}/so-sanh/$", views.period_compare, name="compare"),
    re_path(rf"^ky/{PERIOD}/tham-dinh/{UNIT}/$", views.appraisal_unit, name="appraisal"),
    path("nhat-ky/", views.audit_log, name="audit"),
    re_path(r"^nhat-ky/nhat-ky-thay-doi\.(?P<fmt>csv|xlsx)$", views.audit_export, name="audit_export"),
    path("cong-khai/", views.public_list, name="public"),
    re_path(rf"^cong-khai/{PERIOD}/$", views.public_period, name="public_period"),
]
