"""Render one run's results as a section of docs/benchmarks.md, replacing the section of
the same database and size, so that the document always holds the latest figures of
each configuration."""

from __future__ import annotations

import re
from pathlib import Path
from statistics import median

GIB = 1024 ** 3
# Goals of issue 3, on a 2-core machine.
IMPORT_RATE_GOAL = 20_000  # dossiers per second, the whole `tthc import all`
SCORE_SECONDS_GOAL = 10.0
MEMORY_GOAL = 2 * GIB

# Goals of issue 11: the national index of a province-year within 1.5 times the nine
# indicators' time on the same records; a month within a second.
INDEX_RATIO_GOAL = 1.5
MONTH_SECONDS_GOAL = 1.0
INDEX = "index"  # results["part"] of the national index's runs (bench/run.py run_index)

INTRO_END = "<!-- sections below are written by bench/run.py -->"

ENGINE_TITLES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def section_key(results: dict) -> str:
    key = f"{results['database']['vendor']}-{results['dataset']['dossiers']}"
    return f"{INDEX}-{key}" if results.get("part") == INDEX else key


def _n(value: float | int) -> str:
    return f"{value:,.0f}"


def _s(seconds: float) -> str:
    return f"{seconds:,.1f} s" if seconds < 600 else f"{seconds:,.0f} s ({seconds / 60:.1f} min)"


def _gib(size: int) -> str:
    return f"{size / GIB:.2f} GiB"


def _verdict(ok: bool | None) -> str:
    if ok is None:
        return "—"
    return "met" if ok else "**not met**"


def _machine(results: dict) -> str:
    m = results["machine"]
    load = results["load_average"]
    cores = f"{m['cores']} cores" + (f" ({m['cores_usable']} usable)" if m["cores_usable"] != m["cores"] else "")
    versions = [f"Python {m['python']}", f"SQLite {m['sqlite']}"]
    if results["database"]["vendor"] == "postgresql":
        versions.append(f"PostgreSQL server {results['database']['version']}")
    elif m.get("postgresql"):
        versions.append(f"{m['postgresql']} (installed, not used here)")
    return (f"**Machine**: {m['cpu']}, {cores}, {_gib(m['memory_bytes'])} RAM, {m['os']}; "
            f"{', '.join(versions)}. The 2 cores were shared with other engineers' builds and "
            f"tests during the run (load average {load['start'][0]} at the start, "
            f"{load['end'][0]} at the end); CPU time is given beside wall time for that reason"
            + (" (it is the client process's only: the server works in processes of its own)."
               if results["database"]["vendor"] == "postgresql" else "."))


# How each data set was written, and what it covers (bench/probe.py generate).
DATA_SETS = {
    "2020": ("tthc.demo.generate.write_demo", "year 2020"),
    "2026": ("tthc.demo.generate_2026.write_demo_2026",
             "Điện Biên from 2025-07-01 to 2026-11-30 on the two-level organisation, format version 2"),
}


def _dataset(results: dict) -> str:
    d = results["dataset"]
    rows = ", ".join(f"{_n(n)} {kind}" for kind, n in d["rows"].items())
    gen = d["generate"]
    writer, covering = DATA_SETS[d.get("data_set", "2020")]
    return (f"**Data set**: `{writer}(seed={d['seed']}, "
            f"dossiers={d['dossiers']:_})`, {covering}: {rows}. Generated in {_s(gen['wall_s'])} "
            f"(peak {_gib(gen['peak_rss_bytes'])}); database after import: "
            f"{_gib(results['database']['size_bytes'])}.")


def _import_goal_rows(results: dict) -> list[str]:
    rows: list[str] = []
    imp = results["import"]
    if imp:
        # The goal (issue 3) is about "importing 1,000,000 canonical CSV rows" of dossiers:
        # the dossiers file's own rate. The whole province-year (steps, ratings … too) is
        # reported beside it, without a goal of its own.
        dossiers = next((k for k in imp.get("kinds", []) if k["kind"] == "dossiers"), None)
        if dossiers and dossiers["seconds"]:
            rate = dossiers["created"] + dossiers["updated"] + dossiers["unchanged"]
            rate /= dossiers["seconds"]
            rows.append(f"| Import of the dossiers file (canonical CSV) | {_n(rate)} dossiers/s "
                        f"({_s(dossiers['seconds'])} for {_n(results['dataset']['rows']['dossiers'])} rows) "
                        f"| ≥ {_n(IMPORT_RATE_GOAL)} dossiers/s | {_verdict(rate >= IMPORT_RATE_GOAL)} |")
        whole = sum(results["dataset"]["rows"].values()) / imp["wall_s"]
        rows.append(f"| Import of the whole province-year, `tthc import all` (every kind) | "
                    f"{_s(imp['wall_s'])}: {_n(whole)} rows/s, "
                    f"{_n(results['dataset']['rows']['dossiers'] / imp['wall_s'])} dossiers/s | "
                    "minutes (issue 3) | " + _verdict(imp["wall_s"] <= 600) + " |")
        rows.append(f"| Import, peak memory | {_gib(imp['peak_rss_bytes'])} | ≤ 2 GiB "
                    f"| {_verdict(imp['peak_rss_bytes'] <= MEMORY_GOAL)} |")
    return rows


def _goal_rows(results: dict) -> list[str]:
    rows = _import_goal_rows(results)
    for score in results["scores"]:
        label = f"Score {score['period']}, `tthc score --period {score['period']} --json`"
        if score["returncode"] != 0:
            rows.append(f"| {label} | failed (exit {score['returncode']}) | ≤ 10 s | **failed** |")
            continue
        rows.append(f"| {label} | {_s(score['wall_s'])} | ≤ 10 s "
                    f"| {_verdict(score['wall_s'] <= SCORE_SECONDS_GOAL)} |")
        rows.append(f"| Score {score['period']}, peak memory | {_gib(score['peak_rss_bytes'])} | ≤ 2 GiB "
                    f"| {_verdict(score['peak_rss_bytes'] <= MEMORY_GOAL)} |")
    rows += _page_and_report_rows(results)
    for agreement in results["agreement"]:
        rows.append(f"| Agreement {agreement['period']}, bulk = per-dossier | "
                    f"{_agreement_figure(agreement)} | identical | {_agreement_verdict(agreement)} |")
    return rows


PAGE_MS_GOAL = 300.0
REPORT_SECONDS_GOAL = 5.0


def _page_and_report_rows(results: dict) -> list[str]:
    """Issue 5's goals: the dashboards' median server time, report (c)'s generation."""
    rows = []
    pages = results.get("pages")
    if pages:
        for name, label in (("overview", "Province overview `/tong-quan/{p}/`"),
                            ("drilldown", "Agency drill-down `/tong-quan/{p}/don-vi/{u}/chi-so/1/`")):
            figure = pages[name]
            text = label.format(p=pages["period"], u=pages["drilldown"]["unit"])
            if name == "drilldown":
                text += f" ({_n(figure['unit_dossiers'])} dossiers in the unit)"
            rows.append(f"| {text}, median server time of {pages['requests']} | "
                        f"{figure['median_ms']:.0f} ms ({figure['queries']} queries) | ≤ 300 ms | "
                        f"{_verdict(figure['median_ms'] <= PAGE_MS_GOAL)} |")
    reports = results.get("reports")
    if reports:
        for fmt in ("xlsx", "pdf"):
            seconds = reports["median_seconds"][fmt]
            rows.append(f"| Report (c), all {reports['agencies']} agencies of {reports['period']}, "
                        f"{fmt.upper()} (median of {reports['repeat']}) | {_s(seconds)} | ≤ 5 s | "
                        f"{_verdict(seconds <= REPORT_SECONDS_GOAL)} |")
    return rows


