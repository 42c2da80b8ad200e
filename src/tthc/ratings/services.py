"""Writes of the ratings app: ratings, one per dossier, from any channel."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tthc.counter.models import CounterDevice
from tthc.dossiers.models import Dossier

from .models import Rating, RatingChannel, Satisfaction

MAX_COMMENT = 2000
# The most agencies a citizen may say they contacted, in a rating sent by a device or
# corrected on a paper form (the API, paper corrections); the schema is a small integer.
MAX_AGENCIES = 99


class RatingRefused(Exception):
    """A rating that cannot be stored; the messages are shown to the citizen as they are."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi)
        self.code, self.message_vi, self.message_en = code, message_vi, message_en


@dataclass(frozen=True)
class RatingOutcome:
    rating: Rating
    created: bool  # False: the same rating was already stored (a resend), nothing changed


ALREADY_RATED = RatingRefused(
    "already_rated",
    "Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần; ý kiến đã gửi trước "
    "đó được giữ nguyên. Xin cảm ơn ông/bà.",
    "This dossier has already been rated. Each dossier can be rated once; the earlier "
    "rating is kept. Thank you.",
)


def client_fingerprint(*, address: str, user_agent: str) -> str:
    """A keyed hash of who sent a rating, kept instead of the address (never logged)."""
    # The app's first label (feedback) stays in the key: stored fingerprints must still match.
    key = settings.SECRET_KEY.encode() + b"tthc.feedback.fingerprint"
    return hmac.new(key, f"{address}|{user_agent}".encode(), hashlib.sha256).hexdigest()[:32]


def _clean_text(text: str, field: str) -> str:
    text = unicodedata.normalize("NFC", text or "").strip()
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in text):
        raise RatingRefused("control_characters", f"Trường “{field}” chứa ký tự điều khiển không hợp lệ.",
                            f"Field “{field}” holds control characters.")
    return text[:MAX_COMMENT]


def _same(rating: Rating, fields: dict[str, object]) -> bool:
    return all(getattr(rating, name) == value for name, value in fields.items())


def rating_submit(*, dossier: Dossier, channel: str, satisfaction: str | None,
                  agencies_contacted: int | None = None, disclosure_seen: str | None = None,
                  comment: str = "", entered_by: str = "", batch: str = "",
                  client_id: uuid.UUID | None = None, device: CounterDevice | None = None,
                  fingerprint: str = "", submitted_at: datetime | None = None,
                  client_submitted_at: datetime | None = None, entered_by_user: Any = None) -> RatingOutcome:
    """Store a dossier's one rating.

    ``submitted_at`` (the time scoring reads) defaults to the server's clock; callers
    that receive a time from a device pass it as ``client_submitted_at``, kept as
    information only.

    The database enforces one rating per dossier; a second attempt from any channel is
    refused with ``ALREADY_RATED`` and never overwrites the first — except an identical
    resend (same kiosk `client_id`, or the same answers), which returns the stored one.
    """
    if channel not in RatingChannel.values:
        raise RatingRefused("bad_channel", "Kênh đánh giá không hợp lệ.", "Unknown rating channel.")
    if satisfaction is not None and satisfaction not in Satisfaction.values:
        raise RatingRefused("bad_satisfaction", "Mức độ hài lòng không hợp lệ.", "Unknown satisfaction level.")
    answers = {
        "channel": channel, "satisfaction": satisfaction, "agencies_contacted": agencies_contacted,
        "disclosure_seen": disclosure_seen, "comment": _clean_text(comment, "ý kiến"),
    }
    try:
        # Insert first: the common case costs one query; the database's unique
        # constraints (dossier, client_id) decide the rare conflicts below.
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=dossier, submitted_at=submitted_at or timezone.now(),
                entered_by=_clean_text(entered_by, "người nhập"), batch=_clean_text(batch, "số lô"),
                client_submitted_at=client_submitted_at, entered_by_user=entered_by_user,
                client_id=client_id, device=device, fingerprint=fingerprint, **answers)
    except IntegrityError:
        if client_id is not None:
            resent = Rating.objects.filter(client_id=client_id).first()
            if resent is not None:
                if resent.dossier_id != dossier.pk:
                    raise RatingRefused("client_id_reused", "Mã phiếu đã được dùng cho hồ sơ khác.",
                                        "This rating id was already used for another dossier.") from None
                return RatingOutcome(resent, created=False)
        existing = Rating.objects.filter(dossier=dossier).first()
        if existing is not None and _same(existing, answers):
            return RatingOutcome(existing, created=False)
        raise ALREADY_RATED from None
    return RatingOutcome(rating, created=True)
