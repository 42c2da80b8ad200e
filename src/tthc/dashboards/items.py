"""Reads for the drill-down of a figure counted over petitions or procedures (the
national index's late petitions, procedures with no dossier paid online…): the items
that did not count, each with the rule that kept it out, one page of each list.

The methodology says which items and why (``engine.method.explain_items``); this reads
the records it needs — the unit's petitions, its catalogue, its dossiers' stored points
in the current run — under the run's rules and reference time, and puts the items in
pages. Nothing here knows an indicator. The lists are computed from today's records: a
count that no longer matches the run's stored figure is said to differ.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils.text import slugify

from tthc.catalogue.models import Procedure, UnitProcedure
from tthc.dossiers.models import Dossier
from tthc.engine.aggregate import RECORDS
from tthc.engine.dossier import fmt_date, fmt_int
from tthc.engine.items import Fact, ItemSection
from tthc.engine.method import PeriodInputs, StoredDossier, explain_items
from tthc.evaluation.services import Key
from tthc.organisation.models import Unit
from tthc.scoring import loaders, packing
from tthc.scoring.selectors import current_run, layout_of

from .selectors import PER_PAGE, _unit_points, run_context

PAGE_PARAM = "trang"


@dataclass(frozen=True)
class ItemsPage:
    """One list of a drill-down: the methodology's section, one page of its items."""

    part: str  # "" the indicator's own ratio, else the stored sub-ratio's name
    title: str
    order: str
    columns: tuple[str, ...]
    numerator: int
    denominator: int
    missed: int  # denominator − numerator: the items listed
    # The run's stored figure when today's records count otherwise (None: they agree).
    stored: tuple[int, int] | None
    page: Page
    rows: list[dict[str, Any]]
    param: str  # the query parameter of its pages


def _cell(value: Fact) -> dict[str, Any]:
    """A fact as the page writes it: dates d/m/Y, counts grouped the Vietnamese way."""
    if value is None:
        return {"text": "—", "number": False}
    if isinstance(value, date):
        return {"text": fmt_date(value), "number": False}
    if isinstance(value, int):
        return {"text": fmt_int(value), "number": True}
    return {"text": value, "number": False}


def _stored_pair(figure: Mapping[str, Any], part: str) -> tuple[int, int] | None:
    if not part:
        n, d = figure.get("n"), figure.get("d")
        return (int(n), int(d)) if n is not None and d is not None else None
    return next(((int(p[1]), int(p[2])) for p in figure.get("parts", ()) if len(p) == 3 and p[0] == part), None)


def _param(section: ItemSection, with_dossiers: bool) -> str:
    """`trang` for the page's only list; `trang-<part>` beside a list of dossiers (which
    keeps `trang`) or beside other parts."""
    if not section.part and not with_dossiers:
        return PAGE_PARAM
    return f"{PAGE_PARAM}-{slugify(section.part) or 'muc'}"


def _figure(results: Mapping[str, Any], unit: Unit, code: str) -> Mapping[str, Any] | None:
    """The unit's stored figure of indicator `code` in the period's results."""
    row = next((r for lv in results["levels"] for r in lv["agencies"] if r["code"] == unit.code), None)
    found: Mapping[str, Any] | None = ((row or {}).get("figures") or {}).get(code)
    return found


def items_behind(key: Key, unit: Unit, code: str, results: Mapping[str, Any], pages: Mapping[str, Any],
                 *, with_dossiers: bool) -> list[ItemsPage] | None:
    """The petitions or procedures of `unit` that did not count for indicator `code` in
    the period's current run (whose `results` the page shows), a page of each list
    (`pages`: the request's query), or None when the methodology lists none for it or
    the unit's figure does not come from the records. `with_dossiers`: the page also
    lists dossiers (under `trang`)."""
    figure = _figure(results, unit, code)
    if figure is None or figure.get("source") != RECORDS:  # a run without figures reads nothing more
        return None
    run = current_run(period=key.period, method=key.method, profile=key.profile)
    if run is None:
        return None
    ctx = run_context(run, UnitProcedure.objects.filter(unit=unit))
    assert ctx.period is not None
    # The unit's own petitions and catalogue: what `explain_items` promises to need.
    inputs = PeriodInputs(period=ctx.period, ctx=ctx, units=(), officials=(),
                          petitions=loaders.load_petitions(Q(unit=unit)))
    sections = explain_items(inputs, unit.code, code, _stored_dossiers(run, unit))
    if sections is None:
        return None
    found = []
    for section in sections:
        param = _param(section, with_dossiers)
        page = Paginator(section.items, PER_PAGE, allow_empty_first_page=True).get_page(pages.get(param, 1))
        stored = _stored_pair(figure, section.part)
        found.append(ItemsPage(
            section.part, section.title_vi, section.order_vi, section.columns, section.numerator, section.denominator,
            section.denominator - section.numerator,
            stored if stored != (section.numerator, section.denominator) else None, page,
            [{"code": item.code, "cells": [_cell(v) for v in item.facts], "reasons": [x.words for x in item.lost]}
             for item in page.object_list], param))
    return found


def _stored_dossiers(run: Any, unit: Unit) -> Iterator[StoredDossier]:
    """The unit's dossiers in the run: (procedure code, stored points, how many), those
    alike together (a few rows per procedure instead of one per dossier), read only when
    the methodology iterates them (its procedure-level ratios)."""
    columns = layout_of(run).dossier_columns
    ids, matrix = _unit_points(run, [unit.pk])
    pairs = np.array(list(Dossier.objects.filter(unit=unit).values_list("id", "procedure_id")),
                     dtype=np.int64).reshape(-1, 2)
    pairs = pairs[np.argsort(pairs[:, 0])]
    position = np.searchsorted(pairs[:, 0], ids)
    found = position < len(pairs)
    found[found] = pairs[position[found], 0] == ids[found]  # else deleted since the run
    if not found.any():
        return
    rows = np.column_stack([pairs[position[found], 1], matrix[found].astype(np.int64)])
    alike, counts = np.unique(rows, axis=0, return_counts=True)
    code_of = dict(Procedure.objects.filter(pk__in=alike[:, 0].tolist()).values_list("pk", "code"))
    for row, count in zip(alike.tolist(), counts.tolist(), strict=True):
        yield code_of[row[0]], packing.as_dict(np.asarray(row[1:]), columns), int(count)
