from django.urls import path

from . import devices, kiosk, views

app_name = "counter"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("gui/", views.desk_serve, name="desk_serve"),
    path("phieu-giay/", views.paper, name="paper"),
    path("phieu-giay/sua/", views.paper_correct, name="paper_correct"),
    path("may-tinh-bang/", devices.devices, name="devices"),
    path("may-tinh-bang/khoa/", devices.device_token, name="device_token"),
    path("may-tinh-bang/<int:pk>/<slug:action>/", devices.device_action, name="device_action"),
    path("thiet-bi/", kiosk.kiosk, name="kiosk"),
    path("thiet-bi/gan/", kiosk.kiosk_bind, name="kiosk_bind"),
    path("thiet-bi/trang-thai/", kiosk.kiosk_status, name="kiosk_status"),
    path("thiet-bi/danh-gia/", kiosk.kiosk_rate, name="kiosk_rate"),
]
