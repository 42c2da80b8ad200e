"""The citizen's forms: the short rating form and the hand-typed code look-up."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .models import Satisfaction

AGENCIES_CHOICES = (("0", "0 cơ quan"), ("1", "1 cơ quan"), ("2", "2 trở lên"))
DISCLOSURE_CHOICES = (("both", "Cả hai"), ("one", "Một trong hai"), ("none", "Không thấy"))


def bilingual(vi: str, en: str) -> SafeString:
    """A message for citizens, in Vietnamese. The English is kept beside it for the
    language switcher to come (issue 13): never repeated after the Vietnamese on screen."""
    del en
    return format_html("{}", vi)


class RatingForm(forms.Form):
    # Checked by the server, which answers in both languages; the browser would not.
    use_required_attribute = False

    satisfaction = forms.ChoiceField(
        label="Ông/bà hài lòng với việc giải quyết hồ sơ?",
        choices=Satisfaction.choices, widget=forms.RadioSelect,
        error_messages={"required": bilingual("Xin chọn một mức độ hài lòng.",
                                              "please choose how satisfied you are"),
                        "invalid_choice": bilingual("Mức độ hài lòng không hợp lệ.",
                                                    "unknown satisfaction level")})
    # 2 stands for "two or more": indicator 4 gives 0 points from two agencies on.
    agencies_contacted = forms.TypedChoiceField(
        label="Số cơ quan, đơn vị ông/bà phải liên hệ:",
        choices=AGENCIES_CHOICES, coerce=int, empty_value=None, required=False,
        widget=forms.RadioSelect)
    disclosure_seen = forms.TypedChoiceField(
        label="Thủ tục có được niêm yết và đăng trên mạng?",
        choices=DISCLOSURE_CHOICES, empty_value=None, required=False, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="Ý kiến khác (không bắt buộc)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 1, "maxlength": 2000}),
        error_messages={"max_length": bilingual("Ý kiến dài quá 2.000 ký tự.",
                                                "the comment is longer than 2,000 characters")})
    # Carried from the link the citizen arrived by: the proof they hold the receipt.
    # Both are read by the view before the form is validated (a wrong code is refused
    # first); here they only travel with the answers.
    m = forms.CharField(widget=forms.HiddenInput, required=False)
    kenh = forms.CharField(widget=forms.HiddenInput, required=False)


class CodeLookupForm(forms.Form):
    use_required_attribute = False

    dossier_code = forms.CharField(
        label="Mã hồ sơ", max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}),
        error_messages={"required": bilingual("Xin nhập mã hồ sơ ghi trên giấy hẹn trả kết quả.",
                                              "please enter the dossier code from your receipt")})
    code = forms.CharField(
        label="Mã xác nhận", max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false", "aria-describedby": "code-hint"}),
        error_messages={"required": bilingual("Xin nhập mã xác nhận in trên giấy hẹn trả kết quả.",
                                              "please enter the verification code printed on your "
                                              "receipt")})

    def clean_dossier_code(self) -> str:
        return self.cleaned_data["dossier_code"].strip()
