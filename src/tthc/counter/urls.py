from django.urls import path

from . import kiosk, views

app_name = "counter"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("gui/", views.desk_serve, name="desk_serve"),
    path("phieu-giay/", views.paper, name="paper"),
    path("phieu-giay/sua/", views.paper_correct, name="paper_correct"),
    path("thiet-bi/", kiosk.kiosk, name="kiosk"),
    path("thiet-bi/gan/", kiosk.kiosk_bind, name="kiosk_bind"),
    path("thiet-bi/trang-thai/", kiosk.kiosk_status, name="kiosk_status"),
    path("thiet-bi/danh-gia/", kiosk.kiosk_rate, name="kiosk_rate"),
]
