"""The drill-down's filters and export: a unit's dossiers that lost points on one
indicator, narrowed by the official who received them, the procedure and the reason.

The list itself is `selectors.losing_on_indicator` (the stored points, worst first).
Officials and procedures come from the dossiers' records; a reason is a rule the
methodology names when a dossier costs an indicator points (`engine.dossier.Lost`,
found by explaining the dossier under the run's rules) — the web knows no indicator.
Explaining is the one computation done in a request, so the reasons are worked out
only for a list of at most `REASON_LIMIT` dossiers: a longer one is narrowed by
official or procedure first.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils import timezone
from openpyxl import Workbook

from tthc.cells import write_only_row
from tthc.dossiers.models import Dossier
from tthc.engine.dossier import DossierResult, fmt_int
from tthc.evaluation.services import Key
from tthc.organisation.models import Unit

from . import selectors

# Dossiers whose reasons one page works out, explaining each under the run's rules (about
# a millisecond each): a list of this many stays around a second.
REASON_LIMIT = 1000
# Dossiers one XLSX holds, their evidence worked out in batches (some ten seconds).
EXPORT_LIMIT = 10000
_BATCH = 500

# The query parameters, in Vietnamese like the site's other ones.
PARAMS = {"official": "can-bo", "procedure": "thu-tuc", "reason": "ly-do"}


@dataclass(frozen=True)
class LostFilter:
    """What the list is narrowed to ("" for all)."""

    official: str = ""
    procedure: str = ""
    reason: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> LostFilter:
        return cls(**{name: query.get(param, "")[:64] for name, param in PARAMS.items()})

    @property
    def items(self) -> list[tuple[str, str]]:
        """The filters as query items (the empty ones left out)."""
        return [(param, getattr(self, name)) for name, param in PARAMS.items() if getattr(self, name)]

    @property
    def any(self) -> bool:
        return bool(self.items)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class LostList:
    """One page of the narrowed list, and the choices of each filter (with how many of
    the unit's losing dossiers each has)."""

    page: Page
    total: int  # after the filters
    all_total: int  # before them
    rows: list[dict[str, Any]]
    chosen: LostFilter
    officials: list[Choice]
    procedures: list[Choice]
    reasons: list[Choice] = field(default_factory=list)
    # The list is too long to work out its reasons: narrow it first.
    reasons_deferred: bool = False


@dataclass(frozen=True)
class _Narrowed:
    found: selectors.Losing
    ids: list[int]
    chosen: LostFilter
    officials: list[Choice]
    procedures: list[Choice]
    reasons: list[Choice]
    reasons_deferred: bool
    # Dossier code → its explanation, for every dossier of the list when the reasons were
    # worked out (None when deferred): the rows reuse it rather than explain them again.
    explained: Mapping[str, DossierResult] | None


def _in_batches(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _BATCH * 10):
        yield list(ids[start:start + _BATCH * 10])


def _records(ids: Sequence[int]) -> dict[int, tuple[str, str, str, str, str]]:
    """id → (code, procedure code, procedure name, official code, official name)."""
    found: dict[int, tuple[str, str, str, str, str]] = {}
    for batch in _in_batches(ids):
        for row in Dossier.objects.filter(id__in=batch).values_list(
                "id", "code", "procedure__code", "procedure__name", "received_by__code",
                "received_by__full_name"):
            found[row[0]] = (row[1], row[2], row[3], row[4] or "", row[5] or "")
    return found


def _reasons(found: selectors.Losing, explained: Mapping[str, DossierResult]) -> dict[str, list[tuple[str, str]]]:
    """Dossier code → the rules (key, words) that cost it the indicator's points."""
    reasons: dict[str, list[tuple[str, str]]] = {}
    for code, result in explained.items():
        point = result.indicators.get(found.spec.code)
        reasons[code] = [(x.rule, x.words) for x in point.lost] if point else []
    return reasons


def _choices(counts: Counter[tuple[str, str]]) -> list[Choice]:
    return [Choice(value, label, n) for (value, label), n in
            sorted(counts.items(), key=lambda item: (item[0][1].lower(), item[0][0])) if value]


def _narrow(key: Key, unit: Unit, code: str, chosen: LostFilter) -> _Narrowed | None:
    found = selectors.losing_on_indicator(key, unit, code)
    if found is None:
        return None
    order = [int(x) for x in found.losing]
    records = _records(order)
    order = [x for x in order if x in records]  # deleted since the run: nothing to show
    officials = Counter((records[x][3], f"{records[x][4]} ({records[x][3]})") for x in order)
    procedures = Counter((records[x][1], f"{records[x][1]}: {records[x][2]}") for x in order)
    ids = [x for x in order
           if chosen.official in ("", records[x][3]) and chosen.procedure in ("", records[x][1])]
    reasons: Counter[tuple[str, str]] = Counter()
    deferred = len(ids) > REASON_LIMIT
    explained = None
    if not deferred:
        # One call for the whole list (at most REASON_LIMIT): its queries do not grow with it.
        explained = selectors.explain_dossiers(found.run, [records[x][0] for x in ids])
        by_code = _reasons(found, explained)
        for x in ids:
            reasons.update(set(by_code.get(records[x][0], [])))
        if chosen.reason:
            ids = [x for x in ids if chosen.reason in {r for r, _w in by_code.get(records[x][0], [])}]
    elif chosen.reason:
        chosen = LostFilter(chosen.official, chosen.procedure, "")  # not worked out: not applied
    return _Narrowed(found, ids, chosen, _choices(officials), _choices(procedures),
                     _choices(reasons), deferred, explained)


def lost_list(key: Key, unit: Unit, code: str, chosen: LostFilter, page: Any = 1) -> LostList | None:
    """One page of the unit's dossiers that lost points on `code`, narrowed by `chosen`
    (None: no run, or the indicator is not scored dossier by dossier)."""
    narrowed = _narrow(key, unit, code, chosen)
    if narrowed is None:
        return None
    current = Paginator(narrowed.ids, selectors.PER_PAGE, allow_empty_first_page=True).get_page(page)
    return LostList(current, len(narrowed.ids), len(narrowed.found.losing),
                    narrowed.found.dossier_rows(list(current.object_list), narrowed.explained), narrowed.chosen,
                    narrowed.officials, narrowed.procedures, narrowed.reasons, narrowed.reasons_deferred)


def _day(value: Any) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


HEADERS = ("STT", "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc",
           "Cán bộ tiếp nhận", "Mã cán bộ", "Điểm", "Điểm tối đa", "Lý do", "Giải thích")


def lost_xlsx(key: Key, unit: Unit, code: str, chosen: LostFilter, *, title: str) -> bytes | None:
    """The narrowed list (up to `EXPORT_LIMIT` dossiers) as a workbook: one row per
    dossier, its stored points, the reasons and the evidence. Every text is a text cell
    (`tthc.cells`): names and procedures are typed by others."""
    narrowed = _narrow(key, unit, code, chosen)
    if narrowed is None:
        return None
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hồ sơ bị trừ điểm")
    for column, width in zip("ABCDEFGHIJKLM", (7, 24, 16, 40, 14, 14, 14, 24, 12, 8, 10, 40, 60), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append(write_only_row(sheet, [title]))
    sheet.append(write_only_row(sheet, [f"{fmt_int(len(narrowed.ids))} hồ sơ"
                                        + (f" (lọc từ {fmt_int(len(narrowed.found.losing))})"
                                           if narrowed.chosen.any else "")]))
    sheet.append(list(HEADERS))
    ids = narrowed.ids[:EXPORT_LIMIT]
    number = 0
    for start in range(0, len(ids), _BATCH):
        for row in narrowed.found.dossier_rows(ids[start:start + _BATCH], narrowed.explained):
            number += 1
            point = row["indicators"][0]
            sheet.append(write_only_row(sheet, [
                number, row["code"], row["procedure__code"], row["procedure__name"],
                _day(row["received_at"]), _day(row["due_at"]), _day(row["finished_at"]),
                row["received_by__full_name"] or "", row["received_by__code"] or "",
                point["points"], point["max"], "; ".join(point["reasons"]),
                "\n".join(point["evidence"]),
            ]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
