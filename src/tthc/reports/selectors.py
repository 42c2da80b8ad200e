"""Report data: `period_results` reshaped into one plain structure per report form.

Every report reads `tthc.evaluation.selectors.period_results`, the one read the pages
and the open data also show, so a report can never disagree with the screen. The
structures below carry only what a layout needs; the XLSX layouts (`layouts/`) and the
PDF templates (`templates/reports/pdf/`) both take them as they are.

| Form | Builder | Contents |
|---|---|---|
| a | `official_report` | officials: their indicators, total, completion class, satisfaction |
| b | `agency_report` | one agency: per indicator standard, self, appraised points, reasons |
| c | `summary_report` | every agency of the period per level: points, total, class, rank |

What a form shows of the methodology — which indicators, their headings, names, maxima
and decimals, the maximum total, the class labels — comes from the run's stored layout
(`period_results(...)["layout"]`, `tthc.engine.layout.Layout`), never from a
methodology file or a constant here: a run reads as it was computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from tthc.engine.layout import Layout
from tthc.engine.rules import Group, Indicator
from tthc.evaluation import index as index_of_ratios
from tthc.evaluation.selectors import period_results, published_rule_sets
from tthc.evaluation.services import Key
from tthc.organisation.models import Official, Unit
from tthc.scoring.models import Period, PeriodState
from tthc.scoring.selectors import (
    current_run,
    dataset_is_demo,
    periods_with_scores,
)

FORMS = ("a", "b", "c")
# The layout's subject whose scores form a lists; a methodology without it has no form a.
OFFICIAL_SUBJECT = "official"

# The issuing body printed at the top left of every report, and the place before the
# date; a province other than Điện Biên sets TTHC_REPORT_ISSUER / TTHC_REPORT_PLACE.
DEFAULT_ISSUER = ("UBND TỈNH ĐIỆN BIÊN", "VĂN PHÒNG")
DEFAULT_PLACE = "Điện Biên"
DEFAULT_SIGNER = "CHÁNH VĂN PHÒNG"  # the head of the issuing body, who signs
# The document's number and symbol (Decree 30/2020: "Số: 12/BC-VP", BC a report, VP the
# issuing office). Without a number given, the dots leave its place for the pen.
NUMBER_SUFFIX = "/BC-VP"
NUMBER_BLANK = "…"
NUMBER_MAX_LENGTH = 40


def document_number(given: str | None) -> str:
    """"12" → "12/BC-VP"; a full "12/BC-VP" as typed; nothing → "…/BC-VP"."""
    text = " ".join((given or "").split())[:NUMBER_MAX_LENGTH]
    if not text:
        return NUMBER_BLANK + NUMBER_SUFFIX
    return text if "/" in text else text + NUMBER_SUFFIX
PREPARER = "NGƯỜI LẬP BIỂU"

TITLES = {
    "a": "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ CÁN BỘ, CÔNG CHỨC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    "b": "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH CỦA CƠ QUAN, ĐƠN VỊ",
    "c": "BÁO CÁO TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
}
# Form c of an index of ratios in groups (layout `figures`, `groups`): the groups as
# columns; the methodology's own title comes from the run's layout, on the subject line.
INDEX_SUMMARY_TITLE = ("BÁO CÁO TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, "
                       "DOANH NGHIỆP TRONG THỰC HIỆN THỦ TỤC HÀNH CHÍNH")
INDEX_AGENCY_TITLE = ("BÁO CÁO KẾT QUẢ ĐÁNH GIÁ CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP "
                      "TRONG THỰC HIỆN THỦ TỤC HÀNH CHÍNH CỦA CƠ QUAN, ĐƠN VỊ")
DEMO_MARK = "DỮ LIỆU MINH HỌA — không phải kết quả thật"
PROVISIONAL_MARK = "TẠM TÍNH — kỳ đánh giá chưa được phê duyệt, công bố"


class ReportNotFound(LookupError):
    """The period has no scores, or the agency or official none in it, or the run's
    methodology has no such form (HTTP 404; the message is for the reader)."""


def plain_number(value: Decimal) -> str:
    """A maximum as a heading writes it, Vietnamese style: 10, 100, 12,5 (no trailing
    zeros)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True)
