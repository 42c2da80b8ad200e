"""`make bench`: import and score a synthetic province-year on a scratch database.

    python bench/run.py all [--dossiers 1000000] [--seed 2020] [--postgres URL] [--keep]
                            [--only province-year|index]
    python bench/run.py import --folder DIR --database-url URL   (an existing data set)
    python bench/run.py score --database-url URL [--period 2020 …]
    python bench/run.py agree --database-url URL [--period 2020 …]
    python bench/run.py report bench/results/sqlite-1000000.json
    python bench/run.py machine

Every measured step is a child process (the `tthc` command or bench/probe.py), timed
from start to exit, with its own peak resident memory. See bench/README.md.
Exit status: 0 when every step ran and the two scoring paths agree (goals not met are
reported, not failures); 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pgscratch
from compare import compare
from measure import Measured, git_revision, load_average, machine, run_measured
from report import INDEX, section_key, write_section

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DOC = ROOT / "docs" / "benchmarks.md"
RESULTS = BENCH / "results"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

SCORE_PERIODS = ("2020", "2020-Q1")
AGREE_PERIODS = ("2020", "2020-Q1")
PATH_UNSUPPORTED = 3  # probe.py summarise: compute_period has no path= yet

# The national index (issue 11) on the 2026 data set (2025-07-01 to 2026-11-30). No
# period code spans twelve months across a year's end, so "the year" is 2026, which the
# data covers from January to November only.
INDEX_SEED = 2026
INDEX_CALENDAR = ("2024", "2025", "2026", "2027")
INDEX_METHOD, NINE_INDICATORS = "qd766", "nd61-tt01"
INDEX_YEAR, INDEX_MONTH = "2026", "2026-09"
# Together every dossier of the data set (the agreement's "whole data set").
INDEX_AGREE_PERIODS = ("2025-H2", "2026")
INDEX_REPEAT = 3  # the shared machine's load moves: each timing is a median of runs
PARTS = ("province-year", INDEX)
# The index's scratch folders and PostgreSQL database, beside the province-year's.
INDEX_SUFFIX = "_index"


def say(message: str) -> None:
    print(f"[bench {datetime.now(LOCAL):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


class Bench:
    """The children of one run: where they log, which database they use."""

    def __init__(self, *, venv: Path, workdir: Path, database_url: str) -> None:
        self.python = venv / "bin" / "python"
        self.tthc = venv / "bin" / "tthc"
        self.workdir = workdir
        self.logs = workdir / "logs"
        self.database_url = database_url
        self.failures: list[str] = []

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["DATABASE_URL"] = self.database_url
        # Static files and any default database path stay in the scratch folder: the
        # user's data/tthc.sqlite3 is never opened.
        env["TTHC_DATA_DIR"] = str(self.workdir / "data")
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def run(self, name: str, command: list[str | Path]) -> Measured:
        return run_measured([str(c) for c in command], env=self.env, logs=self.logs, name=name)

    def probe(self, name: str, *args: str) -> tuple[dict | None, Measured]:
        measured = self.run(name, [self.python, BENCH / "probe.py", *args])
        if measured.returncode != 0:
            return None, measured
        return json.loads(measured.stdout.read_text(encoding="utf-8").strip().splitlines()[-1]), measured

    def check(self, measured: Measured, what: str) -> bool:
        if measured.returncode == 0:
            return True
        tail = measured.stderr.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        self.failures.append(f"{what} failed (exit {measured.returncode}); see {measured.stderr}")
        say(f"{what} FAILED (exit {measured.returncode}):\n    " + "\n    ".join(tail))
        return False

    # --- steps -----------------------------------------------------------------------

    def generate(self, folder: Path, *, dossiers: int, seed: int, data_set: str = "2020") -> dict:
        say(f"generating {dossiers:,} dossiers of the {data_set} data set (seed {seed}) into {folder}")
        data, measured = self.probe(f"generate-{data_set}", "generate", "--folder", str(folder),
                                    "--dossiers", str(dossiers), "--seed", str(seed),
                                    "--data-set", data_set)
        if data is None:
            self.check(measured, "generating the data set")
            raise SystemExit(1)
        say(f"generated in {measured.wall_s:.1f} s: {data['rows']}")
        return {"seed": seed, "dossiers": dossiers, "data_set": data_set, "rows": data["rows"],
                "generate": {"wall_s": measured.wall_s, "peak_rss_bytes": measured.peak_rss_bytes}}

    def prepare(self, years: tuple[str, ...] = ("2019", "2020", "2021")) -> None:
        """Schema and working calendar first, untimed, as `tthc demo` does before importing."""
        say(f"migrating the scratch database and seeding the {years[0]}–{years[-1]} calendar")
        for name, command in (("migrate", [self.tthc, "migrate", "--noinput", "-v", "0"]),
                              ("calendar", [self.tthc, "calendar_seed", *years])):
            if not self.check(self.run(name, command), f"tthc {command[1]}"):
                raise SystemExit(1)

    def import_folder(self, folder: Path, expected: dict[str, int] | None) -> dict | None:
        say(f"importing {folder} with `tthc import all`")
        measured = self.run("import", [self.tthc, "import", "all", folder, "--actor", "bench"])
        info, probed = self.probe("inspect-import", "inspect")
        if info is None:
            self.check(probed, "reading the import runs")
            return None
        kinds = [run for run in info["imports"] if Path(run["source"]).parent == folder]
        rejected = sum(k["rejected"] for k in kinds)
        warnings = sum(k["warnings"] for k in kinds)
        if measured.returncode != 0:
            self.check(measured, f"tthc import all ({rejected} rows rejected)")
        if expected:
            stored = info["rows"]
            short = {k: (n, stored.get(k)) for k, n in expected.items() if stored.get(k) != n}
            if short:
                self.failures.append(f"rows generated ≠ rows stored: {short}")
        say(f"imported in {measured.wall_s:.1f} s, peak {measured.peak_rss_bytes / 2**30:.2f} GiB, "
            f"{rejected} rejected, {warnings} warnings")
        return {"wall_s": measured.wall_s, "cpu_s": measured.cpu_s,
                "peak_rss_bytes": measured.peak_rss_bytes, "returncode": measured.returncode,
                "rejected": rejected, "warnings": warnings, "kinds": kinds,
                "database": info["database"]}

    def score(self, period: str, method: str | None = None, run: int | None = None) -> dict:
        asked = ["--method", method] if method else []
        name = "-".join(str(x) for x in ("score", period, method, run) if x is not None)
        say(f"scoring {period} with `tthc score {' '.join([*asked, '--json'])}`")
        measured = self.run(name, [self.tthc, "score", "--period", period, *asked, "--json"])
        result = {"period": period, "method": method, "returncode": measured.returncode,
                  "wall_s": measured.wall_s, "cpu_s": measured.cpu_s,
                  "peak_rss_bytes": measured.peak_rss_bytes, "stderr": str(measured.stderr)}
        if not self.check(measured, f"tthc score --period {period} {' '.join(asked)}".strip()):
            return result
        document = json.loads(measured.stdout.read_text(encoding="utf-8"))
        # nd61's document (interchange §5) lists agencies and officials; the index's
        # (§6) lists units.
        result.update(agencies=len(document.get("agencies", document.get("units", []))),
                      officials=len(document.get("officials", [])),
                      overdue_units=len(document.get("overdue_unfinished", [])))
        say(f"scored {period} in {measured.wall_s:.1f} s, peak {measured.peak_rss_bytes / 2**30:.2f} GiB")
        return result

    def stored_scores(self, scores: list[dict]) -> None:
        """Fill in what each scoring run stored, read back from the database."""
        info, probed = self.probe("inspect-scores", "inspect")
        if info is None:
            self.check(probed, "reading the stored scores")
            return
        for score in scores:
            # The current run of the period, under the methodology asked for if any.
            run = next((s for s in info["scores"] if s["period"] == score["period"]
                        and score.get("method") in (None, s.get("method"))), None)
            if score["returncode"] == 0 and run is None:
                self.failures.append(f"tthc score --period {score['period']} stored no current run")
            if run is not None and run["dossier_scores"] != run["dossiers_scored"]:
                self.failures.append(f"tthc score --period {score['period']} stored "
                                     f"{run['dossier_scores']} dossiers' points for "
                                     f"{run['dossiers_scored']} dossiers scored")
            if run is not None:
                score.update(dossiers_scored=run["dossiers_scored"], dossier_scores=run["dossier_scores"],
                             subject_scores=run["subject_scores"])

    def timed_script(self, script: str, period: str, *extra: str) -> dict | None:
        """bench/pages.py or bench/reports.py on the scored scratch database (issue 5):
        their figures, or None (a failure is recorded)."""
        say(f"{script} for {period}")
        out = self.workdir / f"{Path(script).stem}-{period}.json"
        measured = self.run(f"{Path(script).stem}-{period}",
                            [self.python, BENCH / script, "--database-url", self.database_url,
                             "--period", period, "--json", out, *extra])
        if not self.check(measured, f"bench/{script} --period {period}"):
            return None
        return json.loads(out.read_text(encoding="utf-8"))

    def agree(self, period: str, as_of: str, method: str | None = None) -> dict:
        label = f"{period} {method}" if method else period
        say(f"agreement {label}: bulk and per-dossier paths")
        outcome: dict = {"period": period, "method": method, "as_of": as_of, "paths": {}}
        files = {}
        asked = ["--method", method] if method else []
        stem = f"{period}-{method}" if method else period
        for path in ("bulk", "per_dossier"):
            out = self.workdir / "agreement" / f"{stem}-{path}.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            data, measured = self.probe(f"agree-{stem}-{path}", "summarise", "--period", period,
                                        *asked, "--path", path, "--as-of", as_of, "--out", str(out))
            outcome["paths"][path] = {"wall_s": measured.wall_s, "cpu_s": measured.cpu_s,
                                      "peak_rss_bytes": measured.peak_rss_bytes,
                                      "compute_seconds": data["compute_seconds"] if data else None}
            if measured.returncode == PATH_UNSUPPORTED:
                outcome["status"] = "unavailable"
                self.failures.append(f"agreement {period} not checked: compute_period(path=…) "
                                     "does not exist yet")
                say("compute_period has no path= parameter yet: agreement NOT CHECKED")
                return outcome
            if data is None:
                self.check(measured, f"compute_period({period!r}, method={method!r}, path={path!r})")
                outcome.update(status="error", error=f"{path} exited {measured.returncode}")
                return outcome
            files[path] = out
        comparison = compare(files["bulk"], files["per_dossier"])
        outcome.update(status="compared", comparison=comparison)
        if comparison["identical"]:
            say(f"agreement {label}: identical")
        else:
            self.failures.append(f"agreement {label}: {comparison['differences']} differences")
            say(f"agreement {label}: {comparison['differences']} DIFFERENCES:\n    "
                + "\n    ".join(comparison["shown"]))
        return outcome

    def time_compute(self, period: str, method: str, as_of: str, repeat: int) -> dict | None:
        """`compute_period` of the bulk path, `repeat` times in one process (probe.py time)."""
        say(f"compute_period {period} {method} in one process, {repeat} times")
        data, measured = self.probe(f"time-{period}-{method}", "time", "--period", period,
                                    "--method", method, "--as-of", as_of, "--repeat", str(repeat))
        if data is None:
            self.check(measured, f"probe.py time --period {period} --method {method}")
            return None
        data.update(wall_s=measured.wall_s, peak_rss_bytes=measured.peak_rss_bytes)
        return data


def _venv(args: argparse.Namespace) -> Path:
    return Path(args.venv).resolve()


def run_configuration(args: argparse.Namespace, *, folder: Path, dataset: dict, workdir: Path,
                      database_url: str, vendor: str) -> tuple[dict, list[str]]:
    bench = Bench(venv=_venv(args), workdir=workdir, database_url=database_url)
    load_start = load_average()
    # Each child loads the code when it starts, and others work in this checkout: the
    # revision is read at both ends, and a change in between is reported.
    revision_start = git_revision(ROOT)
    bench.prepare()
    imported = bench.import_folder(folder, dataset["rows"])
    scores = [bench.score(period) for period in args.period]
    bench.stored_scores(scores)
    # The dashboards and report (c) of the year just scored (issue 5), before the
    # agreement step adds nothing they read.
    pages = bench.timed_script("pages.py", args.period[0]) if scores else None
    reports = bench.timed_script("reports.py", args.period[0]) if scores else None
    as_of = datetime.now(LOCAL).replace(microsecond=0).isoformat()
    agreement = [bench.agree(period, as_of) for period in args.agree_period]
    return _results(args, bench, vendor=vendor, dataset=dataset, imported=imported, load_start=load_start,
                    revision_start=revision_start, scores=scores, pages=pages, reports=reports,
                    agreement=agreement)


def _results(args: argparse.Namespace, bench: Bench, *, vendor: str, dataset: dict, imported: dict | None,
             load_start: list[float], revision_start: dict, **measured: object) -> tuple[dict, list[str]]:
    """One configuration's results file: where and when it ran, and what it measured."""
    database = imported["database"] if imported else {"vendor": vendor, "version": "?", "size_bytes": 0}
    results = {
        "date": datetime.now(LOCAL).strftime("%Y-%m-%d %H:%M %Z"),
        "command": args.command_line,
        "revision": revision_start,
        "revision_end": git_revision(ROOT),
        "machine": machine(bench.python),
        "load_average": {"start": load_start, "end": load_average()},
        "database": database,
        "dataset": dataset,
        "import": imported,
        **measured,
        "notes": [*args.note, *(f"Failure: {f}" for f in bench.failures)],
    }
    return results, bench.failures


