"""The nine record kinds of the canonical format (interchange.md §1): columns, keys, rules.

A kind is data, not code: the storage pipeline reads these specifications, so a column
added to the contract is one line here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.db import models

from tthc.catalogue.models import OnlineLevel, Procedure, TimeUnit, UnitProcedure, time_limit_excess
from tthc.dossiers.models import (
    Channel,
    Dossier,
    DossierStatus,
    OnlinePayment,
    Step,
    Supplement,
)
from tthc.importers.fields import (
    Choice,
    Count,
    Day,
    Flag,
    Instant,
    Parser,
    Problem,
    Record,
    Text,
    has_time,
    local_date,
    shown,
)
from tthc.organisation.models import Official, Unit, UnitKind
from tthc.petitions.models import CitizenRating, Petition, PetitionKind
from tthc.ratings.models import DisclosureSeen, Rating, RatingChannel, Satisfaction

# Load order of `tthc import all`: every kind after the kinds it refers to.
ORDER = (
    "units",
    "officials",
    "procedures",
    "unit_procedures",
    "dossiers",
    "steps",
    "supplements",
    "ratings",
    "petitions",
)

# The record a code names, for references between kinds: (vi, en) nouns.
REFERENCED = {
    "unit": ("đơn vị", "unit"),
    "official": ("cán bộ", "official"),
    "procedure": ("thủ tục", "procedure"),
    "dossier": ("hồ sơ", "dossier"),
    "petition": ("phản ánh, kiến nghị", "petition"),
}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    parser: Parser
    vi: str
    en: str
    required: bool = False
    # The kind of record a code refers to ("unit", …); None for a plain value.
    ref: str | None = None
    # The model field written (a ForeignKey's name for a reference).
    model_field: str = ""
    # The ORM path that reads the stored value back in interchange terms.
    path: str = ""
    # Stored when the cell is empty: "" for text columns that are not nullable, the
    # model default for non-nullable choices; None means NULL.
    default: Any = None

    @property
    def target(self) -> str:
        return self.model_field or self.name

    @property
    def lookup(self) -> str:
        return self.path or self.name


def ref(name: str, kind: str, model_field: str, vi: str, en: str, *,
        required: bool = False) -> FieldSpec:
    """A column holding the code of another record (stored as a foreign key)."""
    return FieldSpec(name, Text(64), vi, en, required=required, ref=kind,
                     model_field=model_field, path=f"{model_field}__code")


@dataclass(frozen=True, slots=True)
class NotBefore:
    """An impossible order of two dates in one row: `later` must not precede `earlier`.

    Dates given without a time of day compare as calendar dates, so a dossier received
    at 09:00 and due "2020-01-05" is due the same day, not before it was received.
    """

    later: str
    earlier: str
    # Checked only when these fields parsed: a field that did not has its own problem.
    fields: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", (self.later, self.earlier))

    def check(self, spec: KindSpec, values: dict[str, Any], raws: dict[str, Any]
              ) -> Problem | None:
        late, early = values.get(self.later), values.get(self.earlier)
        if late is None or early is None:
            return None
        if isinstance(late, datetime) and isinstance(early, datetime):
            if has_time(raws.get(self.later)) and has_time(raws.get(self.earlier)):
                wrong = late < early
            else:
                wrong = local_date(late) < local_date(early)
        else:
            assert isinstance(late, date) and isinstance(early, date)
            wrong = late < early
        if not wrong:
            return None
        a, b = spec.field(self.later), spec.field(self.earlier)
        la, le = shown(raws.get(self.later)), shown(raws.get(self.earlier))
        return Problem(
            "date_order", self.later,
            f"{a.vi} ({la}) trước {b.vi} ({le})",
            f"{a.en} ({la}) is before {b.en} ({le})",
        )


@dataclass(frozen=True, slots=True)
class TimeLimitBound:
    """A procedure's time limit is at most `TIME_LIMIT_MAX` of its time unit (working
    days when the row does not give one, as a new procedure would get); the bound and
    its message are the catalogue's, which the admin checks too."""

    fields = ("time_limit", "time_unit")

    def check(self, spec: KindSpec, values: dict[str, Any], raws: dict[str, Any]
              ) -> Problem | None:
        unit = values.get("time_unit") or spec.field("time_unit").default
        too_long = time_limit_excess(values.get("time_limit"), unit)
        return None if too_long is None else Problem("time_limit_too_long", "time_limit", *too_long)


RowRule = NotBefore | TimeLimitBound