class Point:
    """One indicator's points in a table, with the decimals its indicator is shown at."""

    value: Decimal | None
    decimals: int


@dataclass(frozen=True)
class Meta:
    """What every form prints around its table: heading, title, marks, signatures."""

    form: str
    title: str
    subject: str  # the line under the title: the period, and the agency or official
    period: str
    period_label: str
    state_label: str
    method: str
    profile: str
    rule_version: str
    provisional: bool
    published_at: datetime | None
    demo: bool
    issuer: tuple[str, str]
    place: str
    issued_on: date
    signer: str = DEFAULT_SIGNER
    number: str = NUMBER_BLANK + NUMBER_SUFFIX

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}"

    @property
    def dated(self) -> str:
        """"Điện Biên, ngày 05 tháng 02 năm 2020": Decree 30/2020 writes days below 10
        and the months January and February with a leading zero."""
        day = f"{self.issued_on.day:02d}"
        month = f"{self.issued_on.month:02d}" if self.issued_on.month < 3 else str(self.issued_on.month)
        return f"{self.place}, ngày {day} tháng {month} năm {self.issued_on.year}"

    @property
    def signatures(self) -> tuple[tuple[str, str], tuple[str, str]]:
        """(title, instruction) of the two signature places: preparer left, head right."""
        return ((PREPARER, "(Ký, ghi rõ họ tên)"), (self.signer, "(Ký tên, đóng dấu)"))

    @property
    def marks(self) -> list[str]:
        """The warnings every page and sheet must carry."""
        return [mark for mark, shown in ((DEMO_MARK, self.demo), (PROVISIONAL_MARK, self.provisional))
                if shown]


@dataclass(frozen=True)
class Satisfaction:
    rate: Decimal | None
    low: Decimal | None
    high: Decimal | None
    responses: int
    small_sample: bool


@dataclass(frozen=True)
class OfficialRow:
    code: str
    name: str
    unit_code: str
    unit_name: str
    dossiers: int
    points: tuple[Point, ...]  # in the order of the report's indicators
    total: Decimal | None
    class_label: str
    satisfaction: Satisfaction


@dataclass(frozen=True)
class OfficialReport:
    """Form a: one official, or every official scored under one unit."""

    meta: Meta
    indicators: tuple[Indicator, ...]  # the official subject's, from the run's layout
    rows: list[OfficialRow]
    unit_code: str
    unit_name: str
    max_total: Decimal
    total_decimals: int

    @property
    def max_total_text(self) -> str:
        return plain_number(self.max_total)

    @property
    def legend(self) -> list[tuple[str, str, str]]:
        """(heading, Vietnamese name, maximum) of each indicator, for the notes."""
        return [(spec.short, spec.name_vi, plain_number(spec.max_points)) for spec in self.indicators]

    @property
    def indicator_width(self) -> str:
        """The PDF width of one indicator column: they share what the others leave
        (20 % of the page, in percent)."""
        return f"{Decimal(20) / max(len(self.indicators), 1):.3f}"


@dataclass(frozen=True)
class MetricFigures:
    """An index metric's figures on form b: integers kept, the ratio in percent, the
    source in words; unknown (no source) leaves all of them None, never 0."""

    numerator: int | None
    denominator: int | None
    ratio: Decimal | None
    source: str
    known: bool


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    short: str  # the heading, e.g. "CS1"
    name: str
    standard: Decimal  # the indicator's maximum
    decimals: int
    self_points: Decimal | None
    appraised: Decimal | None  # None before the appraisal step, or not applicable
    reason: str  # the appraiser's reason for a change
    explanation: str  # the agency's own explanation (self-assessment)
    figures: MetricFigures | None = None  # an index of ratios: the metric's figures


@dataclass(frozen=True)
class AgencyGroup:
    """Form b of an index in groups: one group's known points, self-scored and after
    appraisal (None: none of its metrics known), its points unknown, its metrics."""

    code: str
    name: str
    max_points: Decimal
    self_points: Decimal | None
    appraised: Decimal | None
    unknown: Decimal
    lines: tuple[IndicatorLine, ...]


