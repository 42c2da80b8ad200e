#!/bin/bash
# Scoring before and after a change, side by side, on the same records.
#
#   bench/before_after.sh OLD_REF [DOSSIERS] [RUNS]
#
# Checks OLD_REF out in a temporary worktree, generates the synthetic province-year with
# it (DOSSIERS, default 1,000,000), imports it into a scratch SQLite database with the
# old code, copies that database and migrates the copy with this checkout's code, then
# runs `tthc score --period 2020 --json` RUNS times (default 5) on each, old and new
# alternating so that the shared machine's load falls on both alike. Prints wall and CPU
# seconds, peak memory and the load of each run, and fails when the two JSON documents
# differ in anything but `rule_version`. The old code runs from this checkout's virtual
# environment with PYTHONPATH pointing at the old `src/` (the dependencies must be the
# same). Used for docs/benchmarks.md "nd61 before and after the plug-in change".
set -euo pipefail
old_ref=${1:?usage: bench/before_after.sh OLD_REF [DOSSIERS] [RUNS]}
dossiers=${2:-1000000}
runs=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
venv=$root/.venv
work=$(mktemp -d /tmp/tthc-before-after-XXXX)
old_tree=$work/old
git -C "$root" worktree add -q --detach "$old_tree" "$old_ref"
trap 'git -C "$root" worktree remove --force "$old_tree"' EXIT
export TTHC_DATA_DIR=$work/data PYTHONUNBUFFERED=1
old() { env PYTHONPATH="$old_tree/src" DATABASE_URL="sqlite:///$work/old.sqlite3" "$@"; }
new() { env DATABASE_URL="sqlite:///$work/new.sqlite3" "$@"; }

echo "generating $dossiers dossiers and importing them with $old_ref (in $work)"
old "$venv/bin/python" -c "
from pathlib import Path
from tthc.demo.generate import write_demo
write_demo(Path('$work/csv'), seed=2020, dossiers=$dossiers)"
old "$venv/bin/tthc" migrate --noinput -v 0
old "$venv/bin/tthc" calendar_seed 2019 2020 2021 > /dev/null
old "$venv/bin/tthc" import all "$work/csv" > "$work/import.log" 2>&1
cp "$work/old.sqlite3" "$work/new.sqlite3"
new "$venv/bin/tthc" migrate --noinput -v 0

printf '%-4s %3s %8s %8s %9s %5s\n' who run wall_s cpu_s peak_MiB load
for i in $(seq 1 "$runs"); do
  for who in old new; do
    $who /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
      "$venv/bin/tthc" score --period 2020 --json > "$work/$who-$i.json" 2> /dev/null
    awk -v who="$who" -v run="$i" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
      '{printf "%-4s %3d %8.2f %8.2f %9.0f %5s\n", who, run, $1, $2 + $3, $4 / 1024, load}' "$work/time"
  done
done

"$venv/bin/python" - "$work/old-1.json" "$work/new-1.json" <<'EOF'
import json, sys
old, new = (json.load(open(path, encoding="utf-8")) for path in sys.argv[1:])
differ = sorted(k for k in old.keys() | new.keys() if k != "rule_version" and old.get(k) != new.get(k))
print(f"rule_version: {old['rule_version']} → {new['rule_version']}")
print(f"agencies {len(new['agencies'])}, officials {len(new['officials'])}: "
      + ("identical results" if not differ else f"DIFFERENT in {', '.join(differ)}"))
sys.exit(1 if differ else 0)
EOF
