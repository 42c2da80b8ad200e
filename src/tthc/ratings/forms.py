"""The citizen's forms: the short rating form and the hand-typed code look-up."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Satisfaction

AGENCIES_CHOICES = (("0", _("0 cơ quan")), ("1", _("1 cơ quan")), ("2", _("2 trở lên")))
DISCLOSURE_CHOICES = (("both", _("Cả hai")), ("one", _("Một trong hai")), ("none", _("Không thấy")))


class RatingForm(forms.Form):
    # Checked by the server, which answers in the page's language; the browser would not.
    use_required_attribute = False

    satisfaction = forms.ChoiceField(
        label=_("Ông/bà hài lòng với việc giải quyết hồ sơ?"),
        choices=Satisfaction.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Xin chọn một mức độ hài lòng."),
                        "invalid_choice": _("Mức độ hài lòng không hợp lệ.")})
    # 2 stands for "two or more": indicator 4 gives 0 points from two agencies on.
    agencies_contacted = forms.TypedChoiceField(
        label=_("Số cơ quan, đơn vị ông/bà phải liên hệ:"),
        choices=AGENCIES_CHOICES, coerce=int, empty_value=None, required=False,
        widget=forms.RadioSelect)
    disclosure_seen = forms.TypedChoiceField(
        label=_("Thủ tục có được niêm yết và đăng trên mạng?"),
        choices=DISCLOSURE_CHOICES, empty_value=None, required=False, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Ý kiến khác (không bắt buộc)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 1, "maxlength": 2000}),
        error_messages={"max_length": _("Ý kiến dài quá 2.000 ký tự.")})
    # Carried from the link the citizen arrived by: the proof they hold the receipt.
    # Both are read by the view before the form is validated (a wrong code is refused
    # first); here they only travel with the answers.
    m = forms.CharField(widget=forms.HiddenInput, required=False)
    kenh = forms.CharField(widget=forms.HiddenInput, required=False)


class CodeLookupForm(forms.Form):
    use_required_attribute = False

    dossier_code = forms.CharField(
        label=_("Mã hồ sơ"), max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}),
        error_messages={"required": _("Xin nhập mã hồ sơ ghi trên giấy hẹn trả kết quả.")})
    code = forms.CharField(
        label=_("Mã xác nhận"), max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false", "aria-describedby": "code-hint"}),
        error_messages={"required": _("Xin nhập mã xác nhận in trên giấy hẹn trả kết quả.")})

    def clean_dossier_code(self) -> str:
        return self.cleaned_data["dossier_code"].strip()
