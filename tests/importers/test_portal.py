"""The national portal's dossier-sync JSON (interchange.md §2), with the sample of docs/."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from import_helpers import SAMPLES, WriteFile, codes

from tthc.audit.models import AuditEntry
from tthc.catalogue.models import Procedure
from tthc.dossiers.models import Dossier, Step, Supplement
from tthc.importers.report import ImportReport
from tthc.importers.services import (
    ImportUsageError,
    PortalOptions,
    import_files,
    import_folder,
)

pytestmark = pytest.mark.django_db

SAMPLE = SAMPLES / "portal-dossiers.sample.json"
UNIT_MAP = SAMPLES / "portal-unit-map.sample.yaml"
CODES = SAMPLES / "portal-codes.sample.yaml"
FIRST, SECOND, THIRD, FOURTH = (f"000.00.1{a}.H19-20030{b}-010{c}"
                                for a, b, c in (("2", "2", "1"), ("3", "3", "2"),
                                                ("2", "5", "3"), ("2", "6", "4")))


@pytest.fixture
def province(db: None) -> ImportReport:
    """The units and procedures the docs/samples files refer to (Điện Biên demo codes)."""
    report = import_folder(path=SAMPLES / "canonical", actor="test")
    assert report.ok
    return report


def portal(*paths: Path, unit_map: Path | None = UNIT_MAP, codes_file: Path | None = None,
           add_procedures: bool = False) -> ImportReport:
    return import_files(kind="portal", paths=list(paths), actor="test", portal=PortalOptions(
        unit_map=unit_map, codes=codes_file, add_procedures=add_procedures))


def record(**overrides: Any) -> dict[str, Any]:
    """One portal record of the sample, changed by keyword."""
    base = {"MaHoSo": "PT-0001", "MaTTHC": "1.009001", "KenhThucHien": "2",
            "NgayTiepNhan": "20200302081500", "NgayHenTra": "20200316170000",
            "TrangThaiHoSo": "4", "HinhThuc": "0", "DonViXuLy": "Sở Tư pháp"}
    return {k: v for k, v in (base | overrides).items() if v is not ...}


def as_json(*records: Any) -> str:
    return json.dumps(list(records), ensure_ascii=False, indent=2)


def local(value: datetime | None) -> str | None:
    from django.utils import timezone

    return None if value is None else timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def test_the_sample_file_loads_as_documented(province: ImportReport) -> None:
    report = portal(SAMPLE)
    assert {kind: (c.created, c.rejected) for kind, c in report.by_kind.items()} == {
        "dossiers": (3, 1), "steps": (3, 0), "supplements": (1, 0)}
    assert not report.ok  # one record rejected: the command exits 1

    first = Dossier.objects.get(code=FIRST)
    # The supplement moved the due date from 16/03 to its NgayHenTraMoi, 20/03.
    assert local(first.due_at) == "2020-03-20 17:00"
    assert (first.unit.code, first.desk.code, first.procedure.code) == ("STP", "STP", "1.009001")
    assert (first.channel, first.return_channel, first.status) == ("online", "online", "returned")
    assert local(first.received_at) == "2020-03-02 08:15"
    # dd/MM/yyyy HH:mm:ss
    assert (local(first.finished_at), local(first.returned_at)) == (
        "2020-03-18 15:30", "2020-03-19 09:00")
    # What the portal cannot say stays unknown.
    assert first.received_by is None and first.agencies_contacted is None
    (supplement,) = Supplement.objects.filter(dossier=first)
    assert (local(supplement.requested_at), local(supplement.completed_at),
            local(supplement.new_due_at), supplement.applicant_fault) == (
        "2020-03-04 09:00", "2020-03-06 10:00", "2020-03-20 17:00", None)
    # Both departments of the Sở Tư pháp map to the agency itself.
    steps = list(Step.objects.filter(dossier=first).order_by("seq").values_list(
        "seq", "unit__code", "official", "finished_at"))
    assert [(seq, unit, official) for seq, unit, official, _ in steps] == [
        (1, "STP", None), (2, "STP", None)]
    assert local(steps[1][3]) == "2020-03-18 15:30"
    # Keys no column holds are kept, the unknown one included, not dropped.
    assert first.raw["MaHoSoLienThong"] == "LT-2020-0042"
    assert first.raw["ChuHoSo"] == "Nguyễn Văn Minh (minh họa)"
    assert first.raw["TenLinhVuc"] == "Lý lịch tư pháp"
    assert first.raw["QuaTrinhXuLy"][1]["NoiDungXuLy"] == "Thẩm định, trình ký"
    assert first.raw["DanhSachHoSoBoSung"][0]["NgayHenTraTruoc"] == "20200316170000"
    assert "MaHoSo" not in first.raw and "NgayTiepNhan" not in first.raw
    # The national index's keys (format v2), read and kept; the other records lack them.
    assert (first.result_electronic, first.components_digitised, first.personal_storage,
            first.vneid_verified, first.paid_online) == (True, True, False, True, "portal")
    assert first.raw["DuocThanhToanTrucTuyen"] == 1

    second = Dossier.objects.get(code=SECOND)
    # A portal unit code in the map; "by post" (HinhThuc 1); a bare dd/MM/yyyy date.
    assert (second.unit.code, second.channel, second.return_channel, second.status) == (
        "SYT", "direct", "postal", "processing")
    assert local(second.due_at) == "2020-03-31 00:00"
    assert (second.result_electronic, second.paid_online) == (None, None)
    # A step without a department is the competent agency's.
    assert list(Step.objects.filter(dossier=second).values_list("unit__code", flat=True)) == [
        "SYT"]

    third = Dossier.objects.get(code=THIRD)
    # Keys in lower case, numbers for codes, a name in capitals with extra spaces.
    assert (third.unit.code, third.channel, third.return_channel, third.status) == (
        "STP", "postal", "postal", "finished")

    (error,) = report.errors
    assert (error.line, error.index, error.field, error.code) == (
        94, 4, "TrangThaiHoSo", "unknown_status_code")
    assert '"11"' in error.reason_vi and '"11"' in error.reason_en
    assert error.message_vi.startswith('Dòng 94, bản ghi thứ 4 của mảng, trường "TrangThaiHoSo"')
    assert error.location == "portal-dossiers.sample.json:94#4"
    assert not Dossier.objects.filter(code=FOURTH).exists()


def test_importing_the_same_portal_file_twice_changes_nothing(province: ImportReport) -> None:
    first = portal(SAMPLE)
    snapshot = sorted(Dossier.objects.values_list("code", "due_at", "raw", "status"))
    again = portal(SAMPLE)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == first.created == 7
    assert again.rejected == first.rejected == 1
    assert sorted(Dossier.objects.values_list("code", "due_at", "raw", "status")) == snapshot
    assert not AuditEntry.objects.exists()


def test_a_later_sync_updates_the_dossier_and_is_audited(province: ImportReport,
                                                         write: WriteFile) -> None:
    portal(write("a.json", as_json(record())))
    later = record(TrangThaiHoSo="9", NgayKetThucXuLy="20200310103000", GhiChu="đã xong")
    report = portal(write("b.json", as_json(later)))
    assert (report.created, report.updated) == (0, 1)
    entry = AuditEntry.objects.get(object_key="PT-0001")
    assert entry.before["status"] == "processing" and entry.after["status"] == "finished"
    assert entry.after["raw"] == {"GhiChu": "đã xong"}


def test_the_code_tables_can_be_replaced(province: ImportReport) -> None:
    report = portal(SAMPLE, codes_file=CODES)
    assert report.ok
    assert Dossier.objects.get(code=FOURTH).status == "processing"


@pytest.mark.parametrize(("overrides", "field", "code", "quoted"), [
    ({"TrangThaiHoSo": "42"}, "TrangThaiHoSo", "unknown_status_code", '"42"'),
    ({"KenhThucHien": "9"}, "KenhThucHien", "unknown_channel_code", '"9"'),
    ({"HinhThuc": "2"}, "HinhThuc", "unknown_return_channel_code", '"2"'),
    ({"NgayTiepNhan": "31/02/2020 08:00:00"}, "NgayTiepNhan", "invalid_date", "31/02/2020"),
    ({"NgayHenTra": "2020031617"}, "NgayHenTra", "invalid_date", "2020031617"),
    ({"DonViXuLy": "Sở Không Có"}, "DonViXuLy", "unknown_unit", "Sở Không Có"),
    ({"MaTTHC": "9.999999"}, "MaTTHC", "unknown_procedure", "--add-procedures"),
    ({"TrangThaiHoSo": ...}, "TrangThaiHoSo", "required", "trạng thái"),
], ids=["status", "channel", "return", "date", "compact-date", "unit", "procedure",
        "no-status"])
def test_each_portal_rejection_names_the_portal_key(province: ImportReport, write: WriteFile,
                                                    overrides: dict[str, Any], field: str,
                                                    code: str, quoted: str) -> None:
    path = write("portal.json", as_json(record(MaHoSo="PT-BAD", **overrides),
                                        record(MaHoSo="PT-GOOD")))
    report = portal(path)
    assert [(i.field, i.code, i.index) for i in report.errors] == [(field, code, 1)]
    assert quoted in report.errors[0].reason_vi
    assert list(Dossier.objects.filter(code__startswith="PT-").values_list(
        "code", flat=True)) == ["PT-GOOD"]


def test_an_unknown_department_rejects_its_step_only(province: ImportReport,
                                                     write: WriteFile) -> None:
    steps = [{"PhongBanXuLy": "Phòng Hành chính tư pháp", "NgayBatDau": "20200302081500",
              "ThoiDiemXuLy": "20200303090000"},
             {"PhongBanXuLy": "Phòng Không Có", "NgayBatDau": "20200303090000"}]
    report = portal(write("portal.json", as_json(record(QuaTrinhXuLy=steps))))
    assert [(i.field, i.code) for i in report.errors] == [
        ("QuaTrinhXuLy[1].PhongBanXuLy", "unknown_unit")]
    assert list(Step.objects.filter(dossier__code="PT-0001").values_list(
        "seq", "unit__code")) == [(1, "STP")]
    assert Dossier.objects.filter(code="PT-0001").exists()


def test_the_latest_new_due_date_of_the_supplements_is_the_due_date(
        province: ImportReport, write: WriteFile) -> None:
    supplements = [
        {"NgayBoSung": "20200304090000", "NgayHenTraMoi": "25/03/2020 17:00:00"},
        {"NgayBoSung": "20200310090000", "NgayHenTraMoi": "20200323170000"},
        {"NgayBoSung": "20200312090000", "NgayHenTraMoi": ""},
    ]
    report = portal(write("portal.json", as_json(record(DanhSachHoSoBoSung=supplements))))
    assert report.ok
    dossier = Dossier.objects.get(code="PT-0001")
    assert local(dossier.due_at) == "2020-03-25 17:00"
    assert Supplement.objects.filter(dossier=dossier).count() == 3


def test_an_unreadable_new_due_date_leaves_the_due_date_unknown(province: ImportReport,
                                                                write: WriteFile) -> None:
    supplements = [{"NgayBoSung": "20200304090000", "NgayHenTraMoi": "sớm nhất có thể"}]
    report = portal(write("portal.json", as_json(record(DanhSachHoSoBoSung=supplements))))
    # The dossier cannot be stored; its supplement then has no dossier either.
    assert sorted((i.record_kind, i.field, i.code) for i in report.errors) == [
        ("dossiers", "DanhSachHoSoBoSung[0].NgayHenTraMoi", "invalid_date"),
        ("supplements", "DanhSachHoSoBoSung[0].MaHoSo", "unknown_dossier"),
        ("supplements", "DanhSachHoSoBoSung[0].NgayHenTraMoi", "invalid_date")]
    assert not Dossier.objects.filter(code="PT-0001").exists()


def test_unknown_procedures_are_added_only_when_asked(province: ImportReport,
                                                      write: WriteFile) -> None:
    records = [record(MaHoSo="PT-1", MaTTHC="2.000123", TenTTHC="Thủ tục mới",
                      TenLinhVuc="Hộ tịch"),
               record(MaHoSo="PT-2", MaTTHC="2.000123", TenTTHC="Thủ tục mới"),
               record(MaHoSo="PT-3", MaTTHC="2.000999")]
    path = write("portal.json", as_json(*records))
    assert portal(path).rejected == 3
    assert not Procedure.objects.filter(code__startswith="2.").exists()
    report = portal(path, add_procedures=True)
    added = Procedure.objects.get(code="2.000123")
    assert (added.name, added.field, added.time_limit) == ("Thủ tục mới", "Hộ tịch", None)
    # Without a name there is no procedure to add: that record stays rejected.
    assert [(i.record_kind, i.field, i.code, i.index) for i in report.errors] == [
        ("procedures", "TenTTHC", "required", 3), ("dossiers", "MaTTHC", "unknown_procedure", 3)]
    assert report.by_kind["procedures"].created == 1
    assert set(Dossier.objects.filter(code__startswith="PT-").values_list("code", flat=True)
               ) == {"PT-1", "PT-2"}


def test_json_lines_and_case_insensitive_keys(province: ImportReport, write: WriteFile) -> None:
    lines = [json.dumps({k.upper(): v for k, v in record(MaHoSo="PT-L1").items()},
                        ensure_ascii=False),
             "",
             json.dumps(record(MaHoSo="PT-L2", DonViXuLy="  stp  "), ensure_ascii=False),
             '{"MaHoSo": "PT-L3", oops}']
    report = portal(write("portal.jsonl", "\n".join(lines) + "\n"))
    assert report.created == 2
    assert codes(report) == [(4, "", "invalid_json")]
    assert set(Dossier.objects.filter(code__startswith="PT-").values_list(
        "code", "unit__code")) == {("PT-L1", "STP"), ("PT-L2", "STP")}


@pytest.mark.parametrize(("content", "code"), [
    ("[\n" + as_json(record())[1:-1] + ",\n {\"MaHoSo\": \"PT-2\",, }\n]", "file_not_json"),
    (as_json(record())[:-5], "file_not_json"),
    ("MaHoSo;MaTTHC\nPT-1;1.009001\n", "file_not_json"),
    ("  \n", "file_empty"),
    (as_json(record()) + "\n[]", "file_not_json"),
], ids=["syntax-error-after-a-good-record", "truncated", "csv", "blank", "two-arrays"])
def test_a_malformed_portal_file_changes_nothing(province: ImportReport, write: WriteFile,
                                                 content: str, code: str) -> None:
    before = Dossier.objects.count()
    report = portal(write("portal.json", content))
    assert [(i.code, i.severity) for i in report.issues] == [(code, "error")]
    assert report.failed_files and report.created == 0
    assert Dossier.objects.count() == before


def test_configuration_errors_are_usage_errors(province: ImportReport, write: WriteFile
                                               ) -> None:
    path = write("portal.json", as_json(record()))
    twice = write("map.yaml", "units:\n  STP: [Sở A]\n  SYT: [sở  a]\n")
    with pytest.raises(ImportUsageError, match="given to two units"):
        portal(path, unit_map=twice)
    with pytest.raises(ImportUsageError, match="unit map file not found"):
        portal(path, unit_map=Path("/nonexistent/map.yaml"))
    wrong = write("codes.yaml", "status:\n  '1': đang xử lý\n")
    with pytest.raises(ImportUsageError, match="invalid values"):
        portal(path, codes_file=wrong)
    assert not Dossier.objects.filter(code="PT-0001").exists()


def test_the_command_reads_portal_files_with_its_options(province: ImportReport,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    with pytest.raises(CommandError) as failed:
        call_command("import", "portal", str(SAMPLE), "--map", str(UNIT_MAP))
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert "portal-dossiers.sample.json:94#4 TrangThaiHoSo" in out
    call_command("import", "portal", str(SAMPLE), "--map", str(UNIT_MAP), "--codes", str(CODES))
    assert Dossier.objects.filter(code=FOURTH).exists()
    with pytest.raises(CommandError) as wrong:
        call_command("import", "dossiers", str(SAMPLE), "--map", str(UNIT_MAP))
    assert wrong.value.returncode == 2


# The national index's keys (methodology-qd766 §4).
INDEX_KEYS = {"MaKetQua": "KQ-0001", "DuongDanTepTinKetQua": "https://dvc.example/kq/1.pdf",
              "HoSoCoThanhPhanSoHoa": 1, "DuocLayTuKhoDMQG": "0",
              "TaiKhoanDuocXacThucVoiVNeID": True, "DuocThanhToanTrucTuyen": "2"}
INDEX_FIELDS = ("result_electronic", "components_digitised", "personal_storage",
                "vneid_verified", "paid_online")


def index_fields(code: str = "PT-0001") -> dict[str, Any]:
    return Dossier.objects.filter(code=code).values(*INDEX_FIELDS).get()


def test_the_index_keys_are_mapped_and_kept_in_raw(province: ImportReport,
                                                   write: WriteFile) -> None:
    report = portal(write("a.json", as_json(record(**INDEX_KEYS))))
    assert report.ok, [i.describe() for i in report.issues]
    assert index_fields() == {"result_electronic": True, "components_digitised": True,
                              "personal_storage": False, "vneid_verified": True,
                              "paid_online": "local"}
    # The mapping merges keys and codes: the source's own values stay in raw.
    raw = Dossier.objects.get(code="PT-0001").raw
    assert {k: raw[k] for k in INDEX_KEYS} == INDEX_KEYS
    again = portal(write("a.json", as_json(record(**INDEX_KEYS))))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("keys", "expected"), [
    # A record without the keys (an older one-stop system): unknown, never False.
    ({}, dict.fromkeys(INDEX_FIELDS)),
    ({"MaKetQua": "", "DuongDanTepTinKetQua": None, "HoSoCoThanhPhanSoHoa": " ",
      "DuocLayTuKhoDMQG": None, "TaiKhoanDuocXacThucVoiVNeID": "", "DuocThanhToanTrucTuyen": ""},
     dict.fromkeys(INDEX_FIELDS)),
    # A result code without its file: a result without an electronic copy.
    ({"MaKetQua": "KQ-1"}, dict.fromkeys(INDEX_FIELDS) | {"result_electronic": False}),
    ({"DuongDanTepTinKetQua": "kq.pdf"}, dict.fromkeys(INDEX_FIELDS)
     | {"result_electronic": True}),
    # The other name of the digitisation key; either one saying so is enough.
    ({"duocsohoa": "có"}, dict.fromkeys(INDEX_FIELDS) | {"components_digitised": True}),
    ({"HoSoCoThanhPhanSoHoa": 0, "DuocSoHoa": "1"}, dict.fromkeys(INDEX_FIELDS)
     | {"components_digitised": True}),
    ({"HoSoCoThanhPhanSoHoa": "false", "DuocSoHoa": ""}, dict.fromkeys(INDEX_FIELDS)
     | {"components_digitised": False}),
    ({"DuocThanhToanTrucTuyen": 1}, dict.fromkeys(INDEX_FIELDS) | {"paid_online": "portal"}),
    ({"DuocThanhToanTrucTuyen": "0"}, dict.fromkeys(INDEX_FIELDS) | {"paid_online": "none"}),
], ids=["absent", "empty", "code-only", "file-only", "other-name", "either", "false",
        "portal", "not-online"])
def test_absent_or_empty_index_keys_are_unknown(province: ImportReport, write: WriteFile,
                                                keys: dict[str, Any],
                                                expected: dict[str, Any]) -> None:
    report = portal(write("a.json", as_json(record(**keys))))
    assert report.ok, [i.describe() for i in report.issues]
    assert index_fields() == expected


def test_a_later_sync_without_the_index_keys_keeps_them(province: ImportReport,
                                                        write: WriteFile) -> None:
    portal(write("a.json", as_json(record(**INDEX_KEYS))))
    later = portal(write("b.json", as_json(record())))
    assert later.ok
    assert index_fields()["paid_online"] == "local"


@pytest.mark.parametrize(("keys", "field", "words"), [
    ({"DuocThanhToanTrucTuyen": "3"}, "DuocThanhToanTrucTuyen", '"3"'),
    ({"TaiKhoanDuocXacThucVoiVNeID": "yes"}, "TaiKhoanDuocXacThucVoiVNeID", "yes"),
    ({"DuocLayTuKhoDMQG": 2}, "DuocLayTuKhoDMQG", "2"),
    ({"HoSoCoThanhPhanSoHoa": 1, "DuocSoHoa": "x"}, "DuocSoHoa", "x"),
], ids=["payment", "vneid", "storage", "digitised"])
def test_a_bad_index_value_rejects_the_dossier_naming_the_portal_key(
        province: ImportReport, write: WriteFile, keys: dict[str, Any], field: str,
        words: str) -> None:
    report = portal(write("a.json", as_json(record(**keys))))
    assert report.rejected == 1 and not report.ok
    (error,) = report.errors
    assert error.field == field
    assert words in error.reason_vi and words in error.reason_en
    assert error.message_vi.startswith(f'Dòng 2, bản ghi thứ 1 của mảng, trường "{field}"')
    assert not Dossier.objects.filter(code="PT-0001").exists()
