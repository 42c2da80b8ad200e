"""The portal's published index figures (methodology-qd766 §5), read as the portal
serves them: one JSON answer per group, in shape A or B.

An answer is small (a province's units, a few metrics each) and all or nothing: a file
that is not one group's well-formed answer — cut short, another group's, a `code` other
than "OK", a count that is not a count — is refused whole, naming the file and the
field, and nothing of it is stored. What is read is kept as the portal gave it: `null`
stays apart from 0, unknown keys stay in `raw`, data-quality flags are kept.
The JSON limits are those of every importer (`json_files`: depth, repeated keys, huge
integers); the file size and the number of units and metrics are bounded here.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from typing import Any

from tthc.engine.dossier import fmt_int
from tthc.engine.rules import load_methodology
from tthc.importers.json_files import MAX_DEPTH, ObjectDecoder, deep_key
from tthc.importers.portal_config import fold
from tthc.methods.qd766.portal import ANSWERS, SHAPE_A, Answer

# A province's answer is well under a megabyte; sixteen is room for the largest
# province with every key the portal may add, and far from what would strain memory.
MAX_ANSWER_BYTES = 16 * 2**20
MAX_UNITS = 5000  # units in one answer (a province has a few hundred)
MAX_METRICS = 100  # metrics of one unit in one answer (a group has at most seven)
MAX_TEXT = 500  # a unit's or metric's name, code or flag
# Stored figures keep 6 decimals (the portal publishes 2); `raw` keeps the exact value.
_PLACES = Decimal("0.000001")
_LARGEST = Decimal(10) ** 12
# What no database column or JSON value can hold (PostgreSQL refuses NUL in jsonb).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_ESCAPED_UNSTORABLE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")
# "Sở Tư pháp - Tỉnh Điện Biên" is "Sở Tư pháp": the portal appends its province.
_PROVINCE_SUFFIX = re.compile(r"\s+-\s+tỉnh\s.*$")
METHOD = "qd766"


# The decoder's messages, in Vietnamese (the English one is in the English message).
_SYNTAX_VI = (
    ("Expecting value", "thiếu một giá trị"),
    ("Expecting ',' delimiter", "thiếu dấu phẩy"),
    ("Expecting ':' delimiter", "thiếu dấu hai chấm"),
    ("Expecting property name", "tên khóa phải đặt trong dấu ngoặc kép"),
    ("Extra data", "còn dữ liệu sau khi đối tượng JSON đã kết thúc"),
    ("Invalid control character", "có ký tự điều khiển trong một chuỗi"),
    ("Invalid \\escape", "có chuỗi thoát (\\) không hợp lệ"),
)


class AnswerProblem(Exception):
    """The file is not one well-formed answer: nothing of it is stored."""

    def __init__(self, code: str, vi: str, en: str, field: str = "") -> None:
        super().__init__(en)
        self.code = code
        self.vi = vi
        self.en = en
        self.field = field


@dataclass(slots=True)
class PublishedMetricRow:
    code: str
    name: str
    numerator: int | None
    denominator: int | None
    ratio: Decimal | None
    score: Decimal | None
    max_score: Decimal | None
    quality_status: str | None
    quality_message: str | None
    raw: dict[str, Any]


@dataclass(slots=True)
class PublishedUnitRow:
    where: str  # its place in the answer, e.g. data.evaluation[3]
    overview: bool  # the province as a whole (overview, parent), not one of its units
    code: str  # departmentCode; "" when the answer gives none (shape A may omit it)
    name: str
    portal_id: str
    level: str
    total_score: Decimal | None
    total_max_score: Decimal | None
    ratio: Decimal | None
    score_delta: Decimal | None
    raw: dict[str, Any]  # the unit's keys, its metrics and children left out
    metrics: list[PublishedMetricRow] = field(default_factory=list)


@dataclass(slots=True)
class ParsedAnswer:
    answer: Answer
    units: list[PublishedUnitRow]  # the overview first, when there is one
    raw: dict[str, Any]
    digest: str  # of the decoded answer, so that a reformatted copy is the same answer


def name_key(name: str) -> str:
    """A unit's name as names are compared: NFC, case-folded, the province suffix
    " - Tỉnh …" dropped."""
    return _PROVINCE_SUFFIX.sub("", fold(name)).strip()


def answer_named(filename: str) -> Answer:
    """The answer a file's name says it holds: the portal's own name of the answer
    (transparency, dvc-progress-tree, …) is part of the name it is saved under."""
    lowered = filename.lower()
    found = [answer for name, answer in ANSWERS.items() if name in lowered]
    if len(found) == 1:
        return found[0]
    names = ", ".join(ANSWERS)
    if found:
        both = ", ".join(a.name for a in found)
        raise AnswerProblem("answer_name_ambiguous",
                            f"tên tệp {filename} chứa tên của nhiều nhóm ({both}); đặt lại tên tệp"
                            " theo đúng một nhóm",
                            f"the file name {filename} names several groups ({both})")
    raise AnswerProblem("answer_name_unknown",
                        f"tên tệp {filename} không cho biết đây là nhóm nào: tên tệp phải chứa"
                        f" tên kết quả trả về của Cổng (một trong: {names})",
                        f"the file name {filename} names no group (use one of: {names})")


class _Constant(ValueError):
    """A JSON constant the portal never sends (NaN, Infinity): the answer is refused."""


def _constant(name: str) -> Any:
    raise _Constant(name)


def _decode(data: bytes, filename: str) -> dict[str, Any]:
    if len(data) > MAX_ANSWER_BYTES:
        raise AnswerProblem("file_too_large",
                            f"tệp {filename} lớn quá {MAX_ANSWER_BYTES // 2**20} MiB",
                            f"the file {filename} is larger than {MAX_ANSWER_BYTES // 2**20} MiB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AnswerProblem("invalid_utf8",
                            f"tệp {filename} không phải văn bản UTF-8 (byte thứ {fmt_int(error.start + 1)})",
                            f"the file {filename} is not UTF-8 text (byte {error.start + 1})") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise AnswerProblem("file_empty", f"tệp {filename} trống", f"the file {filename} is empty")
    deep = deep_key(text)
    if deep is not None:
        raise AnswerProblem("too_deep",
                            f"tệp {filename}: giá trị lồng nhau sâu quá {MAX_DEPTH} cấp",
                            f"the file {filename}: a value nests deeper than {MAX_DEPTH} levels",
                            deep)
    objects = ObjectDecoder(parse_constant=_constant)
    try:
        document = objects.decoder.decode(text)
    except json.JSONDecodeError as error:
        # Cut short (a page saved before it finished loading): the error is at the end,
        # or a string runs to the end unclosed.
        cut = error.pos >= len(text.rstrip()) - 1 or error.msg.startswith("Unterminated string")
        why_vi = "tệp bị cắt cụt (thiếu phần cuối)" if cut else next(
            (vi for en, vi in _SYNTAX_VI if error.msg.startswith(en)), "lỗi cú pháp")
        raise AnswerProblem("file_not_json",
                            f"tệp {filename} không phải JSON hợp lệ (dòng {fmt_int(error.lineno)},"
                            f" cột {fmt_int(error.colno)}): {why_vi}",
                            f"the file {filename} is not valid JSON (line {error.lineno},"
                            f" column {error.colno}): {error.msg}") from None
    except _Constant as error:
        raise AnswerProblem("invalid_number", f"tệp {filename} chứa {error} (không phải một số)",
                            f"the file {filename} holds {error} (not a number)") from None
    except (ValueError, RecursionError):
        raise AnswerProblem("invalid_number", f"tệp {filename} chứa một số nguyên quá dài",
                            f"the file {filename} holds an integer too long") from None
    repeated = objects.problem()
    if repeated is not None:
        raise AnswerProblem(repeated.code, f"tệp {filename}: {repeated.vi}",
                            f"the file {filename}: {repeated.en}", repeated.field)
    if not isinstance(document, dict):
        raise AnswerProblem("wrong_shape", f"tệp {filename} không phải một đối tượng JSON",
                            f"the file {filename} is not a JSON object")
    # JSON can carry NUL or a surrogate only escaped: without such an escape in the text,
    # nothing decoded holds one, and the walk is skipped.
    bad = _unstorable(document, "") if _ESCAPED_UNSTORABLE.search(text) else None
    if bad is not None:
        raise AnswerProblem("invalid_text",
                            f"tệp {filename}, trường {bad}: chứa ký tự NUL hoặc byte không hợp lệ",
                            f"the file {filename}, field {bad}: holds NUL or invalid bytes", bad)
    return document


def _unstorable(value: Any, where: str) -> str | None:
    """The first place holding text no database can store (the depth is bounded)."""
    if isinstance(value, str):
        return where if _UNSTORABLE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{where}.{key}" if where else key
            if _UNSTORABLE.search(key) or (found := _unstorable(item, inner)) is not None:
                return inner if _UNSTORABLE.search(key) else found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if (found := _unstorable(item, f"{where}[{index}]")) is not None:
                return found
    return None


class _Reading:
    """The checks of one answer's values, each naming the file and the field."""

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def fail(self, where: str, vi: str, en: str, code: str = "invalid_value") -> AnswerProblem:
        return AnswerProblem(code, f"tệp {self.filename}, trường {where}: {vi}",
                             f"the file {self.filename}, field {where}: {en}", where)

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "phải là một đối tượng JSON", "must be a JSON object", "wrong_shape")
        return value

    def items(self, value: Any, where: str, bound: int) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, "phải là một mảng JSON", "must be a JSON array", "wrong_shape")
        if len(value) > bound:
            raise self.fail(where, f"có quá {fmt_int(bound)} phần tử", f"holds more than {bound} elements",
                            "too_many")
        return value

    def count(self, record: Mapping[str, Any], key: str, where: str) -> int | None:
        value = record.get(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(f"{where}.{key}", f"phải là số nguyên không âm hoặc null, không phải {value!r}",
                            f"must be a non-negative integer or null, not {value!r}")
        return value

    def number(self, record: Mapping[str, Any], key: str, where: str) -> Decimal | None:
        value = record.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(f"{where}.{key}", f"phải là một số hoặc null, không phải {value!r}",
                            f"must be a number or null, not {value!r}")
        exact = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        if abs(exact) >= _LARGEST:
            raise self.fail(f"{where}.{key}", "lớn quá mức một số liệu chỉ số", "is too large for an index figure")
        return exact.quantize(_PLACES, rounding=ROUND_HALF_EVEN)

    def text(self, record: Mapping[str, Any], key: str, where: str) -> str | None:
        value = record.get(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # a code the portal sent as a number
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", "phải là một chuỗi ký tự", "must be a string")
        value = unicodedata.normalize("NFC", value).strip()
        if len(value) > MAX_TEXT:
            raise self.fail(f"{where}.{key}", f"dài quá {fmt_int(MAX_TEXT)} ký tự",
                            f"is longer than {MAX_TEXT} characters")
        return value

    def unit(self, record: Any, where: str, *, overview: bool, score: str, max_score: str) -> PublishedUnitRow:
        record = self.obj(record, where)
        code = self.text(record, "departmentCode", where) or ""
        name = self.text(record, "departmentName", where) or ""
        if not overview and not code and not name:
            raise self.fail(where, "đơn vị không có departmentCode lẫn departmentName: không thể khớp với"
                                   " đơn vị nào", "a unit with neither departmentCode nor departmentName",
                            "unit_unnamed")
        return PublishedUnitRow(
            where=where, overview=overview, code=code, name=name,
            portal_id=self.text(record, "departmentId", where) or "",
            level=self.text(record, "departmentLevel", where) or self.text(record, "level", where) or "",
            total_score=self.number(record, score, where) if score in record
            else self.number(record, "totalScore", where),
            total_max_score=self.number(record, max_score, where) if max_score in record
            else self.number(record, "totalMaxScore", where),
            ratio=self.number(record, "ratio", where),
            score_delta=self.number(record, "scoreDelta", where),
            raw={key: value for key, value in record.items() if key not in ("metrics", "children")},
        )

    def metric(self, record: Any, where: str) -> PublishedMetricRow:
        record = self.obj(record, where)
        code = self.text(record, "code", where)
        if not code:
            raise self.fail(f"{where}.code", "thiếu mã chỉ số", "the metric code is missing", "metric_code_missing")
        return PublishedMetricRow(
            code=code, name=self.text(record, "name", where) or "",
            numerator=self.count(record, "numerator", where),
            denominator=self.count(record, "denominator", where),
            ratio=self.number(record, "ratio", where), score=self.number(record, "score", where),
            max_score=self.number(record, "maxScore", where),
            quality_status=self.text(record, "dataQualityStatus", where),
            quality_message=self.text(record, "dataQualityMessage", where),
            raw=record,
        )


@cache
def _metric_groups() -> dict[str, str | None]:
    """Metric code → group code, as the methodology declares them."""
    return {code: spec.group for code, spec in load_methodology(METHOD).indicators.items()}


def read_answer(filename: str, data: bytes) -> ParsedAnswer:
    """One answer, checked whole; `AnswerProblem` names what is wrong and where."""
    answer = answer_named(filename)
    document = _decode(data, filename)
    reading = _Reading(filename)
    if document.get("code") != "OK":
        shown = json.dumps(document.get("code"), ensure_ascii=False)[:60]
        raise reading.fail("code", f"Cổng trả về mã {shown}, không phải \"OK\": đây không phải kết quả hợp lệ",
                           f"the portal answered {shown}, not \"OK\"", "answer_not_ok")
    payload = reading.obj(document.get("data"), "data")
    units = (_shape_a if answer.shape == SHAPE_A else _shape_b)(reading, answer, payload)
    _same_group(reading, answer, payload, units)
    _no_repeats(reading, units)
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return ParsedAnswer(answer, units, document, hashlib.sha256(canonical.encode()).hexdigest())


def _wrong_shape(reading: _Reading, answer: Answer, keys: str) -> AnswerProblem:
    return reading.fail("data", f"không có {keys}: nội dung không phải kết quả {answer.name} (dạng"
                                f" {answer.shape}) như tên tệp cho biết",
                        f"holds no {keys}: not the {answer.name} answer (shape {answer.shape}) the file"
                        " name says", "wrong_shape")


def _shape_a(reading: _Reading, answer: Answer, payload: dict[str, Any]) -> list[PublishedUnitRow]:
    if "evaluation" not in payload:
        raise _wrong_shape(reading, answer, "evaluation")
    found = [] if payload.get("overview") is None else [("data.overview", payload["overview"], True)]
    found += [(f"data.evaluation[{index}]", item, False)
              for index, item in enumerate(reading.items(payload["evaluation"], "data.evaluation", MAX_UNITS))]
    units = []
    for where, record, overview in found:
        unit = reading.unit(record, where, overview=overview, score="totalScore", max_score="totalMaxScore")
        items = reading.items(record.get("metrics"), f"{where}.metrics", MAX_METRICS)
        unit.metrics = [reading.metric(item, f"{where}.metrics[{i}]") for i, item in enumerate(items)]
        units.append(unit)
    return units


def _children(reading: _Reading, items: Any, where: str) -> Iterator[tuple[str, Any]]:
    """A tree's units, depth first (the depth is bounded by the JSON limit)."""
    for index, item in enumerate(reading.items(items, where, MAX_UNITS)):
        place = f"{where}[{index}]"
        yield place, item
        if isinstance(item, dict) and item.get("children"):
            yield from _children(reading, item["children"], f"{place}.children")


def _shape_b(reading: _Reading, answer: Answer, payload: dict[str, Any]) -> list[PublishedUnitRow]:
    if "children" not in payload:
        raise _wrong_shape(reading, answer, "children")
    found = []
    if payload.get("parent") is not None:
        found.append(("data.parent", payload["parent"], True))
    found += [(where, item, False) for where, item in _children(reading, payload["children"], "data.children")]
    if len(found) > MAX_UNITS:
        raise reading.fail("data.children", f"có quá {fmt_int(MAX_UNITS)} đơn vị",
                           f"holds more than {MAX_UNITS} units", "too_many")
    units = []
    assert answer.metric is not None
    for where, item, overview in found:
        unit = reading.unit(item, where, overview=overview, score="score", max_score="maxScore")
        record = unit.raw
        numerator = reading.count(record, answer.numerator, where) if answer.numerator else None
        denominator = reading.count(record, answer.denominator, where) if answer.denominator else None
        unit.metrics = [PublishedMetricRow(
            code=answer.metric, name="", numerator=numerator, denominator=denominator,
            ratio=unit.ratio, score=unit.total_score, max_score=unit.total_max_score,
            quality_status=reading.text(record, "dataQualityStatus", where),
            quality_message=reading.text(record, "dataQualityMessage", where), raw=record)]
        units.append(unit)
    return units


def _same_group(reading: _Reading, answer: Answer, payload: dict[str, Any],
                units: list[PublishedUnitRow]) -> None:
    """A file saved under one group's name whose content is another group's is refused:
    its figures would be stored as the wrong group's."""
    if answer.shape == SHAPE_A:
        groups = _metric_groups()
        for unit in units:
            for index, metric in enumerate(unit.metrics):
                group = groups.get(metric.code)
                if group is not None and group != answer.group:
                    where = f"{unit.where}.metrics[{index}].code"
                    raise reading.fail(where, f"chỉ số {metric.code} thuộc nhóm {group}, không thuộc nhóm"
                                              f" {answer.group} mà tên tệp ({answer.name}) cho biết",
                                       f"the metric {metric.code} belongs to {group}, not to {answer.group}"
                                       f" as the file name ({answer.name}) says", "wrong_group")
        return
    keys = {key for unit in units for key in unit.raw}
    if keys & set(answer.signature):
        return
    for other in ANSWERS.values():
        if other is not answer and keys & set(other.signature):
            raise reading.fail("data", f"nội dung là kết quả {other.name} (nhóm {other.group}), không phải"
                                       f" {answer.name} (nhóm {answer.group}) như tên tệp cho biết",
                               f"the content is the {other.name} answer ({other.group}), not {answer.name}"
                               f" ({answer.group}) as the file name says", "wrong_group")


def _no_repeats(reading: _Reading, units: list[PublishedUnitRow]) -> None:
    """A unit twice in one answer, or a metric twice in one unit, leaves unclear which
    figure the portal means."""
    seen: dict[str, str] = {}
    for unit in units:
        if unit.overview:
            continue
        key = f"code:{unit.code}" if unit.code else f"name:{name_key(unit.name)}"
        if key in seen:
            raise reading.fail(unit.where, f"đơn vị {unit.code or unit.name} đã có ở {seen[key]}",
                               f"the unit {unit.code or unit.name} is already at {seen[key]}", "duplicate_unit")
        seen[key] = unit.where
        codes: set[str] = set()
        for index, metric in enumerate(unit.metrics):
            if metric.code in codes:
                raise reading.fail(f"{unit.where}.metrics[{index}].code",
                                   f"chỉ số {metric.code} có hai lần trong cùng đơn vị",
                                   f"the metric {metric.code} appears twice in one unit", "duplicate_metric")
            codes.add(metric.code)
