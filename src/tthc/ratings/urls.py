from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    path("", views.rating_start, name="start"),
    path("cam-on/", views.rating_thanks, name="thanks"),
    path("bien-nhan/<str:dossier_code>.pdf", views.receipt, name="receipt"),
    path("<str:dossier_code>/", views.rating_page, name="rate"),
]
