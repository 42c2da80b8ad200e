from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("gui/", views.submit, name="submit"),
    path("gui/da-gui/", views.submitted, name="submitted"),
    path("tra-cuu/", views.track, name="track"),
    path("tra-cuu/phan-anh-lai/", views.raise_again, name="raise_again"),
    path("xu-ly/", views.desk, name="desk"),
    path("xu-ly/<int:pk>/", views.desk_petition, name="desk_petition"),
]
