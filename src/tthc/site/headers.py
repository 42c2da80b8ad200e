"""Security headers Django 5.2 does not send by itself: Content-Security-Policy and
Permissions-Policy (docs/operations.md, "Secret key and security headers").

Django's SecurityMiddleware sends the rest from the settings: Referrer-Policy,
X-Content-Type-Options, Cross-Origin-Opener-Policy, and HSTS over HTTPS (TTHC_HTTPS).

No page runs inline script or carries a style attribute: scripts and styles are static
files, data for scripts is JSON in <script type="application/json"> (never executed),
and charts build their DOM with textContent. So the policy allows neither, and a name
typed into a form can never become script. A view that needs another policy sets its
own header; this middleware only fills in what is missing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    # Never inside another site's frame (clickjacking); X-Frame-Options says it to old browsers.
    "frame-ancestors 'none'",
))
# Nothing here uses the camera, microphone, location or the rest: off for every page and
# for anything a page might embed. The counter tablet needs none of them either.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "hid",
    "display-capture", "accelerometer", "gyroscope", "magnetometer",
))


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
