"""Storing the portal's published index figures (`tthc import portal-index`, the upload
page): one service both call (interchange §6, methodology-qd766 §5).

Each file is one answer, stored whole or not at all. The same answer imported again
for the same period changes nothing; a different answer of the same group and period
becomes the current one and the older stays as history. Every unit of the answer is
matched to one of ours — by `departmentCode` against a unit's code or `portal_code`,
then by name — and every one left unmatched is listed, with how to map it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from tthc.engine.periods import Period, PeriodError
from tthc.importers.models import (
    ImportIssue,
    ImportOutcome,
    ImportRun,
    IssueSeverity,
    MatchedBy,
    PublishedAnswer,
    PublishedMetric,
    PublishedUnit,
)
from tthc.importers.portal_config import fold
from tthc.importers.portal_index import AnswerProblem, ParsedAnswer, PublishedUnitRow, name_key, read_answer
from tthc.organisation.models import Unit

RUN_KIND = "portal-index"
MAX_FILES = 6  # one answer per group


class PortalIndexUsageError(ValueError):
    """The call itself is wrong (the period, no file): the CLI's exit status 2."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en


@dataclass(frozen=True, slots=True)
class Unmatched:
    code: str
    name: str
    why_vi: str

    @property
    def hint_vi(self) -> str:
        if self.code:
            return (f"đặt mã trên Cổng (portal_code) của đơn vị tương ứng là {self.code} (Trang quản trị"
                    " › Đơn vị, hoặc cột portal_code của tệp units), rồi nhập lại tệp")
        return ("Cổng không cho mã đơn vị: sửa tên đơn vị cho khớp với tên trên Cổng (bỏ qua hậu tố"
                " \" - Tỉnh …\"), rồi nhập lại tệp")


@dataclass(slots=True)
class FileResult:
    source: str
    answer: str = ""
    group: str = ""
    outcome: str = ImportOutcome.FAILED
    units: int = 0
    metrics: int = 0
    unmatched: list[Unmatched] = field(default_factory=list)
    rematched: int = 0  # units of an answer imported before, matched now
    replaced: bool = False  # an older answer of the group and period is kept as history
    unchanged: bool = False
    problem: AnswerProblem | None = None

    def describe_vi(self) -> str:
        if self.problem is not None:
            reason = self.problem.vi
            return f"{reason[:1].upper()}{reason[1:]}. Không lưu gì từ tệp này."
        if self.unchanged:
            again = f"; khớp thêm {self.rematched} đơn vị" if self.rematched else ""
            return (f"Tệp {self.source}: kết quả {self.answer} (nhóm {self.group}) đã được nhập trước đây,"
                    f" không đổi{again}.")
        older = " Bản nhập trước của nhóm trong kỳ được giữ làm lịch sử." if self.replaced else ""
        return (f"Tệp {self.source}: đã lưu kết quả {self.answer} (nhóm {self.group}): {self.units} đơn vị,"
                f" {self.metrics} chỉ số.{older}")


@dataclass(slots=True)
class PortalIndexReport:
    period: str
    files: list[FileResult]

    @property
    def unmatched(self) -> list[Unmatched]:
        return [unit for result in self.files for unit in result.unmatched]

    @property
    def rejected(self) -> list[FileResult]:
        return [result for result in self.files if result.problem is not None]

    @property
    def ok(self) -> bool:
        """interchange §6: exit 1 when any unit is unmatched or any file refused."""
        return not self.unmatched and not self.rejected


class _Units:
    """Our units by code, portal code and name key, read once per import."""

    def __init__(self) -> None:
        self.by_code: dict[str, int] = {}
        self.by_portal: dict[str, list[int]] = defaultdict(list)
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for pk, code, portal_code, name in Unit.objects.values_list("pk", "code", "portal_code", "name"):
            self.by_code[fold(code)] = pk
            if portal_code:
                self.by_portal[fold(portal_code)].append(pk)
            self.by_name[name_key(name)].append(pk)

    def match(self, code: str, name: str) -> tuple[int | None, str, str]:
        """(unit id, how, why not): a code or a name counts only when one unit has it."""
        if code:
            key = fold(code)
            if key in self.by_code:
                return self.by_code[key], MatchedBy.CODE, ""
            shared = self.by_portal.get(key, [])
            if len(shared) == 1:
                return shared[0], MatchedBy.PORTAL_CODE, ""
            if shared:
                return None, "", f"{len(shared)} đơn vị cùng mã trên Cổng (portal_code) này, không biết là đơn vị nào"
        found = self.by_name.get(name_key(name), []) if name else []
        if len(found) == 1:
            return found[0], MatchedBy.NAME, ""
        if found:
            return None, "", f"{len(found)} đơn vị cùng tên này, không biết là đơn vị nào"
        return None, "", "không có đơn vị nào có mã hoặc tên này"


def _unmatched(row: PublishedUnitRow | PublishedUnit, why: str) -> Unmatched:
    return Unmatched(row.code, row.name, why)


