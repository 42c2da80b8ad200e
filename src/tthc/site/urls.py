from django.contrib import admin
from django.urls import include, path

from tthc.access.logins import AdminLoginForm

# The admin's titles are set in tthc.web.admin, in the page's language.
# Says how long to wait when too many log-ins failed (tthc.access.logins).
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("danh-gia/", include("tthc.ratings.urls")),
    path("quay/", include("tthc.counter.urls")),
    path("phan-anh/", include("tthc.petitions.urls")),
    path("api/", include("tthc.api.urls")),
    # The header's language switcher posts here (set_language: the cookie, then `next`).
    path("i18n/", include("django.conf.urls.i18n")),
    # One dossier's page for staff, and the header's search by code.
    path("ho-so/", include("tthc.dossiers.urls")),
    # The evaluation cycle (/ky/, /nhat-ky/, /cong-khai/), dashboards (/tong-quan/) and
    # reports (/bao-cao/, open data under /cong-khai/).
    path("", include("tthc.evaluation.urls")),
    path("", include("tthc.dashboards.urls")),
    path("", include("tthc.reports.urls")),
    # The portal's published index figures (/so-lieu-cong/).
    path("", include("tthc.importers.urls")),
    path("", include("tthc.web.urls")),
]