def run_index(args: argparse.Namespace, *, folder: Path, dataset: dict, workdir: Path,
              database_url: str, vendor: str) -> tuple[dict, list[str]]:
    """The national index on the 2026 data set (issue 11): the year under both
    methodologies on the same records, alternating, a month, and the paths' agreement."""
    bench = Bench(venv=_venv(args), workdir=workdir, database_url=database_url)
    load_start = load_average()
    revision_start = git_revision(ROOT)
    bench.prepare(INDEX_CALENDAR)
    imported = bench.import_folder(folder, dataset["rows"])
    year = []
    for run in range(1, args.index_repeat + 1):
        # Alternating, so that both methodologies meet the same moments of load.
        year += [bench.score(INDEX_YEAR, NINE_INDICATORS, run), bench.score(INDEX_YEAR, INDEX_METHOD, run)]
    month = [bench.score(INDEX_MONTH, INDEX_METHOD, run) for run in range(1, args.index_repeat + 1)]
    bench.stored_scores([*year, *month])
    as_of = datetime.now(LOCAL).replace(microsecond=0).isoformat()
    month_compute = bench.time_compute(INDEX_MONTH, INDEX_METHOD, as_of, args.index_repeat + 2)
    agreement = [bench.agree(period, as_of, INDEX_METHOD) for period in args.index_agree_period]
    return _results(args, bench, vendor=vendor, dataset=dataset, imported=imported, load_start=load_start,
                    revision_start=revision_start, part=INDEX, scores=[*year, *month],
                    index={"year": INDEX_YEAR, "month": INDEX_MONTH, "method": INDEX_METHOD,
                           "nine": NINE_INDICATORS, "month_compute": month_compute},
                    agreement=agreement)


