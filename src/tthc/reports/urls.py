"""Reports under /bao-cao/ and the open data under /cong-khai/<kỳ>/ (docs/reports.md)."""

from django.urls import re_path

from tthc.engine.periods import CODE_PATTERN

from . import views

app_name = "reports"

_PERIOD = rf"(?P<period>{CODE_PATTERN})"
# A unit or official code, then the format: the code may itself contain dots.
_FILE = r"(?P<{}>[^/]+)\.(?P<fmt>xlsx|pdf)"

urlpatterns = [
    re_path(r"^bao-cao/$", views.index, name="index"),
    re_path(rf"^bao-cao/{_PERIOD}/$", views.period, name="period"),
    re_path(rf"^bao-cao/{_PERIOD}/tong-hop\.(?P<fmt>xlsx|pdf)$", views.summary_download,
            name="summary"),
    re_path(rf"^bao-cao/{_PERIOD}/don-vi/{_FILE.format('unit')}$", views.agency_download,
            name="agency"),
    re_path(rf"^bao-cao/{_PERIOD}/can-bo-don-vi/{_FILE.format('unit')}$",
            views.unit_officials_download, name="unit_officials"),
    re_path(rf"^bao-cao/{_PERIOD}/can-bo/{_FILE.format('official')}$", views.official_download,
            name="official"),
    re_path(rf"^cong-khai/{_PERIOD}/du-lieu\.csv$", views.open_data_csv, name="open_data_csv"),
    re_path(rf"^cong-khai/{_PERIOD}/du-lieu\.json$", views.open_data_json, name="open_data_json"),
]
