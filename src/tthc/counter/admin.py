from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tthc.audit.admin import AuditedModelAdmin

from .models import CounterDevice


@admin.register(CounterDevice)
class CounterDeviceAdmin(AuditedModelAdmin):
    """Devices are issued with `tthc counter_device_add` (which shows the token once)."""

    list_display = ("name", "desk", "active", "serving_official", "serving_since")
    list_filter = ("active",)
    search_fields = ("name", "desk__code")
    readonly_fields = ("token_hash", "serving_official", "serving_dossier", "serving_since")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