def publish(results: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"{section_key(results)}.json"
    target.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_section(DOC, results)
    say(f"results in {target.relative_to(ROOT)}; section rewritten in {DOC.relative_to(ROOT)}")


def command_all(args: argparse.Namespace) -> int:
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="tthc-bench-")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    say(f"scratch folder {workdir}")
    failures: list[str] = []
    parts = [args.only] if args.only else list(PARTS)
    try:
        if "province-year" in parts:
            failures += _run_part(args, workdir, "csv", "", run_configuration,
                                  dossiers=args.dossiers, seed=args.seed, data_set="2020")
        if INDEX in parts:
            failures += _run_part(args, workdir, "csv-2026", INDEX_SUFFIX, run_index,
                                  dossiers=args.dossiers, seed=args.index_seed, data_set="2026")
    finally:
        if args.keep:
            say(f"kept {workdir}" + (" and the scratch PostgreSQL databases" if args.postgres else ""))
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if args.postgres:
                for suffix in ("", INDEX_SUFFIX):
                    pgscratch.drop_database(args.postgres, pgscratch.SUFFIX + suffix)
    return _finish(failures, agreed=bool(args.agree_period))


def _run_part(args: argparse.Namespace, workdir: Path, name: str, suffix: str, run, *,
              dossiers: int, seed: int, data_set: str) -> list[str]:
    """Generate one data set, then measure it on each database; return the failures."""
    folder = workdir / name
    dataset = Bench(venv=_venv(args), workdir=workdir, database_url="").generate(
        folder, dossiers=dossiers, seed=seed, data_set=data_set)
    configurations: list[tuple[str, str]] = []
    if not args.skip_sqlite:
        configurations.append(("sqlite", f"sqlite:///{workdir / ('sqlite' + suffix)}/bench.sqlite3"))
    if args.postgres:
        configurations.append(("postgresql", pgscratch.fresh_database(args.postgres,
                                                                      pgscratch.SUFFIX + suffix)))
    failures = []
    for vendor, url in configurations:
        say(f"=== {vendor}" + (f" ({data_set} data set)" if suffix else ""))
        # A kept --workdir may hold an earlier run's database: start from nothing.
        shutil.rmtree(workdir / (vendor + suffix), ignore_errors=True)
        results, failed = run(args, folder=folder, dataset=dataset, workdir=workdir / (vendor + suffix),
                              database_url=url, vendor=vendor)
        publish(results)
        failures += [f"{vendor}{suffix}: {f}" for f in failed]
    # The CSV files of a million dossiers take a gigabyte: not kept past their part
    # unless asked.
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return failures


