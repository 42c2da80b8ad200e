from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from tthc.engine.periods import CODE_PATTERN

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    # One login for everyone (officials, agency staff, appraisers); the admin has its own.
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    re_path(rf"^xep-hang/(?P<period>{CODE_PATTERN})/$", views.ranking, name="ranking"),
]
