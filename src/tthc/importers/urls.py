from django.urls import path

from . import views

app_name = "importers"
urlpatterns = [
    path("so-lieu-cong/nhap/", views.portal_index_upload, name="portal_index"),
]
