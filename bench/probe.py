"""The benchmark's Django side, run as a child process so that it is measured alone.

    python bench/probe.py generate --folder F --dossiers N --seed S [--data-set 2026]
    python bench/probe.py inspect
    python bench/probe.py time --period 2026-09 --method qd766 --as-of ISO [--repeat 5]
    python bench/probe.py summarise --period 2020 [--method qd766] --path bulk --as-of ISO --out F

Each prints one JSON document on stdout. The database is the one DATABASE_URL names,
as for `tthc`.
"""

from __future__ import annotations

import argparse
import inspect as pyinspect
import json
import os
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

# Exit status of `summarise` when compute_period has no `path=` yet: the agreement
# cannot be checked, which the harness reports apart from a disagreement.
PATH_UNSUPPORTED = 3


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc.site.settings")
    import django

    django.setup()


def generate(args: argparse.Namespace) -> dict:
    # The generators are plain Python: no Django needed to write the files.
    if args.data_set == "2026":
        from tthc.demo.generate_2026 import write_demo_2026

        rows = write_demo_2026(Path(args.folder), dossiers=args.dossiers, seed=args.seed)
    else:
        from tthc.demo.generate import write_demo

        rows = write_demo(Path(args.folder), dossiers=args.dossiers, seed=args.seed)
    return {"rows": rows}


def _database() -> dict:
    from django.db import connection

    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            version = cursor.fetchone()[0]
            name = Path(connection.settings_dict["NAME"])
            size = sum(p.stat().st_size for p in name.parent.glob(name.name + "*"))
    return {"vendor": vendor, "version": version, "size_bytes": size}


def inspect(args: argparse.Namespace) -> dict:
    """What the database holds: rows per table, each import's timing, stored scores."""
    _django()
    from django.db.models import Sum

    from tthc.catalogue.models import Procedure, UnitProcedure
    from tthc.dossiers.models import Dossier, Step, Supplement
    from tthc.importers.models import ImportRun
    from tthc.organisation.models import Official, Unit
    from tthc.petitions.models import Petition
    from tthc.ratings.models import Rating
    from tthc.scoring.models import DossierPoints, ScoringRun, SubjectScore

    models = {"units": Unit, "officials": Official, "procedures": Procedure,
              "unit_procedures": UnitProcedure, "dossiers": Dossier, "steps": Step,
              "supplements": Supplement, "ratings": Rating, "petitions": Petition}
    counts = {name: model.objects.count() for name, model in models.items()}
    imports = [
        {"kind": run.kind, "source": run.source,
         "seconds": (run.finished_at - run.started_at).total_seconds() if run.finished_at else None,
         "created": run.created, "updated": run.updated, "unchanged": run.unchanged,
         "rejected": run.rejected, "warnings": run.warnings}
        for run in ImportRun.objects.order_by("started_at", "id")
    ]
    scores = [
        {"period": run.period.code, "method": run.method, "dossiers_scored": run.dossiers_scored,
         "subject_scores": SubjectScore.objects.filter(run=run).count(),
         "dossier_scores": DossierPoints.objects.filter(run=run).aggregate(n=Sum("count"))["n"] or 0}
        for run in ScoringRun.objects.filter(is_current=True).select_related("period")
                                     .order_by("period__code")
    ]
    return {"database": _database(), "rows": counts, "imports": imports, "scores": scores}


def _decimal(value: object) -> str | None:
    # str, not float: "2" and "2.0" print differently in the ranking table, so a path
    # that returns one where the other returns the other does not agree.
    return None if value is None else str(value)


def _subject(score) -> dict:
    s = score.satisfaction
    return {
        "type": score.subject_type, "code": score.code, "unit": score.unit_code,
        "kind": getattr(score.kind, "value", score.kind), "dossiers": score.dossiers,
        "indicators": {n: _decimal(v) for n, v in score.indicators.items()},
        "total": _decimal(score.total), "class": score.class_code, "rank": score.rank,
        "satisfaction": {"successes": s.successes, "trials": s.trials, "rate": _decimal(s.rate),
                         "low": _decimal(s.low), "high": _decimal(s.high)},
        "small_sample": score.small_sample,
        # A methodology reporting figures (qd766): each metric's integers and source.
        "figures": {code: [f.numerator, f.denominator, f.source, [list(part) for part in f.parts]]
                    for code, f in score.figures.items()},
        "unknown_points": _decimal(score.unknown_points),
    }