@dataclass(frozen=True)
class AgencyReport:
    """Form b: one agency in one period, indicator by indicator."""

    meta: Meta
    code: str
    name: str
    level_label: str
    dossiers: int
    lines: list[IndicatorLine]
    standard_total: Decimal  # the agency subject's maximum total
    total_decimals: int
    self_total: Decimal | None
    total: Decimal | None  # the appraised total (the self-total where nothing changed)
    appraisal_started: bool  # the period reached the appraisal step
    self_class_label: str
    class_label: str
    rank: int | None
    level_size: int
    satisfaction: Satisfaction
    # An index in groups (the run's layout): its metrics by group, and the points unknown.
    groups: tuple[AgencyGroup, ...] = ()
    unknown_points: Decimal = Decimal(0)
    methodology_title: str = ""


@dataclass(frozen=True)
class SummaryRow:
    rank: int | None
    code: str
    name: str
    dossiers: int
    points: tuple[Point, ...]  # in the order of the report's indicators
    total: Decimal | None
    class_label: str
    satisfaction: Satisfaction
    deductions: int  # indicators the appraiser lowered
    # An index in groups: each group's known points (None: all unknown) and its points
    # unknown, in the order of the report's groups; and the unit's points unknown.
    groups: tuple[GroupPoint, ...] = ()
    unknown_points: Decimal = Decimal(0)


@dataclass(frozen=True)
class GroupPoint:
    points: Decimal | None
    unknown: Decimal


@dataclass(frozen=True)
class SummaryLevel:
    kind: str
    label: str
    rows: list[SummaryRow]


@dataclass(frozen=True)
class SummaryReport:
    """Form c: every agency of the period, ranked within its level."""

    meta: Meta
    indicators: tuple[Indicator, ...]  # the agency subject's, from the run's layout
    max_total: Decimal
    total_decimals: int
    small_sample: int  # below this many responses a rate is marked "(ít)"
    levels: list[SummaryLevel] = field(default_factory=list)
    # An index in groups (the run's layout): the groups are the columns.
    groups: tuple[Group, ...] = ()
    methodology_title: str = ""

    @property
    def max_total_text(self) -> str:
        return plain_number(self.max_total)

    @property
    def indicator_width(self) -> str:
        """The PDF width of one indicator column (they share 29.4 % of the page; the
        code column takes 10.5 %, room for a commune's code such as P-DIENBIENPHU)."""
        return f"{Decimal('29.4') / max(len(self.indicators), 1):.3f}"

    @property
    def code_length(self) -> int:
        """The longest agency code: the XLSX code column is made that wide, so that no
        code runs into the name beside it."""
        return max((len(row.code) for level in self.levels for row in level.rows), default=0)

    @property
    def column_count(self) -> int:
        """Columns of the PDF table: rank, code, name, dossiers, the indicators, total,
        class, the three satisfaction columns, deductions (an index: the groups, total,
        points unknown, class)."""
        if self.groups:
            return len(self.groups) + 7
        return len(self.indicators) + 10

    @property
    def group_width(self) -> str:
        """The PDF width of one group column (they share 42 % of the page)."""
        return f"{Decimal('42') / max(len(self.groups), 1):.3f}"


def _issuer() -> tuple[str, str]:
    value = getattr(settings, "TTHC_REPORT_ISSUER", DEFAULT_ISSUER)
    if isinstance(value, str):  # "UBND TỈNH ĐIỆN BIÊN|VĂN PHÒNG" from the environment
        upper, _, lower = value.partition("|")
        return (upper.strip(), lower.strip())
    return (str(value[0]), str(value[1]))


def _results(key: Key) -> dict[str, Any]:
    results = period_results(key)
    if results is None:
        raise ReportNotFound(gettext("Kỳ %(period)s chưa có kết quả chấm điểm.") % {"period": key.period})
    return results


