"""Load test of the rating API (issue 4): `tthc serve` on PostgreSQL, many counter devices.

    python bench/rating_load.py --database-url postgres://…/tthc [--dossiers 12000]
           [--clients 64] [--resubmit 0.2] [--rate 400] [--workers 3]
           [--crash-dossiers 6000] [--crash-at 0.4] [--keep]

Against a scratch database `<name>_ratingload` beside the one the URL names (dropped
and created again; dropped at the end unless --keep): migrate, create the dossiers and
one counter device (token) per client, start `tthc serve` (gunicorn) on loopback, then
run two phases, each on its own dossiers:

- **saturation**: every client posts as fast as the server answers (closed loop) — the
  capacity in new ratings stored per second;
- **paced**: the clients together offer ``--rate`` requests per second (open loop, each
  request at its scheduled time; latency counted from that time, so a slow server
  cannot hide its queue) — the goals are judged here: new ratings stored per second
  and the p95 latency at that load, together.

In both, a share (``--resubmit``) of the dossiers is posted a second time by another
client soon after the first: half an identical resend (same client_id: 200), half a
different rating (409). New ratings (201) and duplicates are counted apart. Afterwards
the database must hold exactly one rating per dossier and every acknowledged rating
(201 or 200) as acknowledged.

Then the **crash** phase (`bench/rating_crash.py`), on PostgreSQL (the same scratch
database, dossiers of its own) and on SQLite (a scratch file): the clients post as fast
as served and resend whatever got no answer; after ``--crash-at`` of the requests are
answered the server is killed with SIGKILL (master and workers) and started again.
Acknowledged ratings lost, duplicates and overwritten ratings are counted: all must be 0.

Figures go to bench/results/rating-load.json, the section "Rating API under load" of
docs/benchmarks.md (rewritten) and standard output. Exit status 1 when a check fails or
a request gets an unexpected answer; goals not met are only reported.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pgscratch
import rating_crash
from measure import git_revision, load_average, machine
from rating_clients import Device, run_devices
from rating_report import GOAL_NEW_PER_S, GOAL_P95_MS, markdown
from report import replace_section

ROOT = Path(__file__).resolve().parent.parent
RESULT = ROOT / "bench" / "results" / "rating-load.json"
DOC = ROOT / "docs" / "benchmarks.md"
DOC_KEY = "rating-load"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
SUFFIX = "_ratingload"
LEVELS = ("very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied")
# The per-token limit is raised for the run: a real counter sends a rating a minute, a
# bench client hundreds. The limit is still checked (and counted) on every request.
SETTINGS_MODULE = "rating_load_settings"
SETTINGS_TEXT = 'from tthc.site.settings import *  # noqa: F403\nTTHC_API_RATE = "100000000/m"\n'


def say(message: str) -> None:
    print(f"[rating-load {datetime.now(LOCAL):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- the scratch database and the server ------------------------------------------------

def child_env(workdir: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, TTHC_DATA_DIR=str(workdir / "data"), PYTHONUNBUFFERED="1",
               DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
               # A key of the run's own: `tthc serve` is a production server, not the demo.
               TTHC_SECRET_KEY=env.get("TTHC_SECRET_KEY") or secrets.token_urlsafe(50),
               PYTHONPATH=os.pathsep.join(filter(None, [str(workdir), env.get("PYTHONPATH")])))
    return env


def seed(*, dossiers: int, devices: int, out: Path) -> None:
    """Run in a child with Django set up: the dossiers and the devices' tokens."""
    import django

    django.setup()
    from django.utils import timezone

    from tthc.api.http import token_hash
    from tthc.catalogue.models import Procedure
    from tthc.counter.models import CounterDevice
    from tthc.dossiers.models import Dossier
    from tthc.organisation.models import Unit

    unit = Unit.objects.create(code="STP", name="Sở Tư pháp", kind="province_agency")
    procedure = Procedure.objects.create(code="1.000001", name="Cấp phiếu lý lịch tư pháp", time_limit=5)
    received = timezone.now() - timedelta(days=3)
    Dossier.objects.bulk_create(
        (Dossier(code=f"RL-{n:07d}", procedure=procedure, unit=unit, desk=unit, channel="direct",
                 received_at=received, status="returned") for n in range(dossiers)), batch_size=5000)
    tokens = [secrets.token_urlsafe(24) for _ in range(devices)]
    CounterDevice.objects.bulk_create(CounterDevice(name=f"Quầy {i + 1}", desk=unit, token_hash=token_hash(t))
                                      for i, t in enumerate(tokens))
    out.write_text(json.dumps(tokens))


