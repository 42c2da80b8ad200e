"""TTTT — online payment (10 points): a · A + min(b_cap, b · B) + c · C, at most `cap`
(profile `points.ONLINE_PAYMENT`; 6, 2.5 capped at 2, 2.5, 10), where

- A = dossiers received in the period with a financial obligation that were paid online
  (on the national portal or the province's gateway) / those with a financial obligation
  — counted dossier by dossier;
- B = the unit's procedures with fees (its catalogue on the period's last day) with a
  dossier paid online in the period / its procedures with fees;
- C = the unit's procedures with fees with a dossier carrying a fee in the period / its
  procedures with fees;

a ratio with a zero denominator counts 0 (methodology-qd766 §2–§3).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from tthc.engine.arithmetic import round_half_up
from tthc.engine.columns import PAYMENTS, Bools
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
from .parameters import Payment

CODE = "ONLINE_PAYMENT"
PAID = ("portal", "local")
_PAID_VI = {"portal": "trên Cổng DVC quốc gia", "local": "qua cổng thanh toán của tỉnh"}


NOT_PAID_ONLINE = Lost("not_paid_online", "Có nghĩa vụ tài chính nhưng không thanh toán trực tuyến")


def _explain(s: Situation) -> Part:
    if not s.handling.received:
        return outside(NOT_RECEIVED)
    if not flag(s.dossier.fee_due):
        return outside("Hồ sơ không có nghĩa vụ tài chính: không thuộc mẫu số.")
    paid = s.dossier.paid_online
    if paid in PAID:
        return counted(f"Hồ sơ có nghĩa vụ tài chính, đã thanh toán trực tuyến {_PAID_VI[paid]}.")
    return costs([NOT_PAID_ONLINE], "Hồ sơ có nghĩa vụ tài chính, không thanh toán trực tuyến.")


def _count(rows: Rows) -> tuple[Bools, Bools]:
    denominator = rows.received & yes(rows.field("fee_due"))
    paid = rows.field("paid_online")
    online = (paid == PAYMENTS.index("portal")) | (paid == PAYMENTS.index("local"))
    return denominator, denominator & online


ONLINE_PAYMENT = DossierMetric(CODE, ("dossiers.fee_due", "dossiers.paid_online", "procedures.has_fee"),
                               _explain, _count)


def _with_fees(assigned: Sequence[UnitProcedure], procedures: Mapping[str, Procedure]) -> list[Procedure]:
    """The unit's procedures with fees (the denominator of B and C), by code."""
    codes = sorted({e.procedure_code for e in assigned
                    if e.procedure_code in procedures and flag(procedures[e.procedure_code].has_fee)})
    return [procedures[code] for code in codes]


def procedure_sections(assigned: Sequence[UnitProcedure], procedures: Mapping[str, Procedure],
                       paid_procedures: Collection[str], fee_procedures: Collection[str],
                       with_fee: Mapping[str, int]) -> tuple[ItemSection, ...]:
    """The unit's procedures with fees that B and C do not count (`with_fee`: its dossiers
    with a financial obligation in the period, by procedure)."""
    fees = _with_fees(assigned, procedures)
    heading = "Hồ sơ có nghĩa vụ tài chính trong kỳ"
    return (
        procedure_section("B", "B: thủ tục có phí, lệ phí chưa có hồ sơ thanh toán trực tuyến trong kỳ", fees,
                          paid_procedures, with_fee, heading,
                          Lost("no_online_payment", "Không hồ sơ nào của thủ tục được thanh toán trực tuyến")),
        procedure_section("C", "C: thủ tục có phí, lệ phí chưa có hồ sơ phát sinh phí trong kỳ", fees,
                          fee_procedures, with_fee, heading,
                          Lost("no_fee_dossier", "Không hồ sơ nào của thủ tục ghi nghĩa vụ tài chính")),
    )


def figures(paid: int, with_fee: int, assigned: Sequence[UnitProcedure],
            procedures: Mapping[str, Procedure], paid_procedures: Collection[str],
            fee_procedures: Collection[str], maximum: Decimal, p: Payment) -> Figures:
    """The unit's points from A (its dossiers' counts) and B, C (its procedures)."""
    fees = [x.code for x in _with_fees(assigned, procedures)]
    b_num = sum(1 for code in fees if code in paid_procedures)
    c_num = sum(1 for code in fees if code in fee_procedures)
    a, b, c = ratios.ratio(paid, with_fee), ratios.ratio(b_num, len(fees)), ratios.ratio(c_num, len(fees))
    raw = p.a * a + min(p.b_cap, p.b * b) + p.c * c
    points = round_half_up(min(raw, p.cap, Fraction(maximum)), ratios.DECIMALS)
    capped = " (đã giới hạn ở mức tối đa)" if raw > min(p.cap, Fraction(maximum)) else ""
    evidence = (
        f"A: hồ sơ thanh toán trực tuyến / hồ sơ có nghĩa vụ tài chính = {ratios.pct(paid, with_fee)}.",
        f"B: thủ tục có phí có thanh toán trực tuyến / thủ tục có phí = {ratios.pct(b_num, len(fees))}.",
        f"C: thủ tục có phí có hồ sơ phát sinh phí / thủ tục có phí = {ratios.pct(c_num, len(fees))}.",
        f"{ratios.number(p.a)} · A + min({ratios.number(p.b_cap)}; {ratios.number(p.b)} · B) + "
        f"{ratios.number(p.c)} · C = {ratios.number(points)} điểm{capped}; tỷ lệ có mẫu số 0 tính 0.",
    )
    return Figures(paid, with_fee, points, evidence,
                   (("A", paid, with_fee), ("B", b_num, len(fees)), ("C", c_num, len(fees))))
