from django.urls import path, re_path

from tthc.engine.periods import CODE_PATTERN

from . import reconcile_views, views

app_name = "importers"
_PERIOD = rf"(?P<period>{CODE_PATTERN})"

urlpatterns = [
    path("so-lieu-cong/", reconcile_views.periods, name="reconcile_periods"),
    path("so-lieu-cong/nhap/", views.portal_index_upload, name="portal_index"),
    re_path(rf"^so-lieu-cong/{_PERIOD}/$", reconcile_views.period, name="reconcile"),
    re_path(rf"^so-lieu-cong/{_PERIOD}/doi-chieu\.xlsx$", reconcile_views.period_xlsx, name="reconcile_xlsx"),
    re_path(rf"^so-lieu-cong/{_PERIOD}/don-vi/(?P<unit>[^/]{{1,64}})/$", reconcile_views.unit,
            name="reconcile_unit"),
]