def _point_rows(result) -> list[list[int | None]]:
    """(code, then each per-dossier indicator's points in the methodology's order) of
    each scored dossier, from the columns both paths fill (``PeriodResult.scored``)."""
    scored = result.scored
    columns = [scored.points[n] for n in scored.indicators]
    return [[code, *(column[i] for column in columns)] for i, code in enumerate(scored.codes)]


def _dossier_points(result, out: Path) -> int:
    """Each scored dossier's points, one sorted line per dossier, for a line-by-line diff."""
    rows = _point_rows(result)
    lines = sorted("\t".join("" if v is None else str(v) for v in row) for row in rows)
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def summarise(args: argparse.Namespace) -> dict:
    """Compute (without storing) a period by one path and write what the paths must share."""
    _django()
    from tthc.scoring.services import compute_period

    if "path" not in pyinspect.signature(compute_period).parameters:
        sys.stderr.write("tthc.scoring.services.compute_period has no `path=` parameter yet "
                         "(bulk | per_dossier): the agreement cannot be checked.\n")
        raise SystemExit(PATH_UNSUPPORTED)
    as_of = datetime.fromisoformat(args.as_of)
    started = time.perf_counter()
    result = compute_period(period_code=args.period, method=args.method, as_of=as_of, path=args.path)
    seconds = time.perf_counter() - started
    out = Path(args.out)
    dossiers = _dossier_points(result, out.with_suffix(".dossiers.tsv"))
    summary = {
        "period": result.period.code, "path": args.path, "compute_seconds": seconds,
        "method": result.rules.methodology.id, "rule_version": result.rules.version,
        "dossier_indicators": list(result.scored.indicators),
        "agencies": [_subject(a) for a in result.agencies],
        "officials": [_subject(o) for o in result.officials],
        "overdue_unfinished": dict(result.overdue_unfinished),
        "dossier_points": dossiers,
    }
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return {"compute_seconds": seconds, "agencies": len(summary["agencies"]),
            "officials": len(summary["officials"]), "dossier_points": dossiers}


def time_compute(args: argparse.Namespace) -> dict:
    """`compute_period` (bulk, nothing stored) repeated in one process: the first call
    pays the imports and caches a long-running server has warm, the others do not."""
    _django()
    from tthc.scoring.services import compute_period

    def cpu() -> float:
        # This process's and any reader it started (tthc.scoring.sqlite_reader).
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    as_of = datetime.fromisoformat(args.as_of)
    seconds, cpu_seconds = [], []
    for _ in range(args.repeat):
        started, used = time.perf_counter(), cpu()
        result = compute_period(period_code=args.period, method=args.method, as_of=as_of, path="bulk")
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(cpu() - used)
    return {"period": result.period.code, "method": result.rules.methodology.id,
            "dossiers": len(result.scored), "seconds": seconds, "cpu_seconds": cpu_seconds}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench/probe.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    g = commands.add_parser("generate")
    g.add_argument("--folder", required=True)
    g.add_argument("--dossiers", type=int, required=True)
    g.add_argument("--seed", type=int, required=True)
    g.add_argument("--data-set", choices=("2020", "2026"), default="2020",
                   help="write_demo (2020) or write_demo_2026 (format version 2, for qd766)")
    commands.add_parser("inspect")
    s = commands.add_parser("summarise")
    s.add_argument("--period", required=True)
    s.add_argument("--method", help="default: the period's own methodology")
    s.add_argument("--path", required=True, choices=("bulk", "per_dossier"))
    s.add_argument("--as-of", required=True)
    s.add_argument("--out", required=True)
    t = commands.add_parser("time")
    t.add_argument("--period", required=True)
    t.add_argument("--method")
    t.add_argument("--as-of", required=True)
    t.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    handler = {"generate": generate, "inspect": inspect, "summarise": summarise,
               "time": time_compute}[args.command]
    print(json.dumps(handler(args), ensure_ascii=False))


if __name__ == "__main__":
    main()
