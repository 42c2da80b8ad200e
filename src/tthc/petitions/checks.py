"""A warning for a server still configured the old way.

The petition answer deadline and the dragged-on threshold were environment variables
until they became dated rule parameters; a province that had set one would otherwise
lose its value without a word.
"""

from __future__ import annotations

import os
from typing import Any

from django.core import checks

# The old variable → the parameter that replaces it.
RETIRED = {
    "TTHC_PETITION_ANSWER_WORKING_DAYS": "petitions.answer_working_days",
    "TTHC_PETITION_PROLONGED_AFTER_DAYS": "petitions.prolonged_after_days",
}


def retired_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Warning(
            f"Biến môi trường {name} không còn được dùng (giá trị {os.environ[name]!r} bị bỏ qua) / "
            f"{name} is no longer read.",
            hint=f"Đặt tham số {parameter} trong bộ quy tắc, với ngày hiệu lực (docs/rules.md) / "
                 f"set the dated parameter {parameter} in the rule profile.",
            id="tthc.petitions.W001")
        for name, parameter in RETIRED.items() if name in os.environ
    ]