@dataclass(frozen=True)
class KindSpec:
    name: str
    object_type: str  # singular, for the audit log
    model: type[models.Model]
    key: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    # Rules about several fields of one row (impossible dates, bounded values).
    row_rules: tuple[RowRule, ...] = ()
    # JSON Lines arrays holding records of child kinds (a dossier's steps, supplements).
    nested: tuple[str, ...] = ()
    by_name: dict[str, FieldSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})

    def field(self, name: str) -> FieldSpec:
        return self.by_name[name]

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required or f.name in self.key)


# Choice tables are built from the models' own enumerations, so the two cannot drift.
_CHANNEL = Choice(Channel)
# Legacy levels of the 2011–2022 scale: 1 and 2 were information only, 3 partial, 4 full.
_ONLINE = Choice(OnlineLevel, {"1": "none", "2": "none", "3": "partial", "4": "full"})

UNITS = KindSpec(
    "units", "unit", Unit, ("code",),
    (
        FieldSpec("code", Text(64), "mã đơn vị", "unit code", required=True),
        FieldSpec("name", Text(255), "tên đơn vị", "unit name", required=True),
        FieldSpec("kind", Choice(UnitKind), "loại đơn vị", "unit kind", required=True),
        ref("parent_code", "unit", "parent", "mã đơn vị cấp trên", "parent unit code"),
        FieldSpec("valid_from", Day(), "ngày bắt đầu hiệu lực", "valid-from date"),
        FieldSpec("valid_to", Day(), "ngày hết hiệu lực", "valid-to date"),
        # The unit that took this one over when it ended (a merger): trends follow it.
        ref("successor_code", "unit", "successor", "mã đơn vị kế nhiệm", "successor unit code"),
        FieldSpec("portal_code", Text(64), "mã đơn vị trên Cổng DVC quốc gia",
                  "unit code on the national portal", default=""),
    ),
    row_rules=(NotBefore("valid_to", "valid_from"),),
)

OFFICIALS = KindSpec(
    "officials", "official", Official, ("code",),
    (
        FieldSpec("code", Text(64), "mã cán bộ", "official code", required=True),
        FieldSpec("full_name", Text(255), "họ và tên", "full name", required=True),
        ref("unit_code", "unit", "unit", "mã đơn vị", "unit code", required=True),
        FieldSpec("position", Text(255), "chức vụ", "position", default=""),
    ),
)

PROCEDURES = KindSpec(
    "procedures", "procedure", Procedure, ("code",),
    (
        FieldSpec("code", Text(64), "mã TTHC", "procedure code", required=True),
        FieldSpec("name", Text(1000), "tên thủ tục", "procedure name", required=True),
        FieldSpec("field", Text(255), "lĩnh vực", "field", default=""),
        FieldSpec("time_limit", Count(), "thời hạn giải quyết", "time limit"),
        FieldSpec("time_unit", Choice(TimeUnit), "đơn vị thời hạn", "time unit",
                  default=TimeUnit.WORKING_DAYS.value),
        FieldSpec("online_level", _ONLINE, "mức độ trực tuyến", "online level",
                  default=OnlineLevel.NONE.value),
        FieldSpec("desk_exempt", Flag(), "không thực hiện qua Bộ phận Một cửa",
                  "exempt from the one-stop desk"),
        # Format version 2 (the national index, methodology-qd766 §4): optional columns;
        # a file without them (version 1) leaves the stored values as they are.
        FieldSpec("paper_result_required", Flag(), "kết quả là giấy tờ",
                  "the result is a paper document"),
        FieldSpec("has_fee", Flag(), "có phí, lệ phí", "has a fee or charge"),
        FieldSpec("full_online_eligible", Flag(), "đủ điều kiện trực tuyến toàn trình",
                  "eligible for full-process online service"),
        FieldSpec("citizen_applicants", Flag(), "đối tượng thực hiện có công dân",
                  "applicants include citizens"),
    ),
    row_rules=(TimeLimitBound(),),
)

