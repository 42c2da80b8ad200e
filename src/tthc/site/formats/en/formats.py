"""English pages write numbers and dates the Vietnamese way (1.234,5; 04/12/2026).

The figures are the province's and are read beside its Vietnamese reports, so a page in
English must not turn 1.234,5 into 1,234.5 nor 04/12/2026 into April 12th. Django looks
up each format here first, then in its own English module: every format that differs
between Django's `vi` and `en` modules is therefore set here. The values are Django's
`vi` ones (django/conf/locale/vi/formats.py), except the two long formats, which spell
"Ngày … tháng … năm" in Vietnamese words and are written with digits here instead.
The input formats are Django's defaults, which `vi` uses for want of its own, so a date
typed as 04/12/2026 means the same day in both languages.
"""

from django.conf import global_settings

# Long date and date-time: the Vietnamese order, in digits (vi: "Ngày d tháng n năm Y").
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "H:i d-m-Y"
FIRST_DAY_OF_WEEK = global_settings.FIRST_DAY_OF_WEEK

DATE_INPUT_FORMATS = global_settings.DATE_INPUT_FORMATS
TIME_INPUT_FORMATS = global_settings.TIME_INPUT_FORMATS
DATETIME_INPUT_FORMATS = global_settings.DATETIME_INPUT_FORMATS

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = global_settings.NUMBER_GROUPING
