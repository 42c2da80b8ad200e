"""What an import did: counts per kind and every rejected row or warning."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tthc.importers.models import ImportOutcome, IssueSeverity


@dataclass(slots=True)
class Counts:
    # Records read; each is created, updated, unchanged or rejected.
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0

    def add(self, other: Counts) -> None:
        self.read += other.read
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected += other.rejected
        self.warnings += other.warnings


@dataclass(frozen=True, slots=True)
class Issue:
    """A rejected row (severity error), a stored row's warning, or an unreadable file."""

    severity: str
    source: str
    line: int | None
    field: str
    code: str
    reason_vi: str
    reason_en: str
    record_kind: str = ""
    record_key: str = ""
    dossier_code: str = ""
    # The record's position in a JSON array (1 = the first), where a line may hold many.
    index: int | None = None
    # The worksheet of a workbook; `line` is then the sheet's row number.
    sheet: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == IssueSeverity.ERROR

    @property
    def location(self) -> str:
        name = Path(self.source).name
        if self.sheet:
            name = f"{name}[{self.sheet}]"
        if self.line is None:
            return name
        return f"{name}:{self.line}" + (f"#{self.index}" if self.index is not None else "")

    @property
    def message_vi(self) -> str:
        """The full sentence, e.g. `Dòng 12, trường "due_at": ngày hẹn trả (…) trước …`."""
        parts = []
        if self.sheet:
            parts.append(f"Trang tính \"{self.sheet}\"")
        if self.line is not None:
            parts.append(f"{'dòng' if self.sheet else 'Dòng'} {self.line}")
        if self.index is not None:
            parts.append(f"bản ghi thứ {self.index} của mảng")
        if self.field:
            parts.append(f'trường "{self.field}"')
        prefix = ", ".join(parts) if parts else f"Tệp {Path(self.source).name}"
        return f"{prefix}: {self.reason_vi}."

    @property
    def message_en(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f'Sheet "{self.sheet}"')
        if self.line is not None:
            parts.append(f"{'row' if self.sheet else 'Line'} {self.line}")
        if self.index is not None:
            parts.append(f"record {self.index} of the array")
        if self.field:
            parts.append(f'field "{self.field}"')
        prefix = ", ".join(parts) if parts else f"File {Path(self.source).name}"
        return f"{prefix}: {self.reason_en}."

    def describe(self) -> str:
        """One line for a terminal: `file:line field — reason vi / reason en`."""
        where = f"{self.location} {self.field}".rstrip()
        return f"{where} — {self.reason_vi} / {self.reason_en}"


# What each outcome is called in the list of files, Vietnamese / English.
_OUTCOME_EN = {ImportOutcome.IMPORTED: "imported", ImportOutcome.PARTIAL: "imported, rows rejected",
               ImportOutcome.FAILED: "failed, nothing stored",
               ImportOutcome.NOT_ATTEMPTED: "not attempted", ImportOutcome.RUNNING: "running"}


@dataclass(slots=True)
class FileOutcome:
    """How one file (or one sheet of a workbook) ended, with its counts."""

    source: str
    kind: str
    outcome: ImportOutcome
    counts: Counts = field(default_factory=Counts)
    # Why it failed or was not attempted.
    reason_vi: str = ""
    reason_en: str = ""

    def describe(self) -> str:
        name = Path(self.source.split("#", 1)[0]).name
        sheet = self.source.split("#", 1)[1] if "#" in self.source else ""
        where = f"{name}[{sheet}]" if sheet else name
        c = self.counts
        line = (f"{where}: {self.outcome.label} / {_OUTCOME_EN[self.outcome]}"
                f" — đọc {c.read}, thêm mới {c.created}, cập nhật {c.updated},"
                f" không đổi {c.unchanged}, bị từ chối {c.rejected}")
        if self.reason_vi:
            line += f" — {self.reason_vi} / {self.reason_en}"
        return line


@dataclass
class ImportReport:
    by_kind: dict[str, Counts] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Files that could not be read at all; each is one error issue and stored nothing.
    failed_files: list[str] = field(default_factory=list)
    # Files `tthc import all` did not read because a file of a kind they refer to failed.
    not_attempted: list[str] = field(default_factory=list)
    # Every file of the call in order, with how it ended.
    outcomes: list[FileOutcome] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)

    def counts(self, kind: str) -> Counts:
        return self.by_kind.setdefault(kind, Counts())

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.by_kind.values():
            total.add(counts)
        return total

    @property
    def created(self) -> int:
        return self.total.created

    @property
    def updated(self) -> int:
        return self.total.updated

    @property
    def unchanged(self) -> int:
        return self.total.unchanged

    @property
    def rejected(self) -> int:
        return self.total.rejected

    @property
    def warnings(self) -> int:
        return self.total.warnings

    @property
    def ok(self) -> bool:
        """No row rejected and every file read (the command's exit status 0)."""
        return not self.failed_files and not self.not_attempted and self.rejected == 0

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warning_issues(self) -> list[Issue]:
        return [issue for issue in self.issues if not issue.is_error]

    def summary_vi(self) -> str:
        lines = [f"Đã đọc {len(self.files)} tệp."]
        for kind, c in self.by_kind.items():
            lines.append(
                f"  {kind}: thêm mới {c.created}, cập nhật {c.updated}, không đổi {c.unchanged},"
                f" bị từ chối {c.rejected}, cảnh báo {c.warnings}"
            )
        if self.failed_files:
            lines.append(f"Không đọc được {len(self.failed_files)} tệp: không lưu gì từ các tệp đó.")
        if self.not_attempted:
            lines.append(f"Không nhập {len(self.not_attempted)} tệp vì tệp chúng cần bị lỗi.")
        t = self.total
        lines.append(
            f"Tổng: thêm mới {t.created}, cập nhật {t.updated}, không đổi {t.unchanged},"
            f" bị từ chối {t.rejected}, cảnh báo {t.warnings}."
        )
        return "\n".join(lines)
