"""MDSH — dossier digitisation (22 points), from the records' flags (methodology-qd766
§3, 4.1–4.5):

- 4.1 `ORIGINAL_RESULT_AVAILABLE`: dossiers whose result was issued in the period with
  an electronic result file / those of procedures requiring a paper result;
- 4.2 `SO_HOA_GIAY_TO_GIAI_QUYET`: dossiers received in the period whose components
  were digitised and whose result is electronic where a paper result is required /
  dossiers received;
- 4.3 `REUSED_DIGITIZED_DATA`: received with a component reused from digitised data /
  received;
- 4.4 `SYNCED_WITH_DVCQG_PERSONAL_STORAGE`: received with a component from, or a result
  sent to, the citizen's portal storage / received;
- 4.5 `CITIZEN_DATA_CONNECTED_DOSSIER`: received dossiers of procedures for citizens
  whose applicant was verified with VNeID / those dossiers; and
  `CITIZEN_DATA_CONNECTED_FORMALITY`: the unit's procedures for citizens (its catalogue
  on the period's last day) with at least one such dossier / its procedures for citizens.

`ELECTRONIC_CERTIFIED_COPY` is computed by the portal: not available from records. A
flag a dossier does not carry counts as false once some dossier of the period carries
it; when none does, the metric is not computed from the records (method: `fields`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal

from tthc.engine.columns import Bools
from tthc.engine.dossier import Lost
from tthc.engine.facts import Procedure, UnitProcedure
from tthc.engine.items import ItemSection

from . import ratios
from .metrics import (
    NOT_RECEIVED,
    DossierMetric,
    Figures,
    Part,
    Rows,
    Situation,
    costs,
    counted,
    flag,
    outside,
    procedure_section,
    yes,
)
from .parameters import Scale

CERTIFIED_COPY = "ELECTRONIC_CERTIFIED_COPY"
_NO_PAPER = "Thủ tục không yêu cầu kết quả bằng giấy tờ: không thuộc mẫu số."
CITIZEN_DOSSIER = "CITIZEN_DATA_CONNECTED_DOSSIER"
FORMALITY = "CITIZEN_DATA_CONNECTED_FORMALITY"


NO_ELECTRONIC_RESULT = Lost("no_electronic_result",
                            "Thủ tục có kết quả bằng giấy tờ nhưng hồ sơ không có kết quả điện tử")
NOT_DIGITISED = Lost("not_digitised", "Thành phần hồ sơ chưa được số hóa")
NOT_VERIFIED = Lost("not_verified", "Người nộp chưa xác thực VNeID, không dùng dữ liệu dân cư")


def _paper(s: Situation) -> bool:
    return s.procedure is not None and flag(s.procedure.paper_result_required)


def _result(s: Situation) -> Part:
    if not s.handling.finished:
        return outside("Hồ sơ không có kết quả trong kỳ: không thuộc mẫu số.")
    if not _paper(s):
        return outside(_NO_PAPER)
    if flag(s.dossier.result_electronic):
        return counted("Có kết quả trong kỳ, thủ tục có kết quả bằng giấy tờ; đã cấp kết quả điện tử.")
    return costs([NO_ELECTRONIC_RESULT],
                 "Có kết quả trong kỳ, thủ tục có kết quả bằng giấy tờ; không ghi có kết quả điện tử.")


def _result_count(rows: Rows) -> tuple[Bools, Bools]:
    denominator = rows.finished & yes(rows.procedure_flags["paper_result_required"])
    return denominator, denominator & yes(rows.field("result_electronic"))


def _digitised(s: Situation) -> Part:
    if not s.handling.received:
        return outside(NOT_RECEIVED)
    components = flag(s.dossier.components_digitised)
    paper_ok = not _paper(s) or flag(s.dossier.result_electronic)
    why = ["Thành phần hồ sơ " + ("đã được số hóa." if components else "không ghi được số hóa.")]
    if _paper(s):
        why.append("Thủ tục có kết quả bằng giấy tờ: " + ("có kết quả điện tử." if paper_ok
                                                             else "chưa có kết quả điện tử."))
    lost = [rule for rule, kept in ((NOT_DIGITISED, components), (NO_ELECTRONIC_RESULT, paper_ok)) if not kept]
    return costs(lost, *why) if lost else counted(*why)


def _digitised_count(rows: Rows) -> tuple[Bools, Bools]:
    paper = yes(rows.procedure_flags["paper_result_required"])
    counted = yes(rows.field("components_digitised")) & (~paper | yes(rows.field("result_electronic")))
    return rows.received, rows.received & counted


def _received_flag(name: str, yes_text: str, no_text: str, lost: Lost
                   ) -> tuple[Callable[[Situation], Part], Callable[[Rows], tuple[Bools, Bools]]]:
    """A metric over the dossiers received in the period, counting those with a flag."""
    def explain(s: Situation) -> Part:
        if not s.handling.received:
            return outside(NOT_RECEIVED)
        return counted(yes_text) if flag(getattr(s.dossier, name)) else costs([lost], no_text)

    def count(rows: Rows) -> tuple[Bools, Bools]:
        return rows.received, rows.received & yes(rows.field(name))

    return explain, count


def _citizens(s: Situation) -> Part:
    if not s.handling.received:
        return outside(NOT_RECEIVED)
    if s.procedure is None or not flag(s.procedure.citizen_applicants):
        return outside("Thủ tục không có đối tượng thực hiện là công dân: không thuộc mẫu số.")
    if flag(s.dossier.vneid_verified):
        return counted("Người nộp đã xác thực VNeID / dùng dữ liệu dân cư.")
    return costs([NOT_VERIFIED], "Người nộp không ghi xác thực VNeID / dữ liệu dân cư.")


def _citizens_count(rows: Rows) -> tuple[Bools, Bools]:
    denominator = rows.received & yes(rows.procedure_flags["citizen_applicants"])
    return denominator, denominator & yes(rows.field("vneid_verified"))


METRICS = (
    DossierMetric("ORIGINAL_RESULT_AVAILABLE", ("procedures.paper_result_required", "dossiers.result_electronic"),
                  _result, _result_count),
    DossierMetric("SO_HOA_GIAY_TO_GIAI_QUYET", ("dossiers.components_digitised", "dossiers.result_electronic"),
                  _digitised, _digitised_count),
    DossierMetric("REUSED_DIGITIZED_DATA", ("dossiers.reused_data",), *_received_flag(
        "reused_data", "Có thành phần hồ sơ tái sử dụng dữ liệu đã số hóa.",
        "Không ghi thành phần nào tái sử dụng dữ liệu đã số hóa.",
        Lost("no_reused_data", "Không tái sử dụng dữ liệu đã số hóa"))),
    DossierMetric("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", ("dossiers.personal_storage",), *_received_flag(
        "personal_storage", "Có thành phần lấy từ (hoặc kết quả đưa vào) kho dữ liệu cá nhân trên Cổng.",
        "Không ghi dùng kho dữ liệu cá nhân trên Cổng.",
        Lost("no_personal_storage", "Không dùng kho dữ liệu cá nhân trên Cổng Dịch vụ công quốc gia"))),
    DossierMetric(CITIZEN_DOSSIER, ("procedures.citizen_applicants", "dossiers.vneid_verified"),
                  _citizens, _citizens_count),
)
FORMALITY_FIELDS = ("procedures.citizen_applicants", "dossiers.vneid_verified")


def _for_citizens(assigned: Sequence[UnitProcedure], procedures: Mapping[str, Procedure]) -> list[Procedure]:
    """The unit's procedures for citizens (the denominator of 4.5's procedure ratio), by code."""
    codes = sorted({e.procedure_code for e in assigned
                    if e.procedure_code in procedures and flag(procedures[e.procedure_code].citizen_applicants)})
    return [procedures[code] for code in codes]


def formality_section(assigned: Sequence[UnitProcedure], procedures: Mapping[str, Procedure],
                      verified: Collection[str], received: Mapping[str, int]) -> ItemSection:
    """The unit's procedures for citizens without a dossier verified with VNeID in the
    period (`received`: its dossiers of procedures for citizens received in it, by procedure)."""
    return procedure_section(
        "", "Thủ tục cho công dân chưa có hồ sơ khai thác dữ liệu dân cư trong kỳ", _for_citizens(assigned, procedures),
        verified, received, "Hồ sơ của thủ tục tiếp nhận trong kỳ",
        Lost("no_verified_dossier", "Không hồ sơ nào của thủ tục được xác thực VNeID, dùng dữ liệu dân cư"))


def formality(assigned: Sequence[UnitProcedure], procedures: Mapping[str, Procedure],
              verified: Collection[str], maximum: Decimal, scale: Scale) -> Figures:
    """4.5 (procedures): the unit's procedures for citizens with a verified dossier in the
    period (`verified`: procedure codes) / its procedures for citizens."""
    citizens = [x.code for x in _for_citizens(assigned, procedures)]
    numerator = sum(1 for code in citizens if code in verified)
    return ratios.scaled(numerator, len(citizens), maximum, scale,
                         what="thủ tục cho công dân có hồ sơ khai thác dữ liệu dân cư",
                         empty="Đơn vị không có thủ tục nào cho công dân trong danh mục")