def _finish(failures: list[str], *, agreed: bool = False) -> int:
    if failures:
        say("FAILED:\n    " + "\n    ".join(failures))
        return 1
    say("done: every step ran" + (", the scoring paths agree" if agreed else ""))
    return 0


def _existing(args: argparse.Namespace) -> Bench:
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="tthc-bench-")).resolve()
    say(f"logs in {workdir / 'logs'}")
    return Bench(venv=_venv(args), workdir=workdir, database_url=args.database_url)


def command_import(args: argparse.Namespace) -> int:
    bench = _existing(args)
    bench.prepare()
    result = bench.import_folder(Path(args.folder).resolve(), None)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return _finish(bench.failures)


def command_score(args: argparse.Namespace) -> int:
    bench = _existing(args)
    scores = [bench.score(period) for period in args.period]
    bench.stored_scores(scores)
    print(json.dumps(scores, ensure_ascii=False, indent=1))
    return _finish(bench.failures)


def command_agree(args: argparse.Namespace) -> int:
    bench = _existing(args)
    as_of = datetime.now(LOCAL).replace(microsecond=0).isoformat()
    outcomes = [bench.agree(period, as_of) for period in args.period]
    print(json.dumps(outcomes, ensure_ascii=False, indent=1))
    return _finish(bench.failures, agreed=True)


