"""Time a child process and read its peak memory; describe the machine a run used.

Plain standard library, no Django: the figures must not include the harness itself.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import sqlite3
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Measured:
    """One child process: wall time, CPU time and peak resident memory."""

    command: list[str]
    returncode: int
    wall_s: float
    cpu_s: float  # user + system of the child
    peak_rss_bytes: int
    stdout: Path
    stderr: Path

    def as_dict(self) -> dict:
        data = asdict(self)
        data["stdout"], data["stderr"] = str(self.stdout), str(self.stderr)
        return data


def run_measured(command: list[str], *, env: dict[str, str], logs: Path, name: str) -> Measured:
    """Run ``command`` to completion; its output goes to ``logs/name.out|.err``.

    ``os.wait4`` returns the resource usage of exactly this child (ru_maxrss is in KiB on
    Linux), unlike RUSAGE_CHILDREN, which keeps the largest child seen so far and would
    let the generator's peak hide a smaller import's.
    """
    logs.mkdir(parents=True, exist_ok=True)
    out, err = logs / f"{name}.out", logs / f"{name}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=stdout, stderr=stderr,
                                 stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    # Popen must not wait for the pid again: it is already reaped.
    child.returncode = os.waitstatus_to_exitcode(status)
    return Measured(command=command, returncode=child.returncode, wall_s=wall,
                    cpu_s=usage.ru_utime + usage.ru_stime, peak_rss_bytes=usage.ru_maxrss * 1024,
                    stdout=out, stderr=err)


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_bytes() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    return 0


def _os_name() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.split('=', 1)[1].strip(chr(34))}, Linux {platform.release()}"
    return platform.platform()


def _postgresql_client() -> str | None:
    """The newest server binaries installed, as `make pg-start` would pick them."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    binary = found[-1] if found else shutil.which("postgres")
    if not binary:
        return None
    result = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip() or None


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine(python: Path) -> dict:
    """The machine as a reader of the figures needs it: CPU, cores, memory, versions.

    Versions are those of the project's interpreter (``python``), whose sqlite3 module is
    the SQLite the application links against.
    """
    probe = subprocess.run(
        [str(python), "-c", "import sqlite3, sys; print(sys.version.split()[0]); print(sqlite3.sqlite_version)"],
        capture_output=True, text=True, check=True).stdout.split()
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count() or 0,
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory_bytes": _memory_bytes(),
        "os": _os_name(),
        "python": probe[0] if probe else platform.python_version(),
        "sqlite": probe[1] if len(probe) > 1 else sqlite3.sqlite_version,
        "postgresql": _postgresql_client(),
    }


def git_revision(root: Path) -> dict:
    """The commit measured, and whether the working tree differed from it.

    --no-optional-locks: a benchmark must not even refresh the index of a checkout
    others are working in.
    """
    def git(*args: str) -> str:
        result = subprocess.run(["git", "--no-optional-locks", "-C", str(root), *args],
                                capture_output=True, text=True, check=False)
        return result.stdout if result.returncode == 0 else ""

    # Porcelain lines are "XY path": the status columns may be blank, so no stripping.
    changed = [line[3:] for line in git("status", "--porcelain", "--untracked-files=no").splitlines()]
    # New files count under src/ only: a new module or migration is measured code, while
    # elsewhere untracked files are others' scratch work.
    changed += [line[3:] for line in git("status", "--porcelain", "--untracked-files=all", "--", "src")
                .splitlines() if line.startswith("??")]
    return {"commit": git("rev-parse", "--short=12", "HEAD").strip() or None,
            "modified": bool(changed), "modified_files": changed}
