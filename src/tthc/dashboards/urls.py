from django.urls import path, re_path

from tthc.engine.periods import CODE_PATTERN

from . import stake_views, views

app_name = "dashboards"

_PERIOD = rf"(?P<period>{CODE_PATTERN})"
_UNIT = r"(?P<unit>[^/]{1,64})"

urlpatterns = [
    path("tong-quan/", views.index, name="index"),
    re_path(rf"^tong-quan/don-vi/{_UNIT}/$", views.unit_latest, name="unit_latest"),
    re_path(rf"^tong-quan/{_PERIOD}/$", views.overview, name="overview"),
    re_path(rf"^tong-quan/{_PERIOD}/don-vi/{_UNIT}/$", views.agency, name="agency"),
    re_path(rf"^tong-quan/{_PERIOD}/don-vi/{_UNIT}/diem-con-giu-duoc/$", stake_views.at_stake,
            name="at_stake"),
    # Indicator codes are the methodology's: the national index's run to 34 characters.
    re_path(rf"^tong-quan/{_PERIOD}/don-vi/{_UNIT}/chi-so/(?P<code>[^/]{{1,64}})/$", views.indicator,
            name="indicator"),
    re_path(rf"^tong-quan/{_PERIOD}/don-vi/{_UNIT}/chi-so/(?P<code>[^/]{{1,64}})/ho-so\.xlsx$",
            views.indicator_export, name="indicator_export"),
    re_path(rf"^tong-quan/{_PERIOD}/can-bo/(?P<code>[^/]{{1,64}})/$", views.official,
            name="official"),
]