UNIT_PROCEDURES = KindSpec(
    "unit_procedures", "unit_procedure", UnitProcedure, ("unit_code", "procedure_code"),
    (
        ref("unit_code", "unit", "unit", "mã đơn vị", "unit code", required=True),
        ref("procedure_code", "procedure", "procedure", "mã TTHC", "procedure code",
            required=True),
        FieldSpec("posted_on_site", Flag(), "niêm yết tại trụ sở", "posted at the office"),
        FieldSpec("published_online", Flag(), "công khai điện tử", "published online"),
        FieldSpec("at_desk", Flag(), "tiếp nhận, trả kết quả tại Bộ phận Một cửa",
                  "received and returned at the desk"),
        FieldSpec("decided_at_desk", Flag(), "giải quyết ngay tại Bộ phận Một cửa",
                  "decided at the desk"),
        FieldSpec("valid_from", Day(), "ngày bắt đầu hiệu lực", "valid-from date"),
        FieldSpec("valid_to", Day(), "ngày hết hiệu lực", "valid-to date"),
    ),
    row_rules=(NotBefore("valid_to", "valid_from"),),
)

DOSSIERS = KindSpec(
    "dossiers", "dossier", Dossier, ("code",),
    (
        FieldSpec("code", Text(64), "mã hồ sơ", "dossier code", required=True),
        ref("procedure_code", "procedure", "procedure", "mã TTHC", "procedure code",
            required=True),
        ref("unit_code", "unit", "unit", "mã cơ quan có thẩm quyền", "competent unit code",
            required=True),
        # Empty means the competent unit's own desk (interchange §1).
        ref("desk_code", "unit", "desk", "mã Bộ phận Một cửa tiếp nhận", "receiving desk code"),
        ref("received_by", "official", "received_by", "mã cán bộ tiếp nhận",
            "receiving official code"),
        FieldSpec("channel", _CHANNEL, "kênh nộp hồ sơ", "submission channel"),
        FieldSpec("return_channel", _CHANNEL, "kênh trả kết quả", "return channel"),
        FieldSpec("received_at", Instant(), "ngày tiếp nhận", "date received", required=True),
        FieldSpec("due_at", Instant(), "ngày hẹn trả", "due date"),
        FieldSpec("finished_at", Instant(), "ngày kết thúc xử lý", "processing end date"),
        FieldSpec("returned_at", Instant(), "ngày trả kết quả", "result return date"),
        FieldSpec("status", Choice(DossierStatus), "trạng thái", "status", required=True),
        FieldSpec("agencies_contacted", Count(0, 32767), "số cơ quan phải liên hệ",
                  "agencies contacted"),
        # Format version 2 (methodology-qd766 §4), all optional.
        FieldSpec("synced_at", Instant(), "ngày đồng bộ lên Cổng DVC quốc gia",
                  "date synchronised to the national portal"),
        FieldSpec("result_electronic", Flag(), "có kết quả điện tử", "electronic result issued"),
        FieldSpec("components_digitised", Flag(), "thành phần hồ sơ được số hóa",
                  "components digitised"),
        FieldSpec("reused_data", Flag(), "tái sử dụng dữ liệu đã số hóa",
                  "digitised data reused"),
        FieldSpec("personal_storage", Flag(), "dùng kho dữ liệu cá nhân trên Cổng",
                  "citizen's portal storage used"),
        FieldSpec("vneid_verified", Flag(), "xác thực VNeID / dữ liệu dân cư",
                  "verified with VNeID / population data"),
        FieldSpec("fee_due", Flag(), "có nghĩa vụ tài chính", "financial obligation due"),
        FieldSpec("paid_online", Choice(OnlinePayment), "thanh toán trực tuyến", "paid online"),
    ),
    row_rules=(NotBefore("finished_at", "received_at"), NotBefore("due_at", "received_at")),
    nested=("steps", "supplements"),
)

STEPS = KindSpec(
    "steps", "step", Step, ("dossier_code", "seq"),
    (
        ref("dossier_code", "dossier", "dossier", "mã hồ sơ", "dossier code", required=True),
        FieldSpec("seq", Count(1), "thứ tự bước", "step number", required=True),
        ref("unit_code", "unit", "unit", "mã đơn vị xử lý", "handling unit code",
            required=True),
        ref("official_code", "official", "official", "mã người xử lý",
            "handling official code"),
        FieldSpec("started_at", Instant(), "ngày bắt đầu bước", "step start date"),
        FieldSpec("due_at", Instant(), "hạn xử lý của bước", "step due date"),
        FieldSpec("finished_at", Instant(), "ngày kết thúc bước", "step end date"),
    ),
    row_rules=(NotBefore("finished_at", "started_at"),),
)

