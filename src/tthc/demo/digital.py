"""What the national index reads beyond the 2020 records (format version 2,
methodology-qd766 §4), drawn for the 2026 data set.

Procedures get their four flags from their field and title (the same every seed); each
dossier gets its sync, result, digitisation, data and payment fields at rates that rise
month by month from July 2025 (the first month of the two-level organisation) to the
snapshot, lower at weaker units and in the mountains. The rates are ours, set to look
like the portal's published figures of 2025–2026, not taken from them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from tthc.demo.catalogue import CatalogueEntry, ProcedureSpec
from tthc.demo.clock import DAY, Clock
from tthc.demo.organisation import UnitPlan

PROCEDURE_COLUMNS_V2 = ("paper_result_required", "has_fee", "full_online_eligible",
                        "citizen_applicants")
DOSSIER_COLUMNS_V2 = ("synced_at", "result_electronic", "components_digitised", "reused_data",
                      "personal_storage", "vneid_verified", "fee_due", "paid_online")

# Procedures whose result is an answer rather than a paper (a decision on a complaint…).
_NO_PAPER_FIELDS = frozenset({"Giải quyết khiếu nại", "Giải quyết tố cáo", "Xử lý đơn thư"})
# Fields without a fee or charge; and free titles in fields that otherwise have one
# (registrations on time under the Law on Civil Status are free).
_FREE_FIELDS = frozenset({"Giải quyết khiếu nại", "Giải quyết tố cáo", "Xử lý đơn thư",
                          "Bảo trợ xã hội", "Thi đua - Khen thưởng", "Công tác dân tộc",
                          "Việc làm", "Lao động - Tiền lương", "Tín ngưỡng, tôn giáo",
                          "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân",
                          "Văn bằng, chứng chỉ"})
_FREE_TITLES = ("Đăng ký khai sinh", "Đăng ký kết hôn", "Đăng ký khai tử", "Hòa giải")
# Fields whose applicants are firms or organisations, not citizens.
_BUSINESS_FIELDS = frozenset({"Thành lập và hoạt động doanh nghiệp", "Đầu tư tại Việt Nam",
                              "Tin học - Thống kê", "Quản lý vốn đầu tư",
                              "Lưu thông hàng hóa trong nước", "Xuất bản, In và Phát hành",
                              "Báo chí", "Phát thanh, truyền hình và thông tin điện tử",
                              "Lữ hành", "Dược phẩm", "Tổ chức phi chính phủ",
                              "An toàn bức xạ và hạt nhân", "Công chứng", "Luật sư",
                              "Bán đấu giá tài sản"})
# Land and building dossiers need a site visit or originals: not eligible for full online.
_NOT_FULL_ONLINE = frozenset({"Đất đai", "Hoạt động xây dựng", "Chứng thực"})

_MATURITY = {"excellent": 1.0, "good": 0.88, "fair": 0.72}
_REMOTE_MATURITY = 0.85
FEE_EXEMPT_SHARE = 0.07  # dossiers of a fee-bearing procedure exempted (poor households…)
PORTAL_PAYMENT_SHARE = 0.65  # of online payments, on the national portal (else the province's)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def procedure_flags(spec: ProcedureSpec) -> tuple[str, ...]:
    free = spec.field in _FREE_FIELDS or spec.name.startswith(_FREE_TITLES)
    return (
        _flag(spec.field not in _NO_PAPER_FIELDS),
        _flag(not free),
        _flag(spec.online_level != "none" and spec.field not in _NOT_FULL_ONLINE),
        _flag(spec.field not in _BUSINESS_FIELDS),
    )


@dataclass(slots=True)
class Digitisation:
    """The format-version-2 columns of each dossier (dossiers.Extras)."""

    clock: Clock
    first: date  # the month the rates start from
    last: date  # the month they reach their highest
    snapshot: int
    columns: tuple[str, ...] = DOSSIER_COLUMNS_V2

    def progress(self, received: int) -> float:
        day = date.fromordinal(received // DAY)
        months = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month
        done = (day.year - self.first.year) * 12 + day.month - self.first.month
        return min(1.0, max(0.0, done / max(1, months)))

    def row(self, rng: random.Random, unit: UnitPlan, entry: CatalogueEntry, channel: str,
            received: int, status: str, finished: int | None) -> tuple[str, ...]:
        p = self.progress(received)
        m = _MATURITY[unit.tier.name] * (_REMOTE_MATURITY if unit.remote else 1)
        online = channel == "online"
        paper, has_fee, _, citizens = (v == "true" for v in procedure_flags(entry.spec))

        synced = ""
        if rng.random() < min(0.995, (0.93 + 0.06 * p) * m ** 0.3):
            moment = received + 2 + int(rng.random() * 600)
            synced = self.clock.iso(moment) if moment <= self.snapshot else ""
        done = finished is not None and status in ("finished", "returned")
        electronic = done and (not paper or rng.random() < (0.50 + 0.42 * p) * m)
        digitised = rng.random() < min(0.98, (0.38 + 0.48 * p) * m + (0.12 if online else 0))
        reused = digitised and rng.random() < 0.18 + 0.34 * p
        storage = rng.random() < (0.05 + 0.30 * p) * m * (1.3 if online else 0.8)
        verified = rng.random() < ((0.62 + 0.33 * p if online else 0.12 + 0.45 * p) if citizens
                                   else (0.30 if online else 0.08))
        fee_due = has_fee and rng.random() >= FEE_EXEMPT_SHARE
        paid = ""
        if fee_due:
            paid = "none"
            chance = (0.52 + 0.38 * p if online else 0.06 + 0.30 * p) * m
            if status not in ("refused", "withdrawn") and rng.random() < chance:
                paid = "portal" if rng.random() < PORTAL_PAYMENT_SHARE else "local"
        return (synced, _flag(electronic), _flag(digitised), _flag(reused), _flag(storage),
                _flag(verified), _flag(fee_due), paid)
