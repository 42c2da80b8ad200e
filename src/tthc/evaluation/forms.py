"""Forms of the cycle's pages. Rules of the cycle stay in services.py: these only read input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from tthc.engine.periods import Period as PeriodSpan
from tthc.engine.periods import PeriodError

from .selectors import AuditFilter, audit_actions

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
_BAD_DATE = gettext_lazy("Ngày không hợp lệ (ngày/tháng/năm).")


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        error_messages={"required": gettext_lazy("Mở lại kỳ đã công bố phải ghi rõ lý do.")})

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(gettext("Mở lại kỳ đã công bố phải ghi rõ lý do."))
        return reason


class ComputeForm(forms.Form):
    """A period to compute for the first time (one already listed is recomputed from its page)."""

    period = forms.CharField(label=gettext_lazy("Mã kỳ"), max_length=16,
                             help_text=gettext_lazy("Ví dụ: 2026-09 (tháng), 2021-Q1, 2021-H1, 2021"),
                             error_messages={"required": gettext_lazy("Nhập mã kỳ, ví dụ 2021-Q1.")})

    def clean_period(self) -> str:
        text = self.cleaned_data["period"].strip().upper()
        try:
            return PeriodSpan.parse(text).code
        except PeriodError as error:
            raise forms.ValidationError(
                gettext("“%(text)s” không phải mã kỳ (2026-09, 2021-Q1, 2021-H1, 2021).") % {"text": text}
            ) from error


class AuditFilterForm(forms.Form):
    key_prefix = forms.CharField(label=gettext_lazy("Kỳ hoặc đối tượng (bắt đầu bằng)"),
                                 required=False, max_length=255,
                                 help_text=gettext_lazy("Ví dụ: 2020-Q1 hoặc 2020-Q1/nd61-tt01"))
    action = forms.ChoiceField(label=gettext_lazy("Hành động"), required=False)
    username = forms.CharField(label=gettext_lazy("Người thực hiện (tên đăng nhập)"),
                               required=False, max_length=150)
    since = forms.DateField(label=gettext_lazy("Từ ngày"), required=False,
                            input_formats=DATE_FORMATS,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            error_messages={"invalid": _BAD_DATE})
    until = forms.DateField(label=gettext_lazy("Đến ngày"), required=False,
                            input_formats=DATE_FORMATS,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            error_messages={"invalid": _BAD_DATE})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", gettext("Tất cả")), *audit_actions()]
        self.fields["action"].error_messages["invalid_choice"] = gettext("Hành động không có trong nhật ký.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", gettext("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
        return data

    def audit_filter(self) -> AuditFilter:
        """The filter asked for; an invalid field filters on nothing (its error is shown)."""
        data = self.cleaned_data if self.is_valid() else {
            name: value for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors}
        return AuditFilter(key_prefix=(data.get("key_prefix") or "").strip(),
                           action=data.get("action") or "",
                           username=(data.get("username") or "").strip(),
                           since=data.get("since"), until=data.get("until"))
