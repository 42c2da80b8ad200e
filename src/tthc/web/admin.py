"""The admin's titles, in the page's language (lazy): the web app carries the admin's look
(templates/admin/base_site.html), and the site's settings have no app of their own."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Quản trị tthc-scorecard")
admin.site.site_title = _("Quản trị tthc-scorecard")
admin.site.index_title = _("Dữ liệu, chấm điểm và nhật ký")
