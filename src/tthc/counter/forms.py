"""Forms of the counter app: the desk's search, registering and binding a tablet, the
keyboard-only paper-form entry and the correction of a wrongly keyed form."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tthc.dossiers.models import DossierStatus
from tthc.ratings.models import DisclosureSeen, Rating, Satisfaction

from .selectors import DeskSearch
from .services import MAX_BATCH, MAX_DEVICE_NAME, MAX_REASON

# The order printed on the paper form: key 1 is the first box, "very satisfied".
SATISFACTION_KEYS = {str(i): value for i, value in enumerate(Satisfaction.values, start=1)}
SATISFACTION_LEGEND = [(key, Satisfaction(value).label) for key, value in SATISFACTION_KEYS.items()]
# Keys matching the points of indicator 6: both → 2, one → 1, none → 0.
DISCLOSURE_KEYS = {"2": DisclosureSeen.BOTH.value, "1": DisclosureSeen.ONE.value, "0": DisclosureSeen.NONE.value}
DISCLOSURE_LEGEND = [(key, DisclosureSeen(value).label) for key, value in DISCLOSURE_KEYS.items()]
KEY_OF_SATISFACTION = {value: key for key, value in SATISFACTION_KEYS.items()}
KEY_OF_DISCLOSURE = {value: key for key, value in DISCLOSURE_KEYS.items()}


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _no_control(text: str, label: str) -> str:
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise forms.ValidationError(_("“%(label)s” chứa ký tự điều khiển không hợp lệ.") % {"label": label})
    return text


class BindForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Khóa thiết bị"), max_length=128, strip=True,
        help_text=gettext_lazy("Khóa hiện một lần khi đăng ký thiết bị (trang “Thiết bị tại quầy”), dạng ABCD-EFGH-…; "
                  "quét mã QR trên trang đó thì khóa được điền sẵn."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false", "autofocus": True,
                                      "aria-describedby": "token-help"}),
    )


class DeskSearchForm(forms.Form):
    """The desk's search (GET): fields that name no applicant, every one optional."""

    ma = forms.CharField(label=gettext_lazy("Mã hồ sơ"), required=False, max_length=64,
                         widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                       "type": "search", "inputmode": "search"}))
    thu_tuc = forms.ChoiceField(label=gettext_lazy("Thủ tục"), required=False)
    tu_ngay = forms.DateField(label=gettext_lazy("Tiếp nhận từ ngày"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                              error_messages={"invalid": gettext_lazy("Ngày không hợp lệ.")})
    den_ngay = forms.DateField(label=gettext_lazy("Tiếp nhận đến ngày"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               error_messages={"invalid": gettext_lazy("Ngày không hợp lệ.")})
    trang_thai = forms.ChoiceField(label=gettext_lazy("Trạng thái"), required=False,
                                   choices=[("", gettext_lazy("Tất cả")), *DossierStatus.choices])

    def __init__(self, *args: Any, procedures: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["thu_tuc"].choices = [("", gettext_lazy("Tất cả")), *procedures]  # type: ignore[attr-defined]

    def clean_ma(self) -> str:
        return _no_control(_clean(self.cleaned_data["ma"]), _("Mã hồ sơ"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and start > end:
            self.add_error("den_ngay", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data

    def search(self) -> DeskSearch:
        """What to look for; a field in error narrows nothing."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return DeskSearch(code=data.get("ma", ""), procedure=data.get("thu_tuc", ""),
                          received_from=data.get("tu_ngay"), received_to=data.get("den_ngay"),
                          status=data.get("trang_thai", ""))


class DeviceNameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên thiết bị"), max_length=MAX_DEVICE_NAME,
                           help_text=gettext_lazy("Ví dụ: “Quầy 3 — Tư pháp”."),
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))


class DeviceAddForm(DeviceNameForm):
    """A new tablet: its name and, for the administrator, the desk it belongs to."""

    field_order = ["desk", "name"]
    desk = forms.TypedChoiceField(label=gettext_lazy("Bộ phận Một cửa"), coerce=int)

    def __init__(self, *args: Any, desks: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desk"].choices = [(d.pk, f"{d.name} ({d.code})") for d in desks]  # type: ignore[attr-defined]
        self.desks = {d.pk: d for d in desks}


class PaperLookupForm(forms.Form):
    """A dossier's code, typed by a clerk (also the first step of a correction)."""

    dossier_code = forms.CharField(label=gettext_lazy("Mã hồ sơ"), max_length=64,
                                   widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Django's own message for a NUL byte is in English only.
            field.error_messages["null_characters_not_allowed"] = _("Nội dung chứa ký tự điều khiển không hợp lệ.")

    def clean_dossier_code(self) -> str:
        return _no_control(_clean(self.cleaned_data["dossier_code"]), _("Mã hồ sơ"))


class _AnswerKeys(PaperLookupForm):
    """The answers of a paper form, one key each, in the order printed on the form."""

    satisfaction = forms.CharField(
        label=gettext_lazy("Mức độ hài lòng (phím 1–5)"), max_length=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 2,
                                      "pattern": "[1-5]", "aria-describedby": "legend-satisfaction"}),
        error_messages={"required": gettext_lazy("Nhập mức độ hài lòng: một phím từ 1 đến 5.")},
    )
    agencies_contacted = forms.IntegerField(
        label=gettext_lazy("Số cơ quan phải liên hệ (0–9, để trống nếu phiếu không ghi)"), required=False,
        min_value=0, max_value=9,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 2,
                                      "maxlength": 1, "pattern": "[0-9]"}),
        error_messages={"invalid": gettext_lazy("Số cơ quan là một chữ số từ 0 đến 9.")},
    )
    disclosure_seen = forms.CharField(
        label=gettext_lazy("Thấy công khai thủ tục (phím 2, 1, 0; để trống nếu phiếu không ghi)"), required=False,
        max_length=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 2,
                                      "pattern": "[0-2]", "aria-describedby": "legend-disclosure"}),
    )

    def clean_satisfaction(self) -> str:
        key = self.cleaned_data["satisfaction"].strip()
        if key not in SATISFACTION_KEYS:
            raise forms.ValidationError(_("Mức độ hài lòng là một phím từ 1 đến 5."))
        return SATISFACTION_KEYS[key]

    def clean_disclosure_seen(self) -> str | None:
        key = self.cleaned_data["disclosure_seen"].strip()
        if not key:
            return None
        if key not in DISCLOSURE_KEYS:
            raise forms.ValidationError(_("Công khai thủ tục: phím 2 (cả hai), 1 (một), 0 (không thấy)."))
        return DISCLOSURE_KEYS[key]


class PaperForm(_AnswerKeys):
    """Every answer is one key, so a clerk types a form without the mouse: code, Tab, digit, Enter."""

    field_order = ["batch", "dossier_code", "satisfaction", "agencies_contacted", "disclosure_seen", "comment"]

    batch = forms.CharField(label=gettext_lazy("Số lô phiếu"), max_length=MAX_BATCH,
                            widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    comment = forms.CharField(label=gettext_lazy("Ý kiến khác (nếu có)"), required=False, max_length=2000,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def focus(self) -> None:
        """Focus (without JavaScript) the field the clerk needs next: the first one in
        error, else the dossier code once the batch is known."""
        target = next((name for name in self.fields if name in self.errors), None) if self.is_bound else None
        if target is None:
            target = "dossier_code" if self.initial.get("batch") or self.data.get("batch") else "batch"
        for name, field in self.fields.items():
            field.widget.attrs.pop("autofocus", None)
            if name == target:
                field.widget.attrs["autofocus"] = True

    def clean_batch(self) -> str:
        return _no_control(_clean(self.cleaned_data["batch"]), _("Số lô phiếu"))

    def clean_comment(self) -> str:
        return _no_control(_clean(self.cleaned_data["comment"]), _("Ý kiến khác"))


class PaperCorrectForm(_AnswerKeys):
    """The corrected answers of one paper form, and why."""

    field_order = ["dossier_code", "satisfaction", "agencies_contacted", "disclosure_seen", "reason"]

    dossier_code = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(label=gettext_lazy("Lý do sửa (bắt buộc)"), max_length=MAX_REASON,
                             widget=forms.TextInput(attrs={"autocomplete": "off", "size": 60}),
                             error_messages={"required": gettext_lazy("Xin ghi lý do sửa phiếu.")})

    @classmethod
    def of(cls, rating: Rating) -> PaperCorrectForm:
        """Filled with the stored answers, as the keys the clerk would type."""
        return cls(initial={
            "dossier_code": rating.dossier.code,
            "satisfaction": KEY_OF_SATISFACTION.get(rating.satisfaction or "", ""),
            "agencies_contacted": rating.agencies_contacted,
            "disclosure_seen": KEY_OF_DISCLOSURE.get(rating.disclosure_seen or "", ""),
        })

    def clean_reason(self) -> str:
        return _no_control(_clean(self.cleaned_data["reason"]), _("Lý do sửa"))
