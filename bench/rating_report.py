"""The section of docs/benchmarks.md that bench/rating_load.py rewrites after each run:
the load phases with their goals, then the crash phase on each database."""

from __future__ import annotations

from datetime import datetime

from report import revision_text

# The goals of issue 4 (the rating API on 2 cores).
GOAL_NEW_PER_S = 300
GOAL_P95_MS = 100


def met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _phases_table(result: dict) -> list[str]:
    rows = ["| Phase | Clients | Offered req/s | Requests | New ratings | Duplicates (200 / 409) | New ratings/s "
            "| p50 ms | p95 ms | p99 ms | Unexpected | CPU: this run / others (cores) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for phase in result["phases"]:
        lat = phase["latency_ms"]
        offered = phase["offered_requests_per_s"] or "as fast as served"
        rows.append(f"| {phase['phase']} | {phase['clients']} | {offered} "
                    f"| {phase['requests']:,} | {phase['new_ratings']:,} | {phase['resends_200']:,} / "
                    f"{phase['refused_409']:,} | {phase['new_ratings_per_s']:,} | {lat['p50']} | {lat['p95']} "
                    f"| {lat['p99']} | {sum(phase['unexpected'].values())} "
                    f"| {phase['cpu']['this_run_cores']} / {phase['cpu']['other_processes_cores']} |")
    return rows


def _crash_table(result: dict) -> list[str]:
    rows = ["| Database | Dossiers | Requests | Answered before the kill | Outage (kill → answering) "
            "| Resent after no answer | Stored, answer lost, 200 on resend | Acknowledged lost | Duplicates "
            "| Overwritten | Result |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for crash in result["crash"]:
        rows.append(f"| {crash['database']} | {crash['dossiers']:,} | {crash['requests']:,} "
                    f"| {crash['answered_before_kill']:,} (at {crash['killed_after_s']} s) | {crash['outage_s']} s "
                    f"| {crash['requests_resent_after_no_answer']:,} "
                    f"| {crash['stored_before_kill_acknowledged_on_resend']:,} | {crash['acknowledged_lost']} "
                    f"| {crash['duplicates']} | {crash['overwritten']} | {'OK' if crash['ok'] else '**FAILED**'} |")
    return rows


def _server(crash: dict) -> str:
    server = crash["server"]
    if server["vendor"] == "sqlite":
        return f"SQLite {server['server_version']} (journal {server['journal_mode']}, synchronous NORMAL)"
    return (f"PostgreSQL {server['server_version']} (fsync {server['fsync']}, synchronous_commit "
            f"{server['synchronous_commit']})")


def _when(iso: str) -> str:
    """2026-11-27T05:07:32+07:00 → 2026-11-27 05:07 +07."""
    moment = datetime.fromisoformat(iso)
    return f"{moment:%Y-%m-%d %H:%M} {moment:%z}"[:-2]


def markdown(result: dict, *, key: str) -> str:
    """The section of docs/benchmarks.md, between its markers."""
    config, check, goals = result["config"], result["check"], result["goals"]
    paced, saturation = result["phases"][1], result["phases"][0]
    cpu_others = [phase["cpu"]["other_processes_cores"] for phase in result["phases"]]
    resend_share = f"{config['resubmit']:.0%}"
    lines = [
        "## Rating API under load, and a server killed mid-load (issues 4 and 10)",
        f"<!-- bench:{key} begin: written by bench/rating_load.py, rewritten by the next run -->",
        "",
        f"`make bench` ends with `bench/rating_load.py` (or `make bench-ratings` alone): `tthc serve` "
        f"(gunicorn, {config['workers']} workers) on loopback against a scratch PostgreSQL database, "
        f"{config['clients']} concurrent clients each with its own counter-device token, {resend_share} of the "
        "dossiers posted twice (half identical resends, half different ratings, often in flight together). "
        f"Two phases of {config['dossiers_per_phase']:,} dossiers: *saturation* (as fast as answered: capacity) "
        f"and *paced* at {config['paced_rate']:.0f} requests/s (latency from the scheduled time; the goals are "
        "judged here). Raw figures: `bench/results/rating-load.json`.",
        "",
        f"Measured {_when(result['ran_at'])}, {revision_text(result['revision'])}, by "
        f"`{result['invoked_as']}`. {result['machine']['cpu']}, {result['machine']['cores']} cores shared "
        f"with the load generator and with other sessions' work (other processes used "
        f"{min(cpu_others)}–{max(cpu_others)} cores; figures fall with that load, so compare runs taken on a "
        f"quiet machine); {_server({'server': check['server']})} — the test cluster: a production server "
        "commits to disk and will be slower.",
        "",
        *_phases_table(result),
        "",
        "| Goal | Result |",
        "|---|---|",
        f"| ≥ {GOAL_NEW_PER_S} new ratings stored per second | {met(goals['throughput_met'])} "
        f"({paced['new_ratings_per_s']} paced, {saturation['new_ratings_per_s']} at saturation) |",
        f"| p95 latency ≤ {GOAL_P95_MS} ms | {met(goals['p95_met'])} ({paced['latency_ms']['p95']} ms paced) |",
        f"| exactly one stored rating per dossier | {met(check['max_ratings_per_dossier'] <= 1)} "
        f"({check['ratings_stored']:,} ratings for {check['dossiers']:,} dossiers, at most "
        f"{check['max_ratings_per_dossier']} each) |",
        f"| no acknowledged rating missing | {met(not check['acknowledged_missing'])} "
        f"({check['acknowledged']:,} acknowledged, {check['acknowledged_missing']} missing) |",
        "",
        "**Killed mid-load** (`bench/rating_crash.py`): on each database, "
        f"{config['crash_dossiers']:,} dossiers of their own, the same clients and resends, as fast as served; "
        "a client sends a request again (same body and `client_id`) whenever it got no answer — refused, reset "
        f"or 5xx —, as a counter device keeps a rating until acknowledged. After {config['crash_at']:.0%} of the "
        "requests are answered, the whole gunicorn process group (master and workers) gets SIGKILL, "
        "with requests in flight, queued and mid-transaction; `tthc serve` is started again "
        f"{config['crash_down_s']} s later and the clients carry on. Counted from the database afterwards: "
        "*acknowledged lost* (a 2xx answer, no rating stored), *duplicates* (more than one rating for a "
        "dossier), *overwritten* (the stored rating differs from the first one acknowledged) — all must be 0.",
        "",
        *_crash_table(result),
        "",
        "Servers: " + "; ".join(f"{crash['database']}: {_server(crash)}" for crash in result["crash"]) + ". "
        "A killed process loses nothing the operating system has written, so this proves the order "
        "(stored, then acknowledged) and that resends are idempotent; surviving a power cut also depends "
        "on the database's durability settings (`fsync`, `synchronous_commit`, SQLite's `synchronous`).",
        "",
        f"<!-- bench:{key} end -->",
    ]
    return "\n".join(lines) + "\n"
