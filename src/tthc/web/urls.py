from django.urls import path, re_path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    re_path(r"^xep-hang/(?P<period>\d{4}(?:-[QH]\d)?)/$", views.ranking, name="ranking"),
]
