"""Time report (c), all agencies of a period, as XLSX and as PDF (issue 5: ≤ 5 s each).

    python bench/reports.py [--database-url URL] [--data-dir DIR] [--period 2020]
                            [--repeat 3] [--json FILE]

On an existing, scored database (DATABASE_URL, or TTHC_DATA_DIR's SQLite file; the
options set them): the read of the period's results (`period_results`, what every report
starts from), then the whole XLSX and the whole PDF, each `--repeat` times; the median
of each is printed as a Markdown table, and written as JSON with --json. The reports
read stored results only (no rescoring), so the time depends on the number of agencies
and officials, not on the number of dossiers. Exit status 1 when the period has no
scores; a goal not met is only reported.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable
from typing import TypeVar

from timing import django_setup, options, repeated

GOAL_SECONDS = 5.0

T = TypeVar("T")


def _median(action: Callable[[], T], repeat: int) -> tuple[float, T]:
    times, value = repeated(action, repeat)
    return statistics.median(times), value


def main() -> int:
    parser = options(__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    django_setup(args)
    from django.db import connection

    from tthc.evaluation.selectors import period_results
    from tthc.evaluation.services import Key
    from tthc.reports.documents import report_pdf, report_xlsx
    from tthc.reports.selectors import ReportNotFound, summary_report

    key = Key(args.period)
    try:
        summary_report(key)  # warm: imports, rule files, the connection
    except ReportNotFound as error:
        print(f"bench/reports.py: {error}", file=sys.stderr)
        return 1
    read, results = _median(lambda: period_results(key), args.repeat)
    data, _ = _median(lambda: summary_report(key), args.repeat)
    xlsx, xlsx_bytes = _median(lambda: report_xlsx(summary_report(key)), args.repeat)
    pdf, pdf_bytes = _median(lambda: report_pdf(summary_report(key)), args.repeat)
    agencies = sum(len(level["agencies"]) for level in results["levels"])  # type: ignore[index]
    figures = {
        "database": connection.vendor,
        "period": args.period,
        "dossiers_scored": results["dossiers_scored"],  # type: ignore[index]
        "agencies": agencies,
        "officials": len(results["officials"]),  # type: ignore[index]
        "repeat": args.repeat,
        "median_seconds": {"period_results": read, "report_data": data,
                           "xlsx": xlsx, "pdf": pdf},
        "bytes": {"xlsx": len(xlsx_bytes), "pdf": len(pdf_bytes)},  # type: ignore[arg-type]
        "goal_seconds": GOAL_SECONDS,
    }
    print(f"Report (c) of {args.period} on {connection.vendor}: {agencies} agencies, "
          f"{results['dossiers_scored']:,} dossiers scored; median of {args.repeat}")  # type: ignore[index]
    print()
    print("| Step | Median | Goal |")
    print("|---|---|---|")
    print(f"| read the results (`period_results`) | {read * 1000:,.0f} ms | |")
    print(f"| report data (`summary_report`) | {data * 1000:,.0f} ms | |")
    for name, seconds in (("XLSX, whole file", xlsx), ("PDF, whole file", pdf)):
        verdict = "met" if seconds <= GOAL_SECONDS else "NOT MET"
        print(f"| {name} | {seconds * 1000:,.0f} ms | ≤ {GOAL_SECONDS:.0f} s: {verdict} |")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