def command_report(args: argparse.Namespace) -> int:
    for path in args.results:
        publish(json.loads(Path(path).read_text(encoding="utf-8")))
    return 0


def command_machine(args: argparse.Namespace) -> int:
    print(json.dumps(machine(_venv(args) / "bin" / "python"), indent=1))
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="bench/run.py", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    main.add_argument("--venv", default=str(ROOT / ".venv"), help="the project's virtualenv")
    commands = main.add_subparsers(dest="command", required=True)

    everything = commands.add_parser("all", help="generate, import, score, agree; rewrite the doc")
    everything.add_argument("--dossiers", type=int, default=1_000_000)
    everything.add_argument("--seed", type=int, default=2020)
    everything.add_argument("--postgres", metavar="URL",
                            help="also measure on PostgreSQL: a scratch database is created "
                                 "beside the one URL names (which is left alone)")
    everything.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only")
    everything.add_argument("--period", nargs="+", default=list(SCORE_PERIODS))
    everything.add_argument("--agree-period", nargs="+", default=list(AGREE_PERIODS))
    everything.add_argument("--only", choices=PARTS,
                            help="only the 2020 province-year (nd61) or only the national index "
                                 "on the 2026 data set (default: both)")
    everything.add_argument("--index-seed", type=int, default=INDEX_SEED)
    everything.add_argument("--index-repeat", type=int, default=INDEX_REPEAT,
                            help="runs of each index timing (medians are reported)")
    everything.add_argument("--index-agree-period", nargs="+", default=list(INDEX_AGREE_PERIODS))
    everything.add_argument("--note", action="append", default=[],
                            help="a sentence added under the figures (repeatable)")
    everything.add_argument("--workdir", help="scratch folder (default: a new temporary one)")
    everything.add_argument("--keep", action="store_true", help="keep the scratch folder and database")
    everything.set_defaults(handler=command_all)

    for name, handler, helptext in (("import", command_import, "import a folder into a database"),
                                    ("score", command_score, "score periods of a database"),
                                    ("agree", command_agree, "compare the two scoring paths")):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("--database-url", required=True)
        sub.add_argument("--workdir", help="where logs go (default: a new temporary folder)")
        if name == "import":
            sub.add_argument("--folder", required=True)
        else:
            sub.add_argument("--period", nargs="+",
                             default=list(SCORE_PERIODS if name == "score" else AGREE_PERIODS))
        sub.set_defaults(handler=handler)

    report = commands.add_parser("report", help="rewrite the doc's sections from results files")
    report.add_argument("results", nargs="+")
    report.set_defaults(handler=command_report)
    commands.add_parser("machine", help="print the machine description").set_defaults(handler=command_machine)
    return main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    # `make bench` says so, since that is how the figures are meant to be reproduced.
    args.command_line = os.environ.get("BENCH_INVOKED_AS") or "python bench/run.py " + " ".join(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
