"""What bench/pages.py and bench/reports.py share: the options that choose an existing,
scored database, Django set up on it, and repeated timings of one action.

Both scripts are run as `python bench/<name>.py`, so this folder is on sys.path and
`import timing` finds this module, as bench/run.py finds `measure`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent

T = TypeVar("T")


def options(description: str) -> argparse.ArgumentParser:
    """The options every page and report timing takes; callers add their own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", help="default: the environment's DATABASE_URL")
    parser.add_argument("--data-dir", help="default: the environment's TTHC_DATA_DIR")
    parser.add_argument("--period", default="2020")
    parser.add_argument("--json", type=Path, help="write the figures to this file too")
    return parser


def django_setup(args: argparse.Namespace) -> None:
    """Point the settings at the database the options chose, then set Django up.

    The environment is set before the settings are read: they read it once, on import.
    """
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    if args.data_dir:
        os.environ["TTHC_DATA_DIR"] = args.data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc.site.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def repeated(action: Callable[[], T], repeat: int) -> tuple[list[float], T]:
    """Seconds of each of `repeat` calls (one at least), and what the last call returned."""
    times = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        value = action()
        times.append(time.perf_counter() - start)
    return times, value
