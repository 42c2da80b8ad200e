"""Forms of the petition pages. Validation of substance lives in the services; these
forms only shape the input and carry the services' messages back to their fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tthc.organisation.models import UnitKind

from .models import PetitionKind
from .selectors import PETITIONED_KINDS, petition_unit_list, unit_officials
from .services import MAX_ANSWER, MAX_CONTENT, MAX_NAME


class AccessibleForm(forms.Form):
    """Ties each control to its help text and error (aria-describedby, aria-invalid) so
    that a screen reader reads them with the control; ``label_en`` adds the English."""

    label_en: dict[str, str] = {}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, field in self.fields.items():
            field.label_en = self.label_en.get(name, "")  # type: ignore[attr-defined]
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}_help"

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_errors()

    def add_error(self, field: str | None, error: object) -> None:
        super().add_error(field, error)  # type: ignore[arg-type]
        self._mark_errors()

    def _mark_errors(self) -> None:
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            ids = attrs.get("aria-describedby", "").split()
            error_id = f"{self[name].auto_id}_error"
            if error_id not in ids:
                attrs["aria-describedby"] = " ".join([error_id, *ids])


def _unit_choices() -> list[tuple[str, object]]:
    """Every unit valid today, by level, each named with the ended units it took over
    (the old names are what a citizen may remember, and what the search finds)."""
    grouped: dict[str, list[tuple[str, str]]] = {kind.value: [] for kind in PETITIONED_KINDS}
    for unit in petition_unit_list():
        label = (_("%(name)s (kế nhiệm %(former)s)") % {"name": unit.name, "former": ", ".join(unit.former)}
                 if unit.former else unit.name)
        grouped[unit.kind].append((unit.code, label))
    choices: list[tuple[str, object]] = [("", _("— Chọn cơ quan, đơn vị —"))]
    choices += [(str(UnitKind(kind).label), units) for kind, units in grouped.items() if units]
    return choices


class SubmitForm(AccessibleForm):
    label_en = {"unit": "Agency", "dossier": "Dossier code, if any", "official": "Official, if any",
                "content": "Your feedback or petition"}

    unit = forms.ChoiceField(label=gettext_lazy("Cơ quan, đơn vị bị phản ánh, kiến nghị"), choices=(),
                             help_text=gettext_lazy("Các cơ quan, đơn vị đang hoạt động, theo cấp; tên cũ trước "
                                       "khi sáp nhập ghi trong ngoặc."),
                             widget=forms.Select(attrs={"data-unit-filter": ""}),
                             error_messages={
                                 "required": gettext_lazy("Xin chọn cơ quan, đơn vị bị phản ánh, kiến nghị.")})
    dossier = forms.CharField(label=gettext_lazy("Mã hồ sơ (nếu có)"), required=False, max_length=64,
                              help_text=gettext_lazy("Mã in trên giấy tiếp nhận hồ sơ và hẹn trả kết quả."))
    official = forms.CharField(label=gettext_lazy("Cán bộ liên quan (nếu có)"), required=False, max_length=MAX_NAME,
                               help_text=gettext_lazy("Họ tên hoặc mã cán bộ."))
    content = forms.CharField(label=gettext_lazy("Nội dung phản ánh, kiến nghị"), max_length=MAX_CONTENT,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              error_messages={"required": gettext_lazy("Xin nhập nội dung phản ánh, kiến nghị.")})

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices()  # type: ignore[attr-defined]


class TrackForm(AccessibleForm):
    label_en = {"code": "Tracking code"}

    code = forms.CharField(label=gettext_lazy("Mã theo dõi"), max_length=40,
                           error_messages={"required": gettext_lazy("Xin nhập mã theo dõi.")},
                           help_text=gettext_lazy("Ví dụ: PAKN-2026-ABCD2345"), widget=forms.TextInput(
                               attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}))


class RaiseAgainForm(AccessibleForm):
    label_en = {"note": "Anything to add"}

    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    note = forms.CharField(label=gettext_lazy("Nội dung bổ sung (nếu có)"), required=False, max_length=MAX_CONTENT,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ClassifyForm(AccessibleForm):
    kind = forms.ChoiceField(label=gettext_lazy("Loại phản ánh"), choices=PetitionKind.choices,
                             widget=forms.RadioSelect)
    about_official = forms.ModelChoiceField(label=gettext_lazy("Cán bộ bị phản ánh (nếu có)"), queryset=None,
                                            required=False, empty_label=gettext_lazy("— Không về cán bộ cụ thể —"))

    def __init__(self, *args: object, unit_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about_official"].queryset = unit_officials(unit_id)  # type: ignore[attr-defined]


class AnswerForm(AccessibleForm):
    answer = forms.CharField(label=gettext_lazy("Nội dung trả lời"), max_length=MAX_ANSWER,
                             widget=forms.Textarea(attrs={"rows": 6}))


class DecideForm(AccessibleForm):
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("Kết luận"), widget=forms.RadioSelect, coerce=lambda v: v == "true",
        choices=(("true", gettext_lazy("Phản ánh đúng (có căn cứ)")), ("false", gettext_lazy("Phản ánh không đúng"))))
    reason = forms.CharField(label=gettext_lazy("Lý do"), required=False, max_length=MAX_CONTENT,
                             widget=forms.Textarea(attrs={"rows": 2}))