def start_server(tthc: Path, env: dict[str, str], *, port: int, workers: int | None,
                 log: Path) -> subprocess.Popen:
    command = [str(tthc), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    with log.open("wb") as sink:
        # `tthc serve` execs gunicorn: this pid becomes gunicorn's master.
        server = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"tthc serve exited ({server.returncode}); see {log}")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/openapi.json")
            if connection.getresponse().status == 200:
                return server
        time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"tthc serve did not answer within 90 s; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- whose CPU: the runs share the machine ------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


def _process_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


class CpuShare:
    """CPU used during a phase by this run (gunicorn, the database backends serving it,
    the load generator) and by everything else on the machine, in cores. Processes
    started during the phase count from zero."""

    def __init__(self, server_pid: int, database_url: str) -> None:
        self.server_pid, self.database_url = server_pid, database_url
        self.start = self._sample()

    def _pids(self) -> list[int]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            backends = [pid for (pid,) in connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")]
        return [self.server_pid, *_children(self.server_pid), *backends]

    def _sample(self) -> tuple[float, dict[int, int], int, int]:
        busy, total = _machine_ticks()
        return time.process_time(), {pid: _process_ticks(pid) for pid in self._pids()}, busy, total

    def stop(self, wall_s: float) -> dict:
        generator0, ticks0, busy0, total0 = self.start
        generator1, ticks1, busy1, total1 = self._sample()
        ours = sum(ticks - ticks0.get(pid, 0) for pid, ticks in ticks1.items())
        generator, busy, total = generator1 - generator0, busy1 - busy0, total1 - total0
        ours_cores = (ours / TICK + generator) / wall_s
        return {"this_run_cores": round(ours_cores, 2), "load_generator_cores": round(generator / wall_s, 2),
                "other_processes_cores": round(max(0.0, busy / TICK / wall_s - ours_cores), 2),
                "machine_busy_share": round(busy / total, 3) if total else None}


# --- the load ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Request:
    dossier: str
    body: bytes
    client_id: str
    satisfaction: str
    kind: str  # first, resend (identical), different


@dataclass(slots=True)
class Outcome:
    request: Request
    status: int
    latency_s: float
    late_s: float  # how much later than scheduled it was sent (paced phase)


def plan(codes: list[str], *, resubmit: float, clients: int, rng: random.Random) -> list[Request]:
    """Each dossier once, and a share of them again shortly after (other clients)."""
    keyed: list[tuple[float, Request]] = []
    for index, code in enumerate(codes):
        client_id, level = str(uuid.uuid4()), rng.choice(LEVELS)
        payload = {"dossier": code, "satisfaction": level, "client_id": client_id,
                   "agencies_contacted": rng.choice((None, 0, 1, 2)), "disclosure_seen": rng.choice(("both", "one"))}
        first = Request(code, json.dumps(payload).encode(), client_id, level, "first")
        keyed.append((index, first))
        if rng.random() < resubmit:
            if rng.random() < 0.5:
                again = Request(code, first.body, client_id, level, "resend")
            else:
                other_id, other = str(uuid.uuid4()), rng.choice([x for x in LEVELS if x != level])
                body = json.dumps({**payload, "satisfaction": other, "client_id": other_id}).encode()
                again = Request(code, body, other_id, other, "different")
            # Close behind the first: often in flight at the same time, on another client.
            keyed.append((index + rng.uniform(0.5, 2 * clients), again))
    keyed.sort(key=lambda item: item[0])
    return [request for _, request in keyed]


def run_phase(requests: list[Request], *, tokens: list[str], port: int, rate: float) -> tuple[list[Outcome], float]:
    """Send every request from len(tokens) threads; returns the outcomes and the wall time.

    Paced (rate > 0): request i is due at start + i / rate and is sent by whichever
    client is free; its latency runs from the due time (no coordinated omission).
    """
    start = time.perf_counter() + 0.2

    def send(index: int, device: Device) -> Outcome:
        request = requests[index]
        due = start + (index / rate if rate > 0 else 0.0)
        now = time.perf_counter()
        if now < due:
            time.sleep(due - now)
        sent = time.perf_counter()
        status = device.post(request.body)
        ended = time.perf_counter()
        begun = due if rate > 0 else sent
        return Outcome(request, status, ended - begun, max(0.0, sent - due) if rate > 0 else 0.0)

    outcomes = run_devices(tokens, port=port, requests=len(requests), handle=send)
    return outcomes, time.perf_counter() - start


def warm_up(port: int, tokens: list[str], *, codes: list[str]) -> None:
    """Look-ups (no writes) until every worker holds its database connection."""
    def look(token: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for code in codes:
            connection.request("GET", f"/api/dossiers/{code}", headers={"Authorization": f"Bearer {token}"})
            connection.getresponse().read()
        connection.close()

    threads = [threading.Thread(target=look, args=(token,)) for token in tokens[:8]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summarise(name: str, outcomes: list[Outcome], wall_s: float, *, rate: float, clients: int) -> dict:
    count = {status: 0 for status in (201, 200, 409)}
    unexpected: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.status in count:
            count[outcome.status] += 1
        else:
            unexpected[str(outcome.status)] = unexpected.get(str(outcome.status), 0) + 1
    latencies = [o.latency_s * 1000 for o in outcomes]
    new = [o.latency_s * 1000 for o in outcomes if o.status == 201]
    return {
        "phase": name, "clients": clients, "offered_requests_per_s": rate or None, "requests": len(outcomes),
        "wall_s": round(wall_s, 3), "new_ratings": count[201], "resends_200": count[200],
        "refused_409": count[409], "unexpected": unexpected,
        "new_ratings_per_s": round(count[201] / wall_s, 1), "requests_per_s": round(len(outcomes) / wall_s, 1),
        "latency_ms": {"p50": round(percentile(latencies, 0.50), 1), "p95": round(percentile(latencies, 0.95), 1),
                       "p99": round(percentile(latencies, 0.99), 1), "max": round(max(latencies, default=0), 1)},
        "latency_new_ms": {"p50": round(percentile(new, 0.50), 1), "p95": round(percentile(new, 0.95), 1),
                           "p99": round(percentile(new, 0.99), 1)},
        "sent_late_over_10ms": sum(1 for o in outcomes if o.late_s > 0.010),
    }


def verify(database_url: str, outcomes: list[Outcome], codes: list[str]) -> dict:
    """One stored rating per dossier, and every acknowledged rating stored as acknowledged."""
    every, server = rating_crash.stored_ratings(database_url)
    stored = {code: every[code] for code in codes if code in every}
    acknowledged = [o for o in outcomes if o.status in (200, 201)]
    missing = [o.request.dossier for o in acknowledged
               if stored.get(o.request.dossier, [None])[0] != (o.request.client_id, o.request.satisfaction)]
    unrated = [code for code in codes if code not in stored]
    created = sum(1 for o in outcomes if o.status == 201)
    per_dossier_max = max((len(rows) for rows in stored.values()), default=0)
    return {
        "ratings_stored": sum(len(rows) for rows in stored.values()), "ratings_acknowledged_201": created,
        "dossiers": len(codes), "max_ratings_per_dossier": per_dossier_max, "acknowledged": len(acknowledged),
        "acknowledged_missing": len(missing), "dossiers_unrated": len(unrated),
        "ok": per_dossier_max <= 1 and not missing and not unrated and created == len(stored) == len(codes),
        "server": server,
    }


def prepare(venv: Path, env: dict[str, str], workdir: Path, *, dossiers: int, devices: int) -> list[str]:
    """Migrate the scratch database, create the dossiers and the devices; their tokens."""
    subprocess.run([str(venv / "bin" / "tthc"), "migrate", "--noinput", "-v", "0"], env=env, check=True)
    # A database cache (shared rate limits) needs its table; a no-op for other caches.
    subprocess.run([str(venv / "bin" / "tthc"), "createcachetable"], env=env, check=True)
    say(f"creating {dossiers:,} dossiers and {devices} devices")
    tokens_file = workdir / "tokens.json"
    subprocess.run([str(venv / "bin" / "python"), __file__, "--seed-only", str(dossiers), str(devices),
                    str(tokens_file)], env=env, check=True)
    return json.loads(tokens_file.read_text())


def crash_phase(name: str, *, server: subprocess.Popen, restart: Callable[[], subprocess.Popen],
                database_url: str, codes: list[str], tokens: list[str], args: argparse.Namespace,
                rng: random.Random) -> tuple[dict, subprocess.Popen]:
    """The crash phase on one database; its check and the server now running."""
    requests = plan(codes, resubmit=args.resubmit, clients=args.clients, rng=rng)
    kill_after = max(1, round(args.crash_at * len(requests)))
    say(f"crash on {name}: {len(requests):,} requests from {args.clients} clients, kill -9 after "
        f"{kill_after:,} answers")
    started = time.perf_counter()
    deliveries, crash, server = rating_crash.run_crash_phase(
        requests, tokens=tokens, port=args.port, server=server, kill_after=kill_after, restart=restart)
    wall = time.perf_counter() - started
    check = rating_crash.crash_check(database_url, deliveries, codes, crash, started=started)
    check.update(database=name, wall_s=round(wall, 2))
    say(f"crash on {name}: outage {check['outage_s']} s, {check['requests_resent_after_no_answer']} resent; "
        f"lost {check['acknowledged_lost']}, duplicates {check['duplicates']}, overwritten "
        f"{check['overwritten']} — {'OK' if check['ok'] else 'FAILED'}")
    return check, server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (make pg-start prints it)")
    parser.add_argument("--dossiers", type=int, default=12000, help="dossiers per phase (default 12000)")
    parser.add_argument("--clients", type=int, default=64, help="concurrent clients, one device each (≥ 50)")
    parser.add_argument("--resubmit", type=float, default=0.2, help="share of dossiers posted twice (0.2)")
    parser.add_argument("--rate", type=float, default=400.0,
                        help="requests/s offered in the paced phase (default 400: above the goal's 300 new "
                             "ratings/s once the duplicates are counted apart)")
    parser.add_argument("--workers", type=int, default=None,
                        help="gunicorn workers (default: what `tthc serve` picks, 2 on 2 cores)")
    parser.add_argument("--crash-dossiers", type=int, default=6000,
                        help="dossiers of the crash phase, on each database (default 6000)")
    parser.add_argument("--crash-at", type=float, default=0.4,
                        help="share of the crash phase's requests answered before the kill (0.4)")
    parser.add_argument("--crash-down", type=float, default=1.0,
                        help="seconds between the kill and the restart (1.0)")
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--venv", default=str(ROOT / ".venv"))
    parser.add_argument("--output", default=str(RESULT))
    parser.add_argument("--doc", default=str(DOC), help="the Markdown file whose section is rewritten")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and folder")
    parser.add_argument("--seed-only", nargs=3, metavar=("DOSSIERS", "DEVICES", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        seed(dossiers=int(args.seed_only[0]), devices=int(args.seed_only[1]), out=Path(args.seed_only[2]))
        return 0
    if not args.database_url or not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be a PostgreSQL URL")
    if args.clients < 1 or args.dossiers < 1 or args.crash_dossiers < 1:
        parser.error("--clients, --dossiers and --crash-dossiers must be positive")
    if not 0 < args.crash_at < 1:
        parser.error("--crash-at must be between 0 and 1")

    venv = Path(args.venv)
    tthc = venv / "bin" / "tthc"
    workdir = Path(tempfile.mkdtemp(prefix="tthc-rating-load-"))
    (workdir / f"{SETTINGS_MODULE}.py").write_text(SETTINGS_TEXT)
    database_url = pgscratch.fresh_database(args.database_url, SUFFIX)
    env = child_env(workdir, database_url)
    server = None
    try:
        say(f"scratch database {pgscratch.scratch_name(args.database_url, SUFFIX)[0]}, folder {workdir}")
        tokens = prepare(venv, env, workdir, dossiers=2 * args.dossiers + args.crash_dossiers,
                         devices=args.clients)

        def serve(env: dict[str, str] = env, log: str = "serve.log") -> subprocess.Popen:
            return start_server(tthc, env, port=args.port, workers=args.workers, log=workdir / log)

        server = serve()
        warm_up(args.port, tokens, codes=[f"RL-{n:07d}" for n in range(50)])
        rng = random.Random(args.seed)
        codes = [f"RL-{n:07d}" for n in range(2 * args.dossiers + args.crash_dossiers)]
        phases, outcomes = [], []
        for name, chunk, rate in (("saturation", codes[:args.dossiers], 0.0),
                                  ("paced", codes[args.dossiers:2 * args.dossiers], args.rate)):
            requests = plan(chunk, resubmit=args.resubmit, clients=args.clients, rng=rng)
            say(f"{name}: {len(requests):,} requests from {args.clients} clients"
                + (f" at {rate:.0f}/s" if rate else ""))
            share = CpuShare(server.pid, database_url)
            done, wall = run_phase(requests, tokens=tokens, port=args.port, rate=rate)
            phases.append(summarise(name, done, wall, rate=rate, clients=args.clients))
            phases[-1]["cpu"] = share.stop(wall)
            outcomes += done
            say(f"{name}: {phases[-1]['new_ratings_per_s']} new ratings/s, p95 {phases[-1]['latency_ms']['p95']} ms; "
                f"CPU {phases[-1]['cpu']}")
        load = load_average()
        workers = len(_children(server.pid))
        check = verify(database_url, outcomes, codes[:2 * args.dossiers])

        crashes = []
        crash, server = crash_phase("PostgreSQL", server=server, restart=lambda: serve(log="serve-restarted.log"),
                                    database_url=database_url, codes=codes[2 * args.dossiers:], tokens=tokens,
                                    args=args, rng=rng)
        crashes.append(crash)
        stop_server(server)
        server = None

        # The same on SQLite: a scratch file in the run's folder.
        sqlite_url = f"sqlite:///{workdir / 'sqlite' / 'rating-load.sqlite3'}"
        sqlite_env = {**child_env(workdir, sqlite_url), "TTHC_SECRET_KEY": env["TTHC_SECRET_KEY"]}
        say(f"SQLite scratch database {sqlite_url}")
        sqlite_tokens = prepare(venv, sqlite_env, workdir, dossiers=args.crash_dossiers, devices=args.clients)
        server = serve(sqlite_env, "serve-sqlite.log")
        warm_up(args.port, sqlite_tokens, codes=[f"RL-{n:07d}" for n in range(50)])
        crash, server = crash_phase("SQLite", server=server,
                                    restart=lambda: serve(sqlite_env, "serve-sqlite-restarted.log"),
                                    database_url=sqlite_url, codes=codes[:args.crash_dossiers],
                                    tokens=sqlite_tokens, args=args, rng=rng)
        crashes.append(crash)
        stop_server(server)
        server = None

        unexpected = sum(sum(p["unexpected"].values()) for p in phases)
        result = {
            "format_version": 1,
            "ran_at": datetime.now(LOCAL).isoformat(timespec="seconds"),
            "invoked_as": os.environ.get("BENCH_INVOKED_AS", "python bench/rating_load.py"),
            "config": {"dossiers_per_phase": args.dossiers, "clients": args.clients, "resubmit": args.resubmit,
                       "paced_rate": args.rate, "workers": workers, "per_token_rate_limit": "100000000/m",
                       "crash_dossiers": args.crash_dossiers, "crash_at": args.crash_at,
                       "crash_down_s": args.crash_down},
            "machine": machine(venv / "bin" / "python"), "revision": git_revision(ROOT), "load_average": load,
            "phases": phases, "check": check, "crash": crashes,
            "goals": {"new_ratings_per_s": GOAL_NEW_PER_S, "p95_ms": GOAL_P95_MS,
                      # Both goals in the same phase: that many new ratings per second, at that latency.
                      "throughput_met": phases[1]["new_ratings_per_s"] >= GOAL_NEW_PER_S,
                      "p95_met": phases[1]["latency_ms"]["p95"] <= GOAL_P95_MS},
        }
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        section = markdown(result, key=DOC_KEY)
        replace_section(Path(args.doc), DOC_KEY, section)
        print(section)
        say(f"figures written to {args.output}; section rewritten in {args.doc}")
        return 0 if check["ok"] and not unexpected and all(c["ok"] for c in crashes) else 1
    finally:
        if server is not None:
            stop_server(server)
        if not args.keep:
            pgscratch.drop_database(args.database_url, SUFFIX)
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
