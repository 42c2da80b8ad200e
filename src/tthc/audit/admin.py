"""Admin for the audit log, and the two admin bases every app's admin builds on.

Edits made in the admin are audited like any other change (AuditedModelAdmin); what a
computation or an import produced is shown but never edited there (ReadOnlyModelAdmin).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from .models import AuditEntry
from .services import audit_record

ADMIN_ACTOR = "admin"


def _snapshot(obj: models.Model | None) -> dict[str, Any] | None:
    if obj is None:
        return None
    fields = serializers.serialize("python", [obj])[0]["fields"]
    # Round-trip through JSON so dates and decimals are stored as the JSONField reads them.
    return json.loads(json.dumps(fields, cls=DjangoJSONEncoder))


def _key(obj: models.Model) -> str:
    return str(getattr(obj, "code", None) or obj.pk)


def _write(
    request: HttpRequest, *, action: str, obj: models.Model, key: str,
    before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> None:
    user = request.user if request.user.is_authenticated else None
    audit_record(user=user, actor=ADMIN_ACTOR, action=action, object_type=obj._meta.model_name or "",
                 object_key=key, before=before, after=after)


class AuditedModelAdmin(admin.ModelAdmin):
    """A model admin whose every add, change and delete writes an AuditEntry."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            before = None
            if change:
                before = _snapshot(type(obj)._default_manager.filter(pk=obj.pk).first())
            super().save_model(request, obj, form, change)
            after = _snapshot(obj)
            if before != after:
                _write(request, action="admin_update" if change else "admin_create", obj=obj,
                       key=_key(obj), before=before, after=after)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            before, key = _snapshot(obj), _key(obj)
            super().delete_model(request, obj)
            _write(request, action="admin_delete", obj=obj, key=key, before=before, after=None)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            rows = [(obj, _key(obj), _snapshot(obj)) for obj in queryset]
            super().delete_queryset(request, queryset)
            for obj, key, before in rows:
                _write(request, action="admin_delete", obj=obj, key=key, before=before,
                       after=None)


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Shown to whoever may view it; changed only by the commands and services that own it."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    list_display = ("at", "action", "object_type", "object_key", "user", "actor", "reason")
    list_filter = ("action", "object_type")
    search_fields = ("object_key", "actor")
    search_help_text = "Tìm theo khóa đối tượng (mã hồ sơ, mã đơn vị…) hoặc tác nhân"
    date_hierarchy = "at"
    list_select_related = ("user",)
    show_full_result_count = False


def titled(base: type[admin.FieldListFilter], title: str) -> type[admin.FieldListFilter]:
    """A field filter with a Vietnamese title, for fields whose models lack a verbose name."""

    class TitledFilter(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter
