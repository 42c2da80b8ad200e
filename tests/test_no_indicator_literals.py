"""No indicator number, indicator list or maximum outside a methodology's own files.

Pages, reports, exports and open data take indicators, names, maxima, decimals, classes
and levels from the run's layout; a methodology lives in its folder
(src/tthc/methods/<name>/). This greps the Django apps and templates for the shapes the
nine nd61-tt01 indicators used to leave behind: `range(1, 10)`, `i1`…`i9`, and 18 (the
agency maximum).
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "tthc"
# Folders that may know a methodology: the methodologies themselves, and migrations
# (which freeze the shape of data as it was when they were written).
EXEMPT_PARTS = {"methods", "migrations", "vendor"}
# Lines where 18 is not a maximum of points: demo weights and geometry, each named.
OTHER_EIGHTEENS = {
    "demo/people.py": "surname weights of the synthetic people",
    "demo/dossiers.py": "the synthetic satisfaction draw",
    "counter/templates/counter/kiosk.html": "an SVG circle's radius",
    "reports/layouts/official.py": "a column width in characters",
}
PATTERNS = {
    "range(1, 10)": re.compile(r"range\(\s*1\s*,\s*10\s*\)"),
    "i1…i9": re.compile(r"(?<![\w<-])i[1-9](?![\w-])"),  # not numpy's "<i8"
    "18": re.compile(r"(?<![\w.,#-])18(?![\w.,%:-])"),
}


def _files() -> list[Path]:
    return [path for path in sorted(SRC.rglob("*"))
            if path.suffix in {".py", ".html", ".js", ".txt"} and path.is_file()
            and not EXEMPT_PARTS & set(path.relative_to(SRC).parts)]


def test_the_apps_know_no_indicator_of_any_methodology() -> None:
    found = []
    for path in _files():
        where = path.relative_to(SRC).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for name, pattern in PATTERNS.items():
                if pattern.search(line) and not (name == "18" and where in OTHER_EIGHTEENS):
                    found.append(f"{where}:{number}: {name}: {line.strip()[:100]}")
    assert not found, "chỉ số của phương pháp viết cứng ngoài thư mục phương pháp:\n" + "\n".join(found)


def test_the_grep_would_catch_what_it_looks_for() -> None:
    assert PATTERNS["range(1, 10)"].search("for n in range(1, 10):")
    assert PATTERNS["i1…i9"].search('values["i7"]') and PATTERNS["i1…i9"].search("score.i1")
    assert not PATTERNS["i1…i9"].search("i18n") and not PATTERNS["i1…i9"].search("ui1")
    assert PATTERNS["18"].search("tối đa 18 điểm") and not PATTERNS["18"].search("2018")
    assert not PATTERNS["18"].search("0.18") and not PATTERNS["18"].search("#1818")
