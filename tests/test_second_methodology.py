"""A second methodology, added as a folder, shown end to end with no code outside it.

`tests/methods/thu_nghiem` is copied to a temporary TTHC_RULES_DIR: three indicators
(two per dossier, one per unit), 0–10 points with two decimals, classes hang_a/b/c, no
officials, in force from 2031. Records are imported, the period is scored under the
rule set in force on its last day (that one), and every page, report and open-data
file shows its indicators, maxima, decimals and classes. A copied nd61 profile with a
renamed band and `small_sample: 1` is then found, labels and flags, wherever shown.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

# The report readers and the small province live beside their own tests.
sys.path[:0] = [str(Path(__file__).resolve().parent / name) for name in ("reports", "scoring")]
from report_files import all_text, pdf_text, sheet_rows  # noqa: E402

from tthc.engine.registry import RULES_DIR_ENV  # noqa: E402
from tthc.evaluation.services import Key, period_advance  # noqa: E402
from tthc.reports.documents import report_file  # noqa: E402
from tthc.scoring.models import PeriodState, ScoringRun  # noqa: E402

pytestmark = pytest.mark.django_db

HERE = Path(__file__).resolve().parent
PERIOD = "2031-Q1"
ND61_WORDS = ("CS1", "CS9", "tối đa 18", "Xuất sắc")


def _write(folder: Path, name: str, rows: list[dict]) -> None:
    with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _records(folder: Path) -> None:
    folder.mkdir()
    _write(folder, "units", [
        {"code": "DB", "name": "Tỉnh Điện Biên", "kind": "province", "parent_code": ""},
        {"code": "SXD", "name": "Sở Xây dựng", "kind": "province_agency", "parent_code": "DB"},
        {"code": "XMT", "name": "UBND xã Mường Thanh", "kind": "commune", "parent_code": "DB"},
    ])
    _write(folder, "procedures", [{"code": "1.000001", "name": "Cấp giấy phép xây dựng",
                                   "time_limit": "10", "time_unit": "working_days"}])
    dossiers = []
    for unit, late in (("SXD", 1), ("XMT", 0)):
        for n in range(3):
            finished = "2031-02-12T09:00:00" if n < late else "2031-02-10T09:00:00"
            dossiers.append({"code": f"{unit}-{n}", "procedure_code": "1.000001", "unit_code": unit,
                             "channel": "direct", "received_at": "2031-02-03T08:00:00",
                             "due_at": "2031-02-11T17:00:00", "finished_at": finished,
                             "status": "finished"})
    _write(folder, "dossiers", dossiers)
    _write(folder, "supplements", [{"dossier_code": "SXD-2", "seq": "1",
                                    "requested_at": "2031-02-04T09:00:00",
                                    "completed_at": "2031-02-05T09:00:00", "applicant_fault": "false"}])
    _write(folder, "petitions", [{"code": f"PA-{n}", "unit_code": "SXD", "received_at": "2031-02-05T09:00:00"}
                                 for n in range(2)])


@pytest.fixture
def second(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(HERE / "methods" / "thu_nghiem", rules / "thu_nghiem")
    monkeypatch.setenv(RULES_DIR_ENV, str(rules))
    _records(tmp_path / "records")
    call_command("import", "all", str(tmp_path / "records"), stdout=StringIO(), stderr=StringIO())
    call_command("score", "--period", PERIOD, stdout=StringIO(), stderr=StringIO())
    return rules


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_the_period_is_scored_under_the_methodology_in_force_on_its_last_day(second: Path) -> None:
    run = ScoringRun.objects.get(period__code=PERIOD, is_current=True)
    assert (run.method, run.profile) == ("thu-nghiem", "mac-dinh")
    assert [i["code"] for i in run.layout["indicators"]] == ["DH", "BS", "PA"]
    values = {s.unit.code: (s.values, str(s.total), s.class_label) for s in run.scores.select_related("unit")}
    # SXD: one late of three (6.67), one supplement (8.00), two petitions (5.00).
    assert values["SXD"] == ({"DH": "6.67", "BS": "8.00", "PA": "5.00"}, "19.67", "Hạng B")
    assert values["XMT"] == ({"DH": "10.00", "BS": "10.00", "PA": "10.00"}, "30.00", "Hạng A")


def test_overview_and_agency_pages_read_the_runs_layout(second: Path, personas) -> None:
    client = personas.client("appraiser")
    overview = _page(client, f"/tong-quan/{PERIOD}/")
    for text in ("ĐH", "Trả kết quả đúng hạn", "Không có phản ánh về đơn vị", "19,67", "30,00",
                 "Hạng A", "Hạng B", "UBND cấp xã"):
        assert text in overview, text
    agency = _page(client, f"/tong-quan/{PERIOD}/don-vi/SXD/")
    for text in ("ĐH", "6,67", "8,00", "5,00", "19,67", "Hạng B"):
        assert text in agency, text
    for page in (overview, agency):
        assert not any(word in page for word in ND61_WORDS)
    assert client.get(f"/tong-quan/{PERIOD}/don-vi/SXD/chi-so/DH/").status_code == 200
    assert client.get(f"/tong-quan/{PERIOD}/don-vi/SXD/chi-so/1/").status_code == 404


def test_reports_open_data_and_public_page_after_publication(second: Path, personas, client) -> None:
    key = Key(PERIOD)
    for step in (PeriodState.SELF_ASSESSMENT, PeriodState.APPRAISAL, PeriodState.LOCKED):
        period_advance(key, to=step, user=None)
    summary = all_text(sheet_rows(report_file("c", "xlsx", key).content))
    assert "ĐH" in summary and "Hạng B" in summary and "30" in summary
    assert not any(word in summary for word in ND61_WORDS)
    agency = all_text(sheet_rows(report_file("b", "xlsx", key, unit="SXD").content))
    assert ("Trả kết quả đúng hạn" in agency and "6,67" in agency) or "6.67" in agency
    pdf = pdf_text(report_file("c", "pdf", key).content)
    assert "Hạng B" in pdf and "ĐH" in pdf
    data = json.loads(_page(client, f"/cong-khai/{PERIOD}/du-lieu.json"))
    text = json.dumps(data, ensure_ascii=False)
    assert "Hạng B" in text and "19.67" in text
    csv_text = _page(client, f"/cong-khai/{PERIOD}/du-lieu.csv")
    assert "DH" in csv_text.splitlines()[0] and "19.67" in csv_text
    public = _page(client, f"/cong-khai/{PERIOD}/")
    ranking = _page(client, f"/xep-hang/{PERIOD}/")
    for page in (public, ranking):
        assert "Hạng B" in page and "Trả kết quả đúng hạn" in page and "19,67" in page
        assert not any(word in page for word in ND61_WORDS)


def test_a_methodology_without_officials_has_no_official_report(second: Path) -> None:
    from tthc.reports.selectors import ReportNotFound

    with pytest.raises(ReportNotFound):
        report_file("a", "xlsx", Key(PERIOD), unit="SXD")


# --- A copied profile: a renamed band, small_sample 1 --------------------------------

ND61_PROFILE = HERE.parent / "src" / "tthc" / "methods" / "nd61_tt01" / "profiles" / "dien-bien-1187.yaml"
RENAMED = "Đạt chuẩn (tên tỉnh đặt)"


@pytest.fixture
def renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A province's copy of dien-bien-1187 that renames "Tốt" and calls one response
    enough for a rate; 2020-Q1 of the small province scored under both."""
    from scoring_world import province

    profiles = tmp_path / "rules" / "nd61-tt01" / "profiles"
    profiles.mkdir(parents=True)
    text = ND61_PROFILE.read_text(encoding="utf-8")
    for old, new in (("id: dien-bien-1187", "id: tinh-doi-ten"),
                     ('label_vi: "Tốt"', f'label_vi: "{RENAMED}"'),
                     ("small_sample: 30", "small_sample: 1"),
                     # Every class three points lower (the lowest first, so that no
                     # bound is moved twice): the same totals class differently.
                     ("below: 6}", "below: 3}"), ("at_least: 6, below: 9", "at_least: 3, below: 6"),
                     ("at_least: 9, below: 12", "at_least: 6, below: 9"),
                     ("at_least: 12, up_to: 15", "at_least: 9, up_to: 12"), ("above: 15}", "above: 12}")):
        assert old in text, old
        text = text.replace(old, new)
    (profiles / "tinh-doi-ten.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(RULES_DIR_ENV, str(tmp_path / "rules"))
    province()
    for profile in ("dien-bien-1187", "tinh-doi-ten"):
        call_command("score", "--period", "2020-Q1", "--method", "nd61-tt01", "--profile", profile,
                     stdout=StringIO(), stderr=StringIO())
    return "?method=nd61-tt01&profile=tinh-doi-ten"


def test_a_renamed_band_and_small_sample_are_the_profiles_everywhere(renamed: str, personas) -> None:
    run = ScoringRun.objects.get(profile="tinh-doi-ten", is_current=True)
    scores = list(run.scores.filter(subject_type="agency"))
    assert any(s.class_label == RENAMED for s in scores), [s.class_label for s in scores]
    # One response is no longer a small sample; no response still is.
    assert {(s.responses >= 1) for s in scores} == {(not s.small_sample) for s in scores}
    client = personas.client("appraiser")
    for url in (f"/xep-hang/2020-Q1/{renamed}", f"/tong-quan/2020-Q1/{renamed}"):
        page = _page(client, url)
        assert RENAMED in page, url
    key = Key("2020-Q1", "nd61-tt01", "tinh-doi-ten")
    assert RENAMED in all_text(sheet_rows(report_file("c", "xlsx", key).content))
    # A narrow PDF column wraps the label: its first words are on one line.
    assert "Đạt chuẩn" in pdf_text(report_file("c", "pdf", key).content)
    # The what-if is labelled as such beside the period's own rule set.
    assert "Kết quả thử nghiệm" in _page(client, f"/xep-hang/2020-Q1/{renamed}")
    assert "Kết quả thử nghiệm" not in _page(client, "/xep-hang/2020-Q1/")


def test_a_what_if_is_published_only_when_meant(renamed: str) -> None:
    from tthc.evaluation.services import CycleError

    key = Key("2020-Q1", "nd61-tt01", "tinh-doi-ten")
    assert key.is_what_if and not Key("2020-Q1").is_what_if
    period_advance(key, to=PeriodState.SELF_ASSESSMENT, user=None)
    period_advance(key, to=PeriodState.APPRAISAL, user=None)
    with pytest.raises(CycleError, match="kết quả thử nghiệm"):
        period_advance(key, to=PeriodState.LOCKED, user=None)
    with pytest.raises(CycleError, match="lý do"):
        period_advance(key, to=PeriodState.LOCKED, user=None, what_if=True)
    period_advance(key, to=PeriodState.LOCKED, user=None, what_if=True, reason="Quyết định của UBND tỉnh")


def test_compare_two_profiles_names_class_changes_and_the_parameters_behind_them(renamed: str) -> None:
    a = ScoringRun.objects.get(profile="dien-bien-1187", is_current=True)
    b = ScoringRun.objects.get(profile="tinh-doi-ten", is_current=True)
    out = StringIO()
    call_command("compare", "--period", "2020-Q1", str(a.pk), str(b.pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["format_version"], data["a"]["run"], data["b"]["run"]) == (1, a.pk, b.pk)
    changed = {p["name"] for p in data["parameters_changed"]}
    assert {"classes.agency", "satisfaction"} <= changed
    # Same records, same indicators: any class change is the bands', never a point's.
    assert all(u["indicators_changed"] == [] for u in data["units"])
    moved = [u for u in data["units"] if u["class_changed"]]
    assert moved, "bands three points lower must move someone"
    assert data["units"][:len(moved)] == moved  # class changes listed first
    text = StringIO()
    call_command("compare", "--period", "2020-Q1", str(a.pk), str(b.pk), stdout=text)
    assert "đổi xếp loại" in text.getvalue() and "Tham số classes.agency" in text.getvalue()
    with pytest.raises(Exception, match="Cần hai số lần tính điểm"):
        call_command("compare", "--period", "2020-Q1", str(a.pk), stdout=StringIO())


def test_the_compare_page_shows_who_changes_class(renamed: str, personas) -> None:
    a = ScoringRun.objects.get(profile="dien-bien-1187", is_current=True)
    b = ScoringRun.objects.get(profile="tinh-doi-ten", is_current=True)
    page = _page(personas.client("appraiser"), f"/ky/2020-Q1/so-sanh/?a={a.pk}&b={b.pk}")
    assert "đổi xếp loại" in page and RENAMED in page and "classes.agency" in page
    assert personas.client("outsider").get("/ky/2020-Q1/so-sanh/").status_code in (302, 403, 404)
