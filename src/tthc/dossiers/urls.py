from django.urls import path, re_path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("", views.search, name="search"),
    re_path(r"^(?P<code>[^/]{1,64})/$", views.dossier, name="dossier"),
]