SUPPLEMENTS = KindSpec(
    "supplements", "supplement", Supplement, ("dossier_code", "seq"),
    (
        ref("dossier_code", "dossier", "dossier", "mã hồ sơ", "dossier code", required=True),
        FieldSpec("seq", Count(1), "thứ tự yêu cầu", "request number", required=True),
        FieldSpec("requested_at", Instant(), "ngày yêu cầu bổ sung", "date requested"),
        FieldSpec("completed_at", Instant(), "ngày bổ sung xong", "date completed"),
        FieldSpec("applicant_fault", Flag(), "do lỗi của người nộp", "applicant's fault"),
        FieldSpec("new_due_at", Instant(), "ngày hẹn trả mới", "new due date"),
    ),
    row_rules=(NotBefore("completed_at", "requested_at"),),
)

RATINGS = KindSpec(
    "ratings", "rating", Rating, ("dossier_code",),
    (
        ref("dossier_code", "dossier", "dossier", "mã hồ sơ", "dossier code", required=True),
        FieldSpec("channel", Choice(RatingChannel), "kênh đánh giá", "rating channel",
                  required=True),
        FieldSpec("submitted_at", Instant(), "thời điểm đánh giá", "time submitted"),
        FieldSpec("satisfaction", Choice(Satisfaction), "mức độ hài lòng", "satisfaction"),
        FieldSpec("agencies_contacted", Count(0, 32767), "số cơ quan phải liên hệ",
                  "agencies contacted"),
        FieldSpec("disclosure_seen", Choice(DisclosureSeen), "thấy công khai thủ tục",
                  "disclosure seen"),
        FieldSpec("comment", Text(multiline=True), "ý kiến", "comment", default=""),
        FieldSpec("entered_by", Text(255), "người nhập phiếu", "entered by", default=""),
        FieldSpec("batch", Text(255), "số lô phiếu giấy", "paper batch", default=""),
    ),
)

PETITIONS = KindSpec(
    "petitions", "petition", Petition, ("code",),
    (
        FieldSpec("code", Text(64), "mã phản ánh", "petition code", required=True),
        ref("unit_code", "unit", "unit", "mã đơn vị bị phản ánh", "unit code", required=True),
        ref("dossier_code", "dossier", "dossier", "mã hồ sơ", "dossier code"),
        ref("about_official", "official", "about_official", "mã cán bộ bị phản ánh",
            "official concerned"),
        FieldSpec("kind", Choice(PetitionKind), "loại phản ánh", "petition kind"),
        FieldSpec("received_at", Instant(), "ngày tiếp nhận", "date received", required=True),
        FieldSpec("answer_due_at", Instant(), "hạn trả lời", "answer due date"),
        FieldSpec("answered_at", Instant(), "ngày trả lời", "date answered"),
        FieldSpec("prolonged", Flag(), "kéo dài", "dragged on"),
        FieldSpec("upheld", Flag(), "phản ánh đúng", "upheld"),
        # Format version 2 (methodology-qd766 §4), all optional.
        FieldSpec("channel", Text(32), "kênh tiếp nhận", "channel received"),
        FieldSpec("refused", Flag(), "từ chối tiếp nhận", "refused"),
        FieldSpec("citizen_rating", Choice(CitizenRating), "đánh giá của người dân",
                  "citizen's rating"),
        # The earlier petition about the same result: stored, or on an earlier row.
        ref("follow_up_of", "petition", "follow_up_of", "mã phản ánh trước",
            "earlier petition code"),
    ),
    row_rules=(NotBefore("answered_at", "received_at"),),
)

KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (UNITS, OFFICIALS, PROCEDURES, UNIT_PROCEDURES, DOSSIERS, STEPS, SUPPLEMENTS,
                 RATINGS, PETITIONS)
}
assert tuple(KINDS) == ORDER



def _needs(spec: KindSpec) -> frozenset[str]:
    plural = {"unit": "units", "official": "officials", "procedure": "procedures",
              "dossier": "dossiers", "petition": "petitions"}
    needed = {plural[f.ref] for f in spec.fields if f.ref is not None}
    for name in spec.nested:
        needed |= _needs(KINDS[name])
    return frozenset(needed - {spec.name})


# The other kinds each kind's codes refer to (its nested records' included).
DEPENDS: dict[str, frozenset[str]] = {name: _needs(spec) for name, spec in KINDS.items()}

# The portal's dossiers (interchange §2) are canonical dossiers plus the keys of the
# source record that no column holds, kept in `Dossier.raw` rather than dropped.
PORTAL_DOSSIERS = replace(DOSSIERS, fields=(*DOSSIERS.fields, FieldSpec(
    "raw", Record(), "dữ liệu gốc chưa ánh xạ", "unmapped source keys")))