def _meta(form: str, results: dict[str, Any], subject: str, issued_on: date | None,
          demo: bool | None, *, title: str | None = None) -> Meta:
    return Meta(
        form=form, title=title or TITLES[form], subject=subject, period=results["period"],
        period_label=results["period_label"], state_label=results["period_state"],
        method=results["method"], profile=results["profile"],
        rule_version=results["rule_version"], provisional=results["provisional"],
        published_at=results["published_at"],
        demo=dataset_is_demo() if demo is None else demo, issuer=_issuer(),
        place=getattr(settings, "TTHC_REPORT_PLACE", DEFAULT_PLACE),
        issued_on=issued_on or timezone.localdate(),
        signer=getattr(settings, "TTHC_REPORT_SIGNER", DEFAULT_SIGNER))


def _satisfaction(value: dict[str, Any]) -> Satisfaction:
    return Satisfaction(rate=value["rate"], low=value["low"], high=value["high"],
                        responses=value["responses"], small_sample=value["small_sample"])


def _points(values: list[Decimal | None], indicators: tuple[Indicator, ...]) -> tuple[Point, ...]:
    return tuple(Point(value, spec.decimals)
                 for value, spec in zip(values, indicators, strict=True))


def official_report(key: Key, *, official_code: str | None = None, unit_code: str | None = None,
                    issued_on: date | None = None, demo: bool | None = None) -> OfficialReport:
    """Form a for one official (`official_code`) or every official of `unit_code`."""
    if (official_code is None) == (unit_code is None):
        raise ValueError("give exactly one of official_code and unit_code")
    results = _results(key)
    layout: Layout = results["layout"]
    subject = layout.subjects.get(OFFICIAL_SUBJECT)
    if subject is None:
        raise ReportNotFound(
            gettext("Phương pháp %(method)s không chấm điểm cán bộ, công chức: không có báo cáo mẫu a "
              "(cán bộ) cho kỳ %(period)s.") % {"method": results["method"], "period": key.period})
    indicators = results["official_indicators"]
    if official_code is not None:
        found = [o for o in results["officials"] if o["code"] == official_code]
    else:
        found = [o for o in results["officials"] if o["unit_code"] == unit_code]
    if not found:
        missing = (gettext("Không có kết quả đánh giá cán bộ của cán bộ %(code)s trong kỳ %(period)s.")
                   if official_code else
                   gettext("Không có kết quả đánh giá cán bộ của đơn vị %(code)s trong kỳ %(period)s."))
        raise ReportNotFound(missing % {"code": official_code or unit_code, "period": key.period})
    rows = [OfficialRow(code=o["code"], name=o["name"], unit_code=o["unit_code"],
                        unit_name=o["unit_name"], dossiers=o["dossiers"],
                        points=_points(o["indicators"], indicators), total=o["total"],
                        class_label=o["class_label"],
                        satisfaction=_satisfaction(o["satisfaction"])) for o in found]
    unit_name = rows[0].unit_name
    if official_code is not None:
        who = f"Cán bộ: {rows[0].name} ({rows[0].code}) — {unit_name}"
    else:
        who = f"{subject.label_vi} của {unit_name}"
    return OfficialReport(
        meta=_meta("a", results, f"{who} — {results['period_label']}", issued_on, demo),
        indicators=indicators, rows=rows, unit_code=rows[0].unit_code, unit_name=unit_name,
        max_total=subject.max_total, total_decimals=layout.total_decimals)


def agency_report(key: Key, *, unit_code: str, issued_on: date | None = None,
                  demo: bool | None = None) -> AgencyReport:
    """Form b: the agency's standard, self and appraised points with the reasons."""
    results = _results(key)
    for level in results["levels"]:
        for row in level["agencies"]:
            if row["code"] == unit_code:
                return _agency(results, level, row, issued_on, demo)
    raise ReportNotFound(gettext("Đơn vị %(code)s không có kết quả trong kỳ %(period)s.")
                         % {"code": unit_code, "period": key.period})


