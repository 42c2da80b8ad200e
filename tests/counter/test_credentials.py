"""Device tokens and serving tickets: what a tablet holds, and what it cannot forge."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from django.core import signing

from tthc.counter import credentials
from tthc.counter.credentials import ticket_read, ticket_sign, token_candidates, token_hash, token_new


def test_a_token_is_six_groups_of_unambiguous_characters_and_never_repeats() -> None:
    tokens = {token_new() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){5}", token), token


def test_the_stored_hash_is_the_sha256_of_the_token_as_issued() -> None:
    token = token_new()
    assert token_hash(token) == hashlib.sha256(token.encode()).hexdigest()


def test_a_token_typed_in_lower_case_or_without_dashes_finds_the_issued_spelling() -> None:
    token = "ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2"
    assert token in token_candidates("abcdefghjkmnpqrstuvwxyz2")
    assert token in token_candidates(" abcd efgh jkmn pqrs tuvw xyz2 ")
    # A token of another shape (set by another system) is only ever taken verbatim.
    assert token_candidates("secret-Of-Other-Shape") == ["secret-Of-Other-Shape"]


def test_a_ticket_says_which_device_showed_which_dossier_and_since_when() -> None:
    since = datetime(2020, 3, 2, 1, 30, 15, tzinfo=UTC)
    ticket = ticket_sign(device_id=3, dossier_id=41, serving_since=since)
    read = ticket_read(ticket)
    assert read is not None and (read.device_id, read.dossier_id, read.serving_since) == (3, 41, since)


def test_a_forged_altered_or_stale_ticket_is_refused(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    since = datetime(2020, 3, 2, tzinfo=UTC)
    ticket = ticket_sign(device_id=3, dossier_id=41, serving_since=since)
    assert ticket_read("") is None and ticket_read("not-a-ticket") is None
    # Another dossier put in the payload, the signature kept: refused.
    _, rest = ticket.split(":", 1)
    payload = signing.b64_encode(f'{{"v":3,"d":42,"s":{since.timestamp()}}}'.encode()).decode()
    assert ticket_read(f"{payload}:{rest}") is None
    # Signed with another key or salt: refused.
    assert ticket_read(signing.dumps({"v": 3, "d": 41, "s": since.timestamp()}, salt="another.salt")) is None
    # Held longer than a tablet may keep a queued rating: refused.
    monkeypatch.setattr(credentials, "TICKET_MAX_AGE", -1)
    assert ticket_read(ticket) is None