def portal_index_import(*, files: Sequence[tuple[str, bytes]], period: str, actor: str) -> PortalIndexReport:
    """Store each answer (file name, content) as the published figures of `period`."""
    try:
        code = Period.parse(period).code
    except PeriodError as error:
        raise PortalIndexUsageError(str(error), f"invalid period: {period}") from None
    if not files:
        raise PortalIndexUsageError("chưa chọn tệp nào", "no file given")
    if len(files) > MAX_FILES:
        raise PortalIndexUsageError(f"mỗi lần nhập tối đa {MAX_FILES} tệp (mỗi nhóm một tệp)",
                                    f"at most {MAX_FILES} files at once (one per group)")
    units = _Units()
    results, seen = [], set()
    for source, data in files:
        result = FileResult(source)
        try:
            parsed = read_answer(source, data)
            if parsed.answer.name in seen:
                raise AnswerProblem("answer_repeated",
                                    f"tệp {source}: kết quả {parsed.answer.name} đã có trong một tệp khác"
                                    " của lần nhập này",
                                    f"the file {source}: {parsed.answer.name} is in another file of this import")
            seen.add(parsed.answer.name)
        except AnswerProblem as problem:
            result.problem = problem
        else:
            result.answer, result.group = parsed.answer.name, parsed.answer.group
            try:
                _store(parsed, result, period=code, actor=actor, units=units)
            except IntegrityError:
                # Another import stored an answer of this group and period meanwhile
                # (the constraints allow one current, each answer once): store again
                # over what it left, as if this import had come second.
                result.unmatched.clear()
                _store(parsed, result, period=code, actor=actor, units=units)
        _log(result)
        results.append(result)
    return PortalIndexReport(code, results)


@transaction.atomic
def _store(parsed: ParsedAnswer, result: FileResult, *, period: str, actor: str, units: _Units) -> None:
    answer = parsed.answer
    same = PublishedAnswer.objects.select_for_update().filter(
        period=period, answer=answer.name, digest=parsed.digest).first()
    if same is not None:
        result.unchanged = True
        _rematch(same, result, units)
        return
    current = PublishedAnswer.objects.select_for_update().filter(
        period=period, answer=answer.name, current=True)
    result.replaced = current.update(current=False) > 0
    stored = PublishedAnswer.objects.create(
        period=period, answer=answer.name, group=answer.group, source=result.source[:1000],
        digest=parsed.digest, raw=parsed.raw, actor=actor[:150])
    rows, metrics = [], []
    for position, row in enumerate(parsed.units):
        unit_id, how, why = (None, "", "") if row.overview else units.match(row.code, row.name)
        if not row.overview and unit_id is None:
            result.unmatched.append(_unmatched(row, why))
        rows.append(PublishedUnit(
            answer=stored, position=position, where=row.where, overview=row.overview, unit_id=unit_id,
            matched_by=how, code=row.code, name=row.name, portal_id=row.portal_id, level=row.level,
            total_score=row.total_score, total_max_score=row.total_max_score, ratio=row.ratio,
            score_delta=row.score_delta, raw=row.raw))
    # bulk_create sets the primary keys on both databases (SQLite ≥ 3.35, PostgreSQL).
    PublishedUnit.objects.bulk_create(rows)
    for stored_unit, row in zip(rows, parsed.units, strict=True):
        metrics += [PublishedMetric(
            unit=stored_unit, code=m.code, name=m.name, numerator=m.numerator, denominator=m.denominator,
            ratio=m.ratio, score=m.score, max_score=m.max_score, quality_status=m.quality_status,
            quality_message=m.quality_message, raw=m.raw) for m in row.metrics]
    PublishedMetric.objects.bulk_create(metrics, batch_size=1000)
    result.units = sum(not row.overview for row in parsed.units)
    result.metrics = sum(len(row.metrics) for row in parsed.units if not row.overview)
    result.outcome = ImportOutcome.IMPORTED


def _rematch(stored: PublishedAnswer, result: FileResult, units: _Units) -> None:
    """The same answer again: nothing of it changes, but a unit mapped since (its
    `portal_code` set) is matched now — importing again is how a mapping takes effect."""
    rows = list(stored.units.filter(overview=False))
    result.units = len(rows)
    result.metrics = PublishedMetric.objects.filter(unit__answer=stored, unit__overview=False).count()
    for row in rows:
        if row.unit_id is not None:
            continue
        unit_id, how, why = units.match(row.code, row.name)
        if unit_id is None:
            result.unmatched.append(_unmatched(row, why))
            continue
        row.unit_id, row.matched_by = unit_id, how
        row.save(update_fields=["unit", "matched_by"])
        result.rematched += 1
    result.outcome = ImportOutcome.IMPORTED


def _log(result: FileResult) -> None:
    """Each file's import in the import log, a refused file with its reason."""
    run = ImportRun.objects.create(
        kind=RUN_KIND, source=result.source[:1000], finished_at=timezone.now(), outcome=result.outcome,
        read=result.units, created=0 if result.unchanged else result.units,
        unchanged=result.units if result.unchanged else 0, warnings=len(result.unmatched))
    issues = [ImportIssue(run=run, severity=IssueSeverity.ERROR, source=result.source[:1000],
                          field=result.problem.field[:64], code=result.problem.code,
                          message_vi=result.problem.vi, message_en=result.problem.en)] if result.problem else []
    # An unmatched unit's figures are stored (unit unknown): listed, not rejected.
    issues += [ImportIssue(run=run, severity=IssueSeverity.WARNING, source=result.source[:1000],
                           field="departmentCode" if unit.code else "departmentName", code="unit_unmatched",
                           record_kind=RUN_KIND, record_key=(unit.code or unit.name)[:255],
                           message_vi=f"đơn vị {unit.code or '—'} «{unit.name}» chưa khớp: {unit.why_vi}",
                           message_en=f"unit {unit.code or '—'} \"{unit.name}\" unmatched")
               for unit in result.unmatched]
    ImportIssue.objects.bulk_create(issues)
