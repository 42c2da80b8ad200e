"""The shape of a run's results, stored with the run: which indicators, their names,
maxima and decimals, each subject's indicators, classes and ranking levels.

Pages, reports and exports read a run's layout, never a methodology file: a run
computed under an older file (or a methodology since uninstalled) reads exactly as it
was computed, like a password hash that keeps its algorithm.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .rules import (
    NOT_ENOUGH_DATA,
    NOT_ENOUGH_DATA_EN,
    NOT_ENOUGH_DATA_VI,
    UNCLASSED,
    UNCLASSED_EN,
    UNCLASSED_VI,
    Band,
    Group,
    Indicator,
    RuleSet,
)


@dataclass(frozen=True, slots=True)
class ClassBand:
    code: str
    label_vi: str
    label_en: str
    describe: str  # the bounds in words, e.g. "Tốt: ≥ 12 và ≤ 15"
    # The bounds themselves, so that a total changed after the run (an appraisal) is
    # classed by the run's own bands; None for "not enough data".
    band: Band | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "label_vi": self.label_vi,
                                "label_en": self.label_en, "describe": self.describe}
        if self.band is not None:
            b = self.band
            data.update(lower=_text(b.lower), lower_inclusive=b.lower_inclusive,
                        upper=_text(b.upper), upper_inclusive=b.upper_inclusive)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClassBand:
        band = None
        if "lower" in data or "upper" in data:
            band = Band(str(data["code"]), data["label_vi"], data.get("label_en", data["code"]),
                        _decimal(data.get("lower")), bool(data.get("lower_inclusive", True)),
                        _decimal(data.get("upper")), bool(data.get("upper_inclusive", False)))
        return cls(str(data["code"]), data["label_vi"], data.get("label_en", data["code"]),
                   data.get("describe", ""), band)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True, slots=True)
class SubjectLayout:
    name: str
    label_vi: str
    label_en: str
    indicators: tuple[Indicator, ...]
    max_total: Decimal
    levels: tuple[str, ...]
    classes: tuple[ClassBand, ...]  # highest first, then "not enough data"

    def class_label(self, code: str) -> str:
        for band in self.classes:
            if band.code == code:
                return band.label_vi
        return code

    @property
    def bands(self) -> tuple[Band, ...]:
        """The class bands on the total, highest first (for classify)."""
        return tuple(c.band for c in self.classes if c.band is not None)


@dataclass(frozen=True, slots=True)
class Layout:
    method: str
    title_vi: str
    indicators: tuple[Indicator, ...]
    subjects: dict[str, SubjectLayout]
    dossier_columns: tuple[str, ...]  # the columns of stored per-dossier points
    total_decimals: int
    small_sample: int
    # The indicators' groups, and whether indicators carry figures (a run of a
    # methodology without them stores neither).
    groups: tuple[Group, ...] = ()
    figures: bool = False

    @property
    def agency(self) -> SubjectLayout:
        return self.subjects["agency"]

    @classmethod
    def of(cls, rules: RuleSet) -> Layout:
        methodology = rules.methodology
        subjects = {}
        for name, subject in methodology.subjects.items():
            bands = tuple(ClassBand(b.code, b.label_vi, b.label_en, b.describe(), b)
                          for b in rules.bands[name])
            unclassed = (ClassBand(UNCLASSED, UNCLASSED_VI, UNCLASSED_EN, ""),) if methodology.figures else ()
            subjects[name] = SubjectLayout(
                name, subject.label_vi, subject.label_en,
                tuple(methodology.indicators[code] for code in subject.indicators),
                subject.max_total, subject.levels,
                (*bands, *unclassed, ClassBand(NOT_ENOUGH_DATA, NOT_ENOUGH_DATA_VI, NOT_ENOUGH_DATA_EN, "")))
        return cls(methodology.id, methodology.title_vi, tuple(methodology.indicators.values()),
                   subjects, methodology.dossier_indicators, methodology.total_decimals,
                   rules.small_sample, tuple(methodology.groups.values()), methodology.figures)

    def as_json(self) -> dict[str, Any]:
        data = self._core_json()
        if self.groups:
            data["groups"] = [group.as_json() for group in self.groups]
        if self.figures:
            data["figures"] = True
        return data

    def _core_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "title_vi": self.title_vi,
            "indicators": [spec.as_json() for spec in self.indicators],
            "subjects": {
                name: {"label_vi": s.label_vi, "label_en": s.label_en,
                       "indicators": [spec.code for spec in s.indicators],
                       "max_total": str(s.max_total), "levels": list(s.levels),
                       "classes": [b.as_json() for b in s.classes]}
                for name, s in self.subjects.items()
            },
            "dossier_columns": list(self.dossier_columns),
            "total_decimals": self.total_decimals,
            "small_sample": self.small_sample,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Layout:
        indicators = tuple(
            Indicator(code=str(i["code"]), short=i.get("short", str(i["code"])), name_vi=i["name_vi"],
                      name_en=i.get("name_en", i["name_vi"]), per=i["per"], group=i.get("group"),
                      max_points=Decimal(str(i["max"])), decimals=int(i["decimals"]))
            for i in data["indicators"])
        by_code = {spec.code: spec for spec in indicators}
        subjects = {
            name: SubjectLayout(
                name, s["label_vi"], s.get("label_en", s["label_vi"]),
                tuple(by_code[str(code)] for code in s["indicators"]),
                Decimal(str(s["max_total"])), tuple(s.get("levels", ())),
                tuple(ClassBand.from_json(b) for b in s.get("classes", ())))
            for name, s in data["subjects"].items()
        }
        groups = tuple(Group(str(g["code"]), g["name_vi"], g.get("name_en", g["name_vi"]),
                             Decimal(str(g["max"]))) for g in data.get("groups", ()))
        return cls(data["method"], data.get("title_vi", data["method"]), indicators, subjects,
                   tuple(str(c) for c in data["dossier_columns"]), int(data["total_decimals"]),
                   int(data["small_sample"]), groups, bool(data.get("figures", False)))