def _agency(results: dict[str, Any], level: dict[str, Any], row: dict[str, Any],
            issued_on: date | None, demo: bool | None) -> AgencyReport:
    # Before the appraisal step nobody has appraised: the column stays empty rather than
    # repeating the self-scores as if an appraiser had confirmed them.
    started = results["state"] in (PeriodState.APPRAISAL, PeriodState.LOCKED)
    layout: Layout = results["layout"]
    lines = []
    for index, spec in enumerate(results["agency_indicators"]):
        appraisal = row["appraisals"].get(spec.code)
        lines.append(IndicatorLine(
            code=spec.code, short=spec.short, name=spec.name_vi, standard=spec.max_points,
            decimals=spec.decimals, self_points=row["self_indicators"][index],
            appraised=row["indicators"][index] if started else None,
            reason=appraisal["reason"] if appraisal else "",
            explanation=row["explanations"].get(spec.code, "")))
    index = index_of_ratios.is_index(layout)
    return AgencyReport(
        meta=_meta("b", results, f"{row['name']} ({row['code']}) — {results['period_label']}",
                   issued_on, demo, title=INDEX_AGENCY_TITLE if index else None),
        code=row["code"], name=row["name"], level_label=level["label"], dossiers=row["dossiers"],
        lines=lines, standard_total=layout.agency.max_total,
        total_decimals=layout.total_decimals,
        self_total=row["self_total"], total=row["total"] if started else None,
        appraisal_started=started, self_class_label=row["self_class_label"],
        class_label=row["class_label"], rank=row["rank"], level_size=len(level["agencies"]),
        satisfaction=_satisfaction(row["satisfaction"]),
        groups=_agency_groups(layout, row, lines, started) if index else (),
        unknown_points=row.get("unknown_points") or Decimal(0),
        methodology_title=layout.title_vi if index else "")


def _agency_groups(layout: Layout, row: dict[str, Any], lines: list[IndicatorLine],
                   started: bool) -> tuple[AgencyGroup, ...]:
    """Form b of an index: each group with its metrics' figures (`evaluation.index`), the
    group's self-scored and appraised known points, and the points still unknown."""
    by_code = {line.code: line for line in lines}
    final = index_of_ratios.groups(layout, row)
    own = index_of_ratios.groups(layout, {**row, "indicators": row["self_indicators"]})
    return tuple(AgencyGroup(
        code=group["code"], name=group["name"], max_points=group["max"],
        self_points=mine["points"], appraised=group["points"] if started else None,
        unknown=group["unknown"],
        lines=tuple(replace(by_code[m["code"]], figures=MetricFigures(
            numerator=m["numerator"], denominator=m["denominator"], ratio=m["ratio"],
            source=m["source_label"][:1].upper() + m["source_label"][1:], known=m["known"]))
            for m in group["metrics"]))
        for group, mine in zip(final, own, strict=True))


def summary_report(key: Key, *, issued_on: date | None = None,
                   demo: bool | None = None) -> SummaryReport:
    """Form c: every agency per level, in rank order (unranked last)."""
    results = _results(key)
    layout: Layout = results["layout"]
    if index_of_ratios.is_index(layout):
        return _index_summary(results, layout, issued_on, demo)
    indicators = results["agency_indicators"]
    levels = [SummaryLevel(kind=level["kind"], label=level["label"], rows=[
        SummaryRow(rank=row["rank"], code=row["code"], name=row["name"], dossiers=row["dossiers"],
                   points=_points(row["indicators"], indicators), total=row["total"],
                   class_label=row["class_label"], satisfaction=_satisfaction(row["satisfaction"]),
                   deductions=len(row["deductions"]))
        for row in level["agencies"]]) for level in results["levels"] if level["agencies"]]
    return SummaryReport(
        meta=_meta("c", results, f"Tất cả cơ quan, đơn vị — {results['period_label']}",
                   issued_on, demo),
        indicators=indicators, max_total=layout.agency.max_total,
        total_decimals=layout.total_decimals, small_sample=layout.small_sample, levels=levels)


