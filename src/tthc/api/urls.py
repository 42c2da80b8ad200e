from django.urls import path, re_path

from . import views

app_name = "api"
urlpatterns = [
    path("dossiers/<str:code>", views.dossier, name="dossier"),
    path("ratings", views.ratings, name="ratings"),
    path("petitions", views.petitions, name="petitions"),
    path("petitions/<str:code>", views.petition, name="petition"),
    path("openapi.json", views.openapi, name="openapi"),
    # Last: anything else under /api/ is a 404 in the API's error shape, not an HTML page.
    re_path(r"^(?P<rest>.*)$", views.not_found_view, name="not_found"),
]
