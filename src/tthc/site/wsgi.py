"""The WSGI application `tthc serve` runs under gunicorn.

WhiteNoise wraps it here rather than as a middleware so that static files are served
the same way whatever the settings' middleware list says; `tthc serve` runs
collectstatic into STATIC_ROOT first.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from whitenoise import WhiteNoise

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc.site.settings")
application = WhiteNoise(
    get_wsgi_application(), root=settings.STATIC_ROOT, prefix=settings.STATIC_URL
)