def _agreement_figure(agreement: dict) -> str:
    status = agreement["status"]
    if status == "unavailable":
        return "not checked: `compute_period(path=…)` does not exist yet"
    if status == "error":
        return f"not checked: a path failed ({agreement['error']})"
    c = agreement["comparison"]
    officials = f"{c['officials']} officials, " if c["officials"] else ""
    what = f"{c['agencies']} agencies, {officials}{c['overdue_units']} units' overdue counts"
    if c["dossiers_compared"]:
        what += f", {_n(c['dossiers_compared'])} dossiers' points"
    if c["identical"]:
        return f"identical: {what}"
    return f"{c['differences']} differences over {what}"


def _agreement_verdict(agreement: dict) -> str:
    if agreement["status"] == "compared" and agreement["comparison"]["identical"]:
        return "met"
    return "**failed**"


def _import_table(results: dict) -> list[str]:
    imp = results["import"]
    lines = ["| Kind | Rows | Time | Rows/s | Rejected | Warnings |", "|---|---:|---:|---:|---:|---:|"]
    for kind in imp["kinds"]:
        seconds = kind["seconds"]
        rows = kind["created"] + kind["updated"] + kind["unchanged"] + kind["rejected"]
        rate = _n(rows / seconds) if seconds else "—"
        lines.append(f"| {kind['kind']} | {_n(rows)} | {_s(seconds) if seconds is not None else '—'} "
                     f"| {rate} | {_n(kind['rejected'])} | {_n(kind['warnings'])} |")
    lines.append(f"| **whole process** (start-up, migration check, every file) | "
                 f"{_n(sum(k['created'] + k['updated'] + k['unchanged'] + k['rejected'] for k in imp['kinds']))} "
                 f"| {_s(imp['wall_s'])} (CPU {_s(imp['cpu_s'])}) | | {_n(imp['rejected'])} "
                 f"| {_n(imp['warnings'])} |")
    return lines


