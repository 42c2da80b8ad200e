"""Synthetic people and words for the demonstration data set.

Full names are drawn from common Kinh family names and from those of the Thái, Mông,
Khơ Mú and other peoples of Điện Biên, so that the desk officials look like a mountain
province's staff. Any likeness to a real person is chance: every name is drawn at random.
"""

from __future__ import annotations

import random

# Weighted by rough frequency; minority family names are frequent in Điện Biên.
_FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 18), ("Trần", 6), ("Lê", 6), ("Phạm", 4), ("Hoàng", 4), ("Vũ", 3), ("Đặng", 2),
    ("Bùi", 2), ("Đỗ", 2), ("Ngô", 1), ("Dương", 1), ("Đinh", 1),
    ("Lò", 6), ("Quàng", 4), ("Lường", 4), ("Cà", 3), ("Tòng", 2), ("Vì", 2), ("Lù", 1),
    ("Giàng", 3), ("Sùng", 2), ("Thào", 2), ("Mùa", 2), ("Vàng", 2), ("Lầu", 1), ("Hờ", 1),
)
_MIDDLE_MALE = ("Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Xuân", "A")
_MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Kim")
_GIVEN_MALE = (
    "Anh", "Bình", "Cường", "Dũng", "Duy", "Hải", "Hiếu", "Hùng", "Khánh", "Kiên", "Long",
    "Mạnh", "Nam", "Phong", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Tiến", "Trung", "Tuấn",
    "Việt", "Vinh", "Chính", "Páo", "Súa", "Chứ", "Pành", "Khăm",
)
_GIVEN_FEMALE = (
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Huyền", "Hương", "Lan",
    "Liên", "Linh", "Mai", "Ngân", "Nga", "Nhung", "Phương", "Quyên", "Thảo", "Thủy", "Trang",
    "Tuyết", "Vân", "Yến", "Xuân", "Dua", "Ênh", "Piêng",
)

_FAMILY, _FAMILY_WEIGHTS = zip(*_FAMILY_NAMES, strict=True)

DESK_POSITION = "Công chức Bộ phận Một cửa"

# Short comments a citizen might leave; marked so nobody quotes them as real opinions.
_PRAISE = (
    "Cán bộ hướng dẫn tận tình, chu đáo.",
    "Thủ tục nhanh gọn, trả kết quả trước hẹn.",
    "Thái độ phục vụ niềm nở.",
    "Hướng dẫn rõ ràng, chỉ phải đi một lần.",
    "Nộp trực tuyến thuận tiện.",
)
_NEUTRAL = (
    "Phải chờ lâu ở quầy.",
    "Nên niêm yết rõ hơn danh mục giấy tờ cần nộp.",
    "Bãi gửi xe chật.",
)
_COMPLAINT = (
    "Trả kết quả chậm so với giấy hẹn.",
    "Phải bổ sung hồ sơ nhiều lần.",
    "Không được báo trước khi trễ hẹn.",
)
COMMENT_MARK = " (ý kiến minh họa)"


def full_name(rng: random.Random) -> str:
    family = rng.choices(_FAMILY, weights=_FAMILY_WEIGHTS)[0]
    if rng.random() < 0.5:
        return f"{family} {rng.choice(_MIDDLE_FEMALE)} {rng.choice(_GIVEN_FEMALE)}"
    return f"{family} {rng.choice(_MIDDLE_MALE)} {rng.choice(_GIVEN_MALE)}"


def rating_comment(rng: random.Random, satisfaction: str) -> str:
    pool: tuple[str, ...]
    if satisfaction in ("very_satisfied", "satisfied"):
        pool = _PRAISE
    elif satisfaction == "neutral":
        pool = _NEUTRAL
    else:
        pool = _COMPLAINT
    return rng.choice(pool) + COMMENT_MARK
