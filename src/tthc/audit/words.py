"""The audit log in words: the one place that says a logged field, value and actor the
way a reader does (the /nhat-ky/ page and its CSV/XLSX files both read it). The words
of this module follow the page's language; the files read them under Vietnamese
(`tthc.evaluation.views._vietnamese_row`). Names from other apps' models are as they
define them.

Labels come from where the names are defined: the importers' columns (`FieldSpec.vi`)
for import updates, the models' verbose names and choices for everything else, and a
short list for the few keys the services log that are no model field. A name found
nowhere is shown as it is, so that a new service's entries are never hidden.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from tthc.engine.numbers import fmt_decimal, fmt_int

EMPTY = "—"

# Keys the services log that are not a model field of the logged object.
_EXTRA_FIELDS = {
    "run": gettext_lazy("lần tính"),
    "rule_version": gettext_lazy("phiên bản quy tắc"),
    "dossiers_scored": gettext_lazy("số hồ sơ được chấm"),
    "self_points": gettext_lazy("điểm tự chấm"),
}

# Who acted when no user is logged in, or through which door a user acted.
_ACTORS = {
    "web:phan-anh": gettext_lazy("Trang gửi phản ánh (người dân)"),
    "citizen": gettext_lazy("Người dân"),
    "cli": gettext_lazy("Dòng lệnh (quản trị hệ thống)"),
    "cli:score": gettext_lazy("Dòng lệnh: tính điểm"),
    "admin": gettext_lazy("Trang quản trị"),
    "demo": gettext_lazy("Nạp dữ liệu minh họa"),
    "system": gettext_lazy("Hệ thống"),
}
_ACTOR_PREFIXES = (
    ("api:device-", gettext_lazy("Máy tính bảng tại quầy (thiết bị số {})")),
    ("import:", gettext_lazy("Nhập dữ liệu từ tệp {}")),
    ("web:", gettext_lazy("{} (trên trang web)")),
    ("cli:", gettext_lazy("Dòng lệnh: {}")),
)


def actor_label(actor: str) -> str:
    """"web:phan-anh" → "Trang gửi phản ánh (người dân)"; an unknown actor as it is."""
    if actor in _ACTORS:
        return str(_ACTORS[actor])
    for prefix, label in _ACTOR_PREFIXES:
        if actor.startswith(prefix) and len(actor) > len(prefix):
            return str(label).format(actor[len(prefix):])
    return actor


@cache
def _model(object_type: str) -> type[models.Model] | None:
    wanted = object_type.replace("_", "")
    for model in apps.get_models():
        if model._meta.model_name == wanted:
            return model
    return None


@cache
def _columns(object_type: str) -> dict[str, tuple[str, str]]:
    """The importer's columns of a kind: name → (Vietnamese label, model field)."""
    from tthc.importers.kinds import KINDS  # the importers depend on the audit app

    for spec in KINDS.values():
        if spec.object_type == object_type:
            return {f.name: (f.vi, f.target) for f in spec.fields}
    return {}


def _model_field(object_type: str, name: str) -> models.Field[Any, Any] | None:
    model = _model(object_type)
    target = _columns(object_type).get(name, ("", name))[1]
    if model is None:
        return None
    try:
        found = model._meta.get_field(target)
    except FieldDoesNotExist:  # a key the service logs that is no model field
        return None
    return found if isinstance(found, models.Field) else None


def object_label(object_type: str) -> str:
    """"petition" → "phản ánh, kiến nghị" (the model's verbose name)."""
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def field_label(object_type: str, name: str) -> str:
    """"answer_due_at" of a petition → "hạn trả lời"."""
    column = _columns(object_type).get(name)
    if column is not None:
        return column[0]
    found = _model_field(object_type, name)
    if found is not None and found.verbose_name:
        return str(found.verbose_name)
    return str(_EXTRA_FIELDS.get(name, name))


def _instant(text: str) -> str | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if "T" not in text and " " not in text:
        return f"{moment:%d/%m/%Y}"
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment:%d/%m/%Y %H:%M}"


def value_text(object_type: str, name: str, value: Any) -> str:
    """A logged value in words: a choice by its label, an instant as 23/12/2026 17:00
    (Vietnam's time), a number with a decimal comma, yes/no as có/không."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return gettext("có") if value else gettext("không")
    found = _model_field(object_type, name)
    if found is not None and found.choices:
        labels = {str(code): str(label) for code, label in found.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, int):
        return fmt_int(value)
    if isinstance(value, float | Decimal):
        return fmt_decimal(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if len(text) >= 10 and text[4:5] == "-" and text[:4].isdigit():
        shown = _instant(text)
        if shown is not None:
            return shown
    if isinstance(found, models.DecimalField | models.FloatField):
        try:
            return fmt_decimal(Decimal(text))
        except InvalidOperation:
            return text
    return text


def changes(object_type: str, before: Any, after: Any) -> list[tuple[str, str, str]]:
    """(label, before, after) of each logged field, in a fixed order (PostgreSQL's jsonb
    keeps no key order): the importer's column order, else by name."""
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    if not isinstance(before, dict | type(None)) or not isinstance(after, dict | type(None)):
        return [(gettext("giá trị"), value_text(object_type, "", before), value_text(object_type, "", after))]
    order = {name: i for i, name in enumerate(_columns(object_type))}
    names = sorted(set(old) | set(new), key=lambda name: (order.get(name, len(order)), name))
    rows = [(field_label(object_type, name),
             value_text(object_type, name, old.get(name)) if before is not None else EMPTY,
             value_text(object_type, name, new.get(name)) if after is not None else EMPTY)
            for name in names]
    # A field empty before and after (a new record's blank column) says nothing.
    return [row for row in rows if (row[1], row[2]) != (EMPTY, EMPTY)]


def changes_text(object_type: str, before: Any, after: Any) -> str:
    """"trạng thái: Đã tiếp nhận → Đã trả lời; hạn trả lời: — → 23/12/2026 17:00"."""
    return "; ".join(f"{label}: {old} → {new}" for label, old, new in changes(object_type, before, after))
