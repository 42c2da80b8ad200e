"""The crash phase of the rating load test: `kill -9` of the server mid-load, a restart.

Counter devices keep a rating until the server acknowledges it, so each client here
sends a request again — same body, same `client_id` — whenever it got no answer (the
connection refused or reset, or a 5xx), with a short back-off, until it gets one: 201
(stored), 200 (that rating was already stored: an identical resend) or 409 (another
rating was stored first). When a set share of the requests has been answered, the
whole gunicorn process group (master and workers) is killed with SIGKILL — requests in
flight, in the listen queue and mid-transaction die with it — and `tthc serve` is
started again; the clients carry on.

Afterwards, from the database:

- **acknowledged lost**: dossiers with a rating acknowledged by a 2xx but none stored;
- **duplicates**: dossiers with more than one stored rating;
- **overwritten**: dossiers whose stored rating differs (client id or satisfaction)
  from the first one acknowledged; and any other acknowledgement that disagrees
  with the stored rating is counted as **conflicting**;

all must be 0, and every dossier must end with a rating. A process crash is what this
proves safe (the operating system keeps what was written): a power cut depends on the
database's own durability settings as well (the test cluster runs with `fsync=off`).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from rating_clients import Device, run_devices

if TYPE_CHECKING:
    import subprocess

    from rating_load import Request

BACKOFF_FIRST_S = 0.05
BACKOFF_MAX_S = 0.5
# A server that never answers again (it failed to restart, or fails every request)
# must end the run, not hang it: about two minutes of tries, then the request counts
# as unexpected.
MAX_UNANSWERED = 240


@dataclass(slots=True)
class Delivery:
    """One request, sent until it got an answer."""

    request: Request
    status: int  # the answer: 201, 200, 409 (or an unexpected one)
    attempts: int
    answered_at: float  # perf_counter of the answer
    unanswered: int  # attempts that got no answer (refused, reset, 5xx)


@dataclass(slots=True)
class Crash:
    """What happened around the kill, in perf_counter seconds."""

    killed_at: float | None = None
    answering_again_at: float | None = None
    answered_before_kill: int = 0
    restart_error: str | None = None


def run_crash_phase(requests: list[Request], *, tokens: list[str], port: int, server: subprocess.Popen,
                    kill_after: int, restart: Callable[[], subprocess.Popen],
                    down_s: float = 1.0) -> tuple[list[Delivery], Crash, subprocess.Popen]:
    """Send every request (closed loop, one thread per token) until answered; after
    `kill_after` answers, SIGKILL the server's process group, wait `down_s`, restart it
    with `restart()`. Returns the deliveries, the crash's timeline and the new server."""
    lock = threading.Lock()
    answered = 0
    kill_now = threading.Event()
    crash = Crash()
    current = {"server": server}

    def deliver(index: int, device: Device) -> Delivery:
        nonlocal answered
        request = requests[index]
        attempts = unanswered = 0
        backoff = BACKOFF_FIRST_S
        while True:
            attempts += 1
            status = device.post(request.body)
            if (status == 0 or status >= 500) and unanswered < MAX_UNANSWERED:
                # No answer: the rating may or may not be stored; only the server can say.
                unanswered += 1
                device.connection.close()
                time.sleep(backoff)
                backoff = min(2 * backoff, BACKOFF_MAX_S)
                continue
            break
        with lock:
            answered += 1
            if answered == kill_after:
                kill_now.set()
        return Delivery(request, status, attempts, time.perf_counter(), unanswered)

    def killer() -> None:
        kill_now.wait()
        with lock:
            crash.answered_before_kill = answered
        crash.killed_at = time.perf_counter()
        victim = current["server"]
        os.killpg(victim.pid, signal.SIGKILL)  # kill -9 of master and workers at once
        victim.wait()
        time.sleep(down_s)
        try:
            current["server"] = restart()
        except (SystemExit, OSError) as error:
            crash.restart_error = str(error)
            return
        crash.answering_again_at = time.perf_counter()

    kill_thread = threading.Thread(target=killer)
    kill_thread.start()
    deliveries = run_devices(tokens, port=port, requests=len(requests), handle=deliver)
    kill_now.set()  # fewer answers than kill_after: kill at the end rather than hang
    kill_thread.join()
    return deliveries, crash, current["server"]  # the dead one if the restart failed