def _index_summary(results: dict[str, Any], layout: Layout, issued_on: date | None,
                   demo: bool | None) -> SummaryReport:
    """Form c of an index in groups: every unit per level with its groups' points (unknown
    points apart, never 0), the known total, the points unknown, class and rank."""
    indicators = results["agency_indicators"]
    levels = []
    for level in results["levels"]:
        if not level["agencies"]:
            continue
        rows = [SummaryRow(
            rank=row["rank"], code=row["code"], name=row["name"], dossiers=row["dossiers"],
            points=_points(row["indicators"], indicators), total=row["total"],
            class_label=row["class_label"], satisfaction=_satisfaction(row["satisfaction"]),
            deductions=len(row["deductions"]),
            groups=tuple(GroupPoint(g["points"], g["unknown"]) for g in row["groups"]),
            unknown_points=row["unknown_points"])
            for row in index_of_ratios.level_rows(layout, level)]
        levels.append(SummaryLevel(kind=level["kind"], label=level["label"], rows=rows))
    return SummaryReport(
        meta=_meta("c", results, f"Tất cả cơ quan, đơn vị — {results['period_label']}", issued_on,
                   demo, title=INDEX_SUMMARY_TITLE),
        indicators=indicators, max_total=layout.agency.max_total,
        total_decimals=layout.total_decimals, small_sample=layout.small_sample, levels=levels,
        groups=layout.groups, methodology_title=layout.title_vi)


def open_data(key: Key) -> dict[str, Any]:
    """The published results as open data, or ReportNotFound (unpublished, unscored).

    Decimals stay Decimal here; the writers (`opendata.py`) decide how to spell them and
    name the indicator columns. `indicators` are the agency subject's, from the run's
    layout; each agency's `points` gives their values by indicator code.
    """
    results = period_results(key)
    if results is None or not results["is_published"]:
        raise ReportNotFound(gettext("Kỳ %(period)s chưa được công bố.") % {"period": key.period})
    layout: Layout = results["layout"]
    figures = index_of_ratios.is_index(layout)
    agencies = []
    for level in results["levels"]:
        for row in level["agencies"]:
            satisfaction = row["satisfaction"]
            agencies.append({
                "code": row["code"], "name": row["name"], "level": level["kind"],
                "level_label": level["label"], "dossiers": row["dossiers"],
                "points": {spec.code: value for spec, value
                           in zip(results["agency_indicators"], row["indicators"], strict=True)},
                "total": row["total"], "class_code": row["class_code"],
                "class_label": row["class_label"], "rank": row["rank"],
                "satisfaction_rate": satisfaction["rate"], "satisfaction_low": satisfaction["low"],
                "satisfaction_high": satisfaction["high"], "responses": satisfaction["responses"],
                # An index of ratios: each indicator's figures, the groups, the points unknown.
                "figures": row["figures"], "unknown_points": row["unknown_points"],
                "groups": {g["code"]: g["points"] for g in index_of_ratios.groups(layout, row)}
                if figures else {},
            })
    return {"period": results["period"], "period_label": results["period_label"],
            "method": results["method"], "profile": results["profile"],
            "rule_version": results["rule_version"], "published_at": results["published_at"],
            "demo": dataset_is_demo(), "indicators": results["agency_indicators"],
            "figures": figures, "groups": layout.groups if figures else (),
            "agencies": agencies}


def official_ids(official_code: str) -> tuple[int, int] | None:
    """(official id, unit id) of an official, for the permission question; None: unknown."""
    return Official.objects.filter(code=official_code).values_list("id", "unit_id").first()


def unit_id(unit_code: str) -> int | None:
    return Unit.objects.filter(code=unit_code).values_list("id", flat=True).first()


def unit_code(pk: int | None) -> str | None:
    return Unit.objects.filter(pk=pk).values_list("code", flat=True).first()


def official_code(pk: int | None) -> str | None:
    return Official.objects.filter(pk=pk).values_list("code", flat=True).first()


def report_periods(*, published_only: bool, method: str | None = None,
                   profile: str | None = None) -> list[dict[str, Any]]:
    """The scored periods (newest year first) with their state; the public's are the
    published ones only. Without a rule set, each period under its own."""
    periods = periods_with_scores(method=method, profile=profile)
    published = published_rule_sets()
    found = [{**p, "is_published": published.get(p["code"]) == (p["method"], p["profile"])}
             for p in periods]
    return [p for p in found if p["is_published"]] if published_only else found


def has_results(key: Key) -> bool:
    """Whether the period has a current run under the key's rule set."""
    return current_run(period=key.period, method=key.method, profile=key.profile) is not None


def period_published(key: Key) -> bool | None:
    """Whether a period is published under the key's rule set; None when there is no
    such period."""
    period = Period.objects.filter(code=key.period).first()
    return None if period is None else period.is_published_for(key.method, key.profile)
