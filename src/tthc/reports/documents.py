"""Report files: report data in, XLSX or PDF bytes out (pure renderers), and the one
function the views, the command and the benchmark call to make a file.

| Form | Data (selectors) | XLSX layout | PDF template |
|---|---|---|---|
| a | `official_report` | `layouts/official.py` | `reports/pdf/official.html` |
| b | `agency_report` | `layouts/agency.py` | `reports/pdf/agency.html` |
| c | `summary_report` | `layouts/summary.py` | `reports/pdf/summary.html` |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from tthc.evaluation.services import Key

from . import selectors
from .layouts import agency, official, summary

FORMATS = ("xlsx", "pdf")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Layout:
    xlsx: Callable[[Any], bytes]
    template: str
    landscape: bool


LAYOUTS: dict[str, Layout] = {
    "a": Layout(official.xlsx, "reports/pdf/official.html", landscape=True),
    "b": Layout(agency.xlsx, "reports/pdf/agency.html", landscape=False),
    "c": Layout(summary.xlsx, "reports/pdf/summary.html", landscape=True),
}


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content_type: str
    content: bytes


def report_html(report: Any) -> str:
    layout = LAYOUTS[report.meta.form]
    # Form b of an index in groups has eleven columns (the metrics' figures): landscape.
    wide = layout.landscape or bool(getattr(report, "groups", ()))
    return render_to_string(layout.template, {"report": report, "meta": report.meta,
                                              "landscape": wide})


def report_pdf(report: Any) -> bytes:
    # Imported here: WeasyPrint loads Pango on import, which no web page needs.
    from weasyprint import HTML

    # No base URL: the document fetches nothing (local fonts, no images).
    return HTML(string=report_html(report)).write_pdf()


def report_xlsx(report: Any) -> bytes:
    return LAYOUTS[report.meta.form].xlsx(report)


def report_data(form: str, key: Key, *, unit: str | None = None, official: str | None = None,
                issued_on: date | None = None, demo: bool | None = None) -> Any:
    """The data of a form: a (unit or official), b (unit), c (neither)."""
    if form == "a":
        return selectors.official_report(key, official_code=official, unit_code=unit,
                                         issued_on=issued_on, demo=demo)
    if form == "b":
        if unit is None:
            raise ValueError("form b needs a unit")
        return selectors.agency_report(key, unit_code=unit, issued_on=issued_on, demo=demo)
    if form == "c":
        return selectors.summary_report(key, issued_on=issued_on, demo=demo)
    raise ValueError(f"form must be one of {selectors.FORMS}, not {form!r}")


def _filename(form: str, key: Key, unit: str | None, official: str | None, fmt: str) -> str:
    # ASCII names (bao-cao-c-2020-Q1.pdf): every browser and mail client keeps them.
    subject = official or unit
    parts = ["bao-cao", form, key.period, *([subject] if subject else [])]
    return "-".join(parts) + f".{fmt}"


def report_file(form: str, fmt: str, key: Key, *, unit: str | None = None,
                official: str | None = None, issued_on: date | None = None,
                demo: bool | None = None, number: str | None = None) -> ReportFile:
    """A report as a file; raises selectors.ReportNotFound when there is nothing to show.
    `number` is the document's number under the heading (`selectors.document_number`)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    # An official document: Vietnamese whatever the page's language (period names and
    # states are translated on the pages).
    with translation.override("vi"):
        report = report_data(form, key, unit=unit, official=official, issued_on=issued_on, demo=demo)
        report = replace(report, meta=replace(report.meta, number=selectors.document_number(number)))
        content = report_pdf(report) if fmt == "pdf" else report_xlsx(report)
    return ReportFile(_filename(form, key, unit, official, fmt), CONTENT_TYPES[fmt], content)
