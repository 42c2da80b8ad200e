"""Time the province overview and an agency's drill-down, server side (issue 5: ≤ 300 ms).

    python bench/pages.py [--database-url URL] [--data-dir DIR] [--period 2020]
                          [--requests 20] [--json FILE]

On an existing, scored database (DATABASE_URL, or TTHC_DATA_DIR's SQLite file; the
options set them): django.test.Client, in this process, logged in as an administrator,
asks for /tong-quan/<period>/ and for the drill-down of the biggest agency (the most
dossiers in the period's current run) on indicator 1, once to warm up and then
`--requests` times each. Prints the medians (and the query count of one request) as
JSON, and writes them to --json too. The pages read stored results only, so the times
depend on the number of agencies and on one page of 50 dossiers, not on the number of
dossiers scored. Exit status 1 when the period has no scores; a goal not met is only
reported.
"""

from __future__ import annotations

import json
import statistics
import sys

from timing import django_setup, options, repeated

GOAL_MS = 300.0
BENCH_USER = "bench-pages-admin"


def _timed(client, url: str, requests: int) -> dict:  # type: ignore[no-untyped-def]
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    # A wrapper rather than the debug log: the request closes the connection at its end.
    with connection.execute_wrapper(count):
        warm = client.get(url)  # imports, templates, rule files, the connection
    if warm.status_code != 200:
        raise SystemExit(f"bench/pages.py: {url} answered {warm.status_code}")
    seconds, _ = repeated(lambda: _ok(client, url), requests)
    times = [value * 1000 for value in seconds]
    median = statistics.median(times)
    return {"url": url, "median_ms": round(median, 1), "min_ms": round(min(times), 1),
            "max_ms": round(max(times), 1), "queries": len(queries),
            "bytes": len(warm.content), "goal_met": median <= GOAL_MS}


def _ok(client, url: str) -> None:  # type: ignore[no-untyped-def]
    # A failed request would be timed as if it were the page: stop rather than report it.
    status = client.get(url).status_code
    if status != 200:
        raise SystemExit(f"bench/pages.py: {url} answered {status}")


def main() -> int:
    parser = options(__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    django_setup(args)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from tthc.scoring.models import DossierPoints
    from tthc.scoring.selectors import current_run

    # The period's own rule set, as the pages show it.
    run = current_run(period=args.period)
    if run is None:
        print(f"bench/pages.py: kỳ {args.period} chưa được tính điểm / period not scored",
              file=sys.stderr)
        return 1
    biggest = (DossierPoints.objects.filter(run=run).order_by("-count", "unit__code")
               .values_list("unit__code", "count").first())
    if biggest is None:
        print("bench/pages.py: lần tính không có điểm hồ sơ / the run stored no dossier points",
              file=sys.stderr)
        return 1
    # The test client's host; the pages refuse any host not allowed.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # A superuser of its own, so that no real account is used or changed.
    user, _ = get_user_model().objects.get_or_create(
        username=BENCH_USER, defaults={"is_superuser": True, "is_staff": True})
    client = Client()
    client.force_login(user)
    unit, count = biggest
    figures = {
        "database": connection.vendor,
        "period": args.period,
        "dossiers_scored": run.dossiers_scored,
        "requests": args.requests,
        "goal_ms": GOAL_MS,
        "overview": _timed(client, f"/tong-quan/{args.period}/", args.requests),
        "drilldown": {"unit": unit, "unit_dossiers": count,
                      **_timed(client, f"/tong-quan/{args.period}/don-vi/{unit}/chi-so/1/",
                               args.requests)},
    }
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
