"""Explain one dossier's points (``tthc explain``): reads only, text or JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from tthc.engine.dossier import TIMING_VI, DossierResult, fmt_date
from tthc.engine.facts import Dossier
from tthc.engine.method import explain_dossier as evaluate_dossier
from tthc.engine.numbers import fmt_decimal
from tthc.engine.periods import Period
from tthc.engine.registry import installed
from tthc.engine.rules import Indicator, load_rules
from tthc.importers.selectors import dossier_warnings

from . import loaders, rule_sets
from .services import build_context

STATUS_VI = {"processing": "đang xử lý", "finished": "đã giải quyết", "returned": "đã trả kết quả",
             "refused": "từ chối", "withdrawn": "rút hồ sơ"}
DUE_SOURCE_VI = {"record": "theo hồ sơ", "computed": "tính theo thời hạn", "none": "không có"}


@dataclass(frozen=True)
class Explanation:
    dossier: Dossier
    result: DossierResult
    rule_version: str
    period: str
    indicator_names: dict[str, str]
    warnings: list[str]
    # The rule set used (the period's own when none was asked) and its indicators, for a
    # page that shows each one's maximum and links under the same rule set.
    method: str = ""
    profile: str = ""
    indicators: tuple[Indicator, ...] = ()


def dossier_explain(*, code: str, method: str | None = None, profile: str | None = None,
                    period: str | None = None) -> Explanation | None:
    """One dossier's points and evidence, in `period` (default: the quarter of its end, or
    of today for one still open), under the rule set asked for (a methodology without a
    profile: its default one) or the period's own."""
    # Only this dossier's petitions: not every petition of the province, for one page.
    petitions = loaders.load_petitions(Q(dossier__code=code))
    dossiers = list(loaders.load_dossiers(Q(code=code), petitions, few=True))
    if not dossiers:
        return None
    dossier = dossiers[0]
    as_of = loaders.local(timezone.now())
    assert as_of is not None
    day = (dossier.finished_at or as_of).date()
    span = Period.parse(period) if period else Period.parse(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    if method is not None and profile is None:
        profile = installed().default_profile(method)
    if method is None or profile is None:
        method, profile = rule_sets.for_period(span.code)
    rules = load_rules(method, profile, span.end)
    years = range(min(dossier.received_at.year, span.start.year) - 1, max(day.year, span.end.year) + 2)
    ctx = build_context(rules=rules, years=list(years), as_of=as_of, period=span, only_for=[dossier])
    warnings = [w["message_vi"] for w in dossier_warnings(codes=[code]).get(code, [])]
    names = {n: i.name_vi for n, i in rules.methodology.indicators.items()}
    return Explanation(dossier, evaluate_dossier(dossier, ctx), rules.version, span.code, names,
                       warnings, method, profile, tuple(rules.methodology.indicators.values()))


def explanation_text(e: Explanation) -> str:
    d, r = e.dossier, e.result
    lines = [
        f"Hồ sơ {d.code} — thủ tục {d.procedure_code} — cơ quan {d.unit_code}"
        + (f" — cán bộ tiếp nhận {d.received_by}" if d.received_by else ""),
        f"Tiếp nhận {fmt_date(d.received_at)}; hẹn trả {fmt_date(r.due_at)}"
        f" ({DUE_SOURCE_VI[r.due_source]});"
        f" kết thúc xử lý {fmt_date(d.finished_at)}; trả kết quả {fmt_date(d.returned_at)};"
        f" trạng thái {STATUS_VI[d.status.value]}"
        + (f" — {TIMING_VI[r.timing]}" if r.timing else ""),
        f"Quy tắc: {e.rule_version} (kỳ {e.period})",
        "",
    ]
    for number, point in r.indicators.items():
        shown = "không áp dụng (N/A)" if point.points is None else f"{fmt_decimal(point.points)} điểm"
        lines.append(f"Chỉ số {number} — {e.indicator_names.get(number, '')}: {shown}")
        lines.extend(f"    Lý do bị trừ điểm: {lost.words}." for lost in point.lost)
        lines.extend(f"    {text}" for text in point.evidence)
    if r.conflicts:
        lines.append("")
        lines.append("Mâu thuẫn giữa phiếu đánh giá và hồ sơ (để thẩm định):")
        lines.extend(f"    {c}" for c in r.conflicts)
    if e.warnings:
        lines.append("")
        lines.append("Cảnh báo chất lượng dữ liệu (không làm thay đổi điểm):")
        lines.extend(f"    {w}" for w in e.warnings)
    if r.notes:  # the methodology's words on the dossier as a whole
        lines.append("")
        lines.extend(r.notes)
    return "\n".join(lines)


def explanation_json(e: Explanation) -> dict[str, Any]:
    r = e.result
    return {
        "format_version": 1,
        "dossier": e.dossier.code,
        "unit": e.dossier.unit_code,
        "received_by": e.dossier.received_by,
        "rule_version": e.rule_version,
        "period": e.period,
        "due_at": r.due_at.isoformat() if r.due_at else None,
        "due_source": r.due_source,
        "timing": r.timing.value if r.timing else None,
        "indicators": {
            n: {"points": p.points, "source": p.source, "evidence": list(p.evidence),
                "lost": [{"rule": x.rule, "words": x.words} for x in p.lost]}
            for n, p in r.indicators.items()
        },
        "notes": list(r.notes),
        "steps": [{"seq": s.seq, "unit": s.unit_code, "points": s.points} for s in r.steps],
        "conflicts": list(r.conflicts),
        "warnings": e.warnings,
    }