def _score_table(results: dict) -> list[str]:
    lines = ["| Period | Wall | CPU | Peak memory | Dossiers scored (stored) | Agencies | Officials |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for s in results["scores"]:
        if s["returncode"] != 0:
            lines.append(f"| {s['period']} | failed, exit {s['returncode']} (see {s['stderr']}) | | | | | |")
            continue
        # Read back from the database afterwards: absent when that read failed.
        stored = _n(s["dossiers_scored"]) if "dossiers_scored" in s else "—"
        lines.append(f"| {s['period']} | {_s(s['wall_s'])} | {_s(s['cpu_s'])} | {_gib(s['peak_rss_bytes'])} "
                     f"| {stored} | {s['agencies']} | {s['officials']} |")
    return lines


def _agreement_table(results: dict) -> list[str]:
    lines = ["| Period | Path | `compute_period` | Process wall | Peak memory |", "|---|---|---:|---:|---:|"]
    for a in results["agreement"]:
        for path in ("bulk", "per_dossier"):
            run = a["paths"].get(path)
            if not run:
                continue
            compute = _s(run["compute_seconds"]) if run.get("compute_seconds") is not None else "—"
            lines.append(f"| {a['period']} | {path} | {compute} | {_s(run['wall_s'])} "
                         f"| {_gib(run['peak_rss_bytes'])} |")
    shown = [line for a in results["agreement"] if a["status"] == "compared"
             for line in a["comparison"]["shown"]]
    if shown:
        lines += ["", "First differences:", "", *(f"- {line}" for line in shown)]
    return lines


def _source_changes(revision: dict) -> list[str]:
    # Only the measured code matters to the figures; the harness and this document
    # change with every run.
    return [name for name in revision.get("modified_files", []) if name.startswith("src/")]


def revision_text(revision: dict) -> str:
    text = f"commit `{revision['commit']}`"
    changed = _source_changes(revision)
    if changed:
        listed = ", ".join(f"`{name}`" for name in changed[:8]) + (", …" if len(changed) > 8 else "")
        text += f" with uncommitted changes to {listed}"
    elif revision["modified"] and "modified_files" not in revision:
        text += " with uncommitted changes"
    elif revision["modified"]:
        text += " (no uncommitted change to `src/`)"
    return text


def _index_rows(results: dict) -> list[str]:
    """Issue 11's goals: the index's year against the nine indicators', the month."""
    index, scores = results["index"], results["scores"]

    def runs(period: str, method: str) -> list[dict]:
        return [s for s in scores if s["period"] == period and s["method"] == method]

    def failed(found: list[dict]) -> bool:
        return not found or any(s["returncode"] != 0 for s in found)

    rows = []
    year, month = index["year"], index["month"]
    mine, nine = runs(year, index["method"]), runs(year, index["nine"])
    label = (f"Year {year} (January–November, the data's months of {year}), `tthc score --period {year} "
             f"--method {index['method']}` ÷ `--method {index['nine']}` on the same records, "
             f"median of {len(mine)} alternating runs")
    if failed(mine) or failed(nine):
        rows.append(f"| {label} | a run failed | ≤ {INDEX_RATIO_GOAL}× | **failed** |")
    else:
        wall = [median(s[k] for s in mine) / median(s[k] for s in nine) for k in ("wall_s", "cpu_s")]
        rows.append(f"| {label} | {_s(median(s['wall_s'] for s in mine))} ÷ "
                    f"{_s(median(s['wall_s'] for s in nine))} = **{wall[0]:.2f}×** "
                    f"(CPU time: {wall[1]:.2f}×) | ≤ {INDEX_RATIO_GOAL}× | "
                    f"{_verdict(wall[0] <= INDEX_RATIO_GOAL)} |")
        peak = max(s["peak_rss_bytes"] for s in mine)
        rows.append(f"| Year {year} under {index['method']}, peak memory | {_gib(peak)} | ≤ 2 GiB "
                    f"| {_verdict(peak <= MEMORY_GOAL)} |")
    found = runs(month, index["method"])
    label = (f"Month {month}, `tthc score --period {month} --method {index['method']} --json` end to "
             f"end (process start to exit), median of {len(found)}")
    if failed(found):
        rows.append(f"| {label} | a run failed | ≤ 1 s | **failed** |")
    else:
        seconds = median(s["wall_s"] for s in found)
        rows.append(f"| {label} | {_s(seconds)} (CPU {_s(median(s['cpu_s'] for s in found))}) | ≤ 1 s "
                    f"| {_verdict(seconds <= MONTH_SECONDS_GOAL)} |")
    compute = index.get("month_compute")
    if compute:
        warm = median(compute["seconds"][1:] or compute["seconds"])
        cpu = compute.get("cpu_seconds")
        used = f", CPU {median(cpu[1:] or cpu):.2f} s" if cpu else ""
        rows.append(f"| Month {month}, `compute_period` of the bulk path in a running process (nothing "
                    f"stored), median of {len(compute['seconds']) - 1} after the first | "
                    f"{warm:.2f} s{used} (first call {compute['seconds'][0]:.2f} s; "
                    f"{_n(compute['dossiers'])} dossiers scored) | ≤ 1 s "
                    f"| {_verdict(warm <= MONTH_SECONDS_GOAL)} |")
    for agreement in results["agreement"]:
        rows.append(f"| Agreement {agreement['period']} under {agreement['method']}, bulk = per-dossier | "
                    f"{_agreement_figure(agreement)} | identical | {_agreement_verdict(agreement)} |")
    return rows


def _index_score_table(results: dict) -> list[str]:
    lines = ["| Period | Methodology | Run | Wall | CPU | Peak memory | Dossiers scored (stored) | Units |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    runs: dict[tuple[str, str], int] = {}
    for s in results["scores"]:
        key = (s["period"], s["method"])
        runs[key] = runs.get(key, 0) + 1
        if s["returncode"] != 0:
            lines.append(f"| {s['period']} | {s['method']} | {runs[key]} | failed, exit {s['returncode']} "
                         f"(see {s['stderr']}) | | | | |")
            continue
        stored = _n(s["dossiers_scored"]) if "dossiers_scored" in s else "—"
        lines.append(f"| {s['period']} | {s['method']} | {runs[key]} | {_s(s['wall_s'])} | {_s(s['cpu_s'])} "
                     f"| {_gib(s['peak_rss_bytes'])} | {stored} | {s['agencies']} |")
    return lines


def _header(results: dict, title: str) -> list[str]:
    key = section_key(results)
    start, end = results["revision"], results.get("revision_end")
    commit = revision_text(start)
    if end and (end["commit"], _source_changes(end)) != (start["commit"], _source_changes(start)):
        commit += (f"; the shared checkout changed during the run, to {revision_text(end)} at its end, "
                   "so later steps may have run newer code")
    return [
        f"## {title}",
        f"<!-- bench:{key} begin: written by bench/run.py, rewritten by the next run -->",
        "",
        f"Measured {results['date']}, {commit}, by `{results['command']}`.",
        "",
        _machine(results),
        "",
    ]


def _opening(results: dict, title: str, dataset: str, goal_rows: list[str]) -> list[str]:
    """A section's title, provenance, machine, data set, goals, notes and import table."""
    lines = [*_header(results, title), dataset, "", "| Measure | Figure | Goal | Result |",
             "|---|---|---|---|", *goal_rows, ""]
    if results["notes"]:
        lines += [*(f"- {note}" for note in results["notes"]), ""]
    if results["import"]:
        lines += ["Import by kind (times from each file's import run; rows/s of that file alone):", "",
                  *_import_table(results), ""]
    return lines


def render_index(results: dict) -> str:
    engine = ENGINE_TITLES.get(results["database"]["vendor"], results["database"]["vendor"])
    index = results["index"]
    lines = _opening(results, f"The national index ({index['method']}), {engine}, "
                              f"{_n(results['dataset']['dossiers'])} dossiers of 2025–2026",
                     _dataset(results), [*_import_goal_rows(results), *_index_rows(results)])
    lines += ["Scoring, end to end (process start to exit: loading, per-dossier points, aggregates, "
              "stored results, JSON), in the order run:", "", *_index_score_table(results), ""]
    if results["agreement"]:
        lines += [f"Agreement runs under {index['method']} (`compute_period`, nothing stored; both paths "
                  f"with the same `as_of` {results['agreement'][0]['as_of']}; the two periods together "
                  "hold every dossier of the data set):", "", *_agreement_table(results), ""]
    lines.append(f"<!-- bench:{section_key(results)} end -->")
    return "\n".join(lines) + "\n"


def render(results: dict) -> str:
    if results.get("part") == INDEX:
        return render_index(results)
    key = section_key(results)
    title = ENGINE_TITLES.get(results["database"]["vendor"], results["database"]["vendor"])
    lines = _opening(results, f"{title}, {_n(results['dataset']['dossiers'])} dossiers",
                     _dataset(results), _goal_rows(results))
    if results["scores"]:
        lines += ["Scoring, end to end (process start to exit: loading, per-dossier points, "
                  "aggregates, stored results, JSON):", "", *_score_table(results), ""]
    if results["agreement"]:
        lines += ["Agreement runs (`compute_period`, nothing stored; both paths with the same "
                  f"`as_of` {results['agreement'][0]['as_of']}):", "", *_agreement_table(results), ""]
    lines.append(f"<!-- bench:{key} end -->")
    return "\n".join(lines) + "\n"


def write_section(doc: Path, results: dict) -> None:
    """Replace this configuration's section, or append it; keep everything else."""
    replace_section(doc, section_key(results), render(results))


def replace_section(doc: Path, key: str, section: str) -> None:
    """Put `section` (a "## " title, then the `<!-- bench:KEY begin` … `end -->` markers)
    in place of the one of the same key, or at the end; keep everything else."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    if INTRO_END not in text:
        text = text.rstrip("\n") + "\n\n" + INTRO_END + "\n"
    pattern = re.compile(
        rf"^## [^\n]*\n<!-- bench:{re.escape(key)} begin.*?<!-- bench:{re.escape(key)} end -->\n",
        re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text, encoding="utf-8")
