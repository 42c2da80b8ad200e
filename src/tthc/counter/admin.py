from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tthc.audit.admin import AuditedModelAdmin

from .models import CounterDevice


@admin.register(CounterDevice)
class CounterDeviceAdmin(AuditedModelAdmin):
    """Devices are issued with `tthc counter_device_add` (which shows the token once).

    The refusal count is where the operator sees a tablet trying what it may not (another
    desk's dossier, another channel, a petition read, a bad ticket): a rising count on one
    device means a misconfigured tablet or a token in the wrong hands."""

    list_display = ("name", "desk", "active", "serving_official", "serving_since", "refusals",
                    "last_refusal_code", "last_refusal_at")
    list_filter = ("active",)
    search_fields = ("name", "desk__code")
    readonly_fields = ("token_hash", "serving_official", "serving_dossier", "serving_since", "refusals",
                       "last_refusal_code", "last_refusal_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