def stored_ratings(database_url: str) -> tuple[dict[str, list[tuple[str | None, str]]], dict[str, str]]:
    """Every stored rating by dossier code, as (client id, satisfaction); and the
    database's version and durability settings."""
    query = ("SELECT d.code, r.client_id, r.satisfaction FROM feedback_rating r "
             "JOIN dossiers_dossier d ON d.id = r.dossier_id")
    if database_url.startswith("sqlite:"):
        path = urlsplit(database_url).path
        with sqlite3.connect(path) as connection:
            rows = connection.execute(query).fetchall()
            server = {"vendor": "sqlite", "server_version": sqlite3.sqlite_version,
                      "journal_mode": connection.execute("PRAGMA journal_mode").fetchone()[0]}
        connection.close()
    else:
        import psycopg

        with psycopg.connect(database_url) as connection:
            rows = connection.execute(query).fetchall()
            server = {"vendor": "postgresql", **{name: connection.execute(f"SHOW {name}").fetchone()[0]
                                                 for name in ("server_version", "fsync", "synchronous_commit")}}
    stored: dict[str, list[tuple[str | None, str]]] = {}
    for code, client_id, satisfaction in rows:
        # A UUID column: uuid on PostgreSQL, 32 hex digits on SQLite.
        stored.setdefault(code, []).append((str(uuid.UUID(str(client_id))) if client_id else None,
                                            satisfaction))
    return stored, server


def crash_check(database_url: str, deliveries: list[Delivery], codes: list[str], crash: Crash,
                *, started: float) -> dict[str, Any]:
    """The counts of docs/benchmarks.md: lost, duplicates, overwritten — all must be 0."""
    stored, server = stored_ratings(database_url)
    wanted = set(codes)
    stored = {code: rows for code, rows in stored.items() if code in wanted}
    acknowledged: dict[str, list[Delivery]] = {}
    for delivery in sorted(deliveries, key=lambda d: d.answered_at):
        if delivery.status in (200, 201):
            acknowledged.setdefault(delivery.request.dossier, []).append(delivery)
    lost = [code for code in acknowledged if code not in stored]
    duplicates = [code for code, rows in stored.items() if len(rows) > 1]
    overwritten, conflicting = [], 0
    for code, acks in acknowledged.items():
        rows = stored.get(code)
        if not rows:
            continue
        first = (acks[0].request.client_id, acks[0].request.satisfaction)
        if rows[0] != first:
            overwritten.append(code)
        conflicting += sum(1 for d in acks if (d.request.client_id, d.request.satisfaction) != rows[0])
    unexpected: dict[str, int] = {}
    for delivery in deliveries:
        if delivery.status not in (200, 201, 409):
            unexpected[str(delivery.status)] = unexpected.get(str(delivery.status), 0) + 1
    in_doubt = [d for d in deliveries if d.unanswered]
    killed = crash.killed_at is not None and crash.answered_before_kill < len(deliveries)
    result = {
        "dossiers": len(codes), "requests": len(deliveries),
        "answered_before_kill": crash.answered_before_kill,
        "killed_after_s": round(crash.killed_at - started, 2) if crash.killed_at else None,
        "outage_s": (round(crash.answering_again_at - crash.killed_at, 2)
                     if crash.killed_at and crash.answering_again_at else None),
        "attempts": sum(d.attempts for d in deliveries),
        "requests_resent_after_no_answer": len(in_doubt),
        # Stored before the kill, the answer lost with the server: the resend got 200.
        "stored_before_kill_acknowledged_on_resend": sum(
            1 for d in in_doubt if d.status == 200 and d.request.kind != "resend"),
        "new_201": sum(1 for d in deliveries if d.status == 201),
        "resends_200": sum(1 for d in deliveries if d.status == 200),
        "refused_409": sum(1 for d in deliveries if d.status == 409),
        "unexpected": unexpected,
        "ratings_stored": sum(len(rows) for rows in stored.values()),
        "acknowledged": sum(len(acks) for acks in acknowledged.values()),
        "acknowledged_lost": len(lost), "duplicates": len(duplicates), "overwritten": len(overwritten),
        "conflicting_acknowledgements": conflicting,
        "dossiers_unrated": sum(1 for code in codes if code not in stored),
        "restart_error": crash.restart_error,
        "server": server,
    }
    result["ok"] = killed and not crash.restart_error and not unexpected and not any(
        result[name] for name in ("acknowledged_lost", "duplicates", "overwritten",
                                  "conflicting_acknowledgements", "dossiers_unrated"))
    return result
