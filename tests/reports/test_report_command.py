"""`tthc report`: the same files as the downloads, written to disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from report_files import all_text, pdf_text, sheet_rows
from report_world import PUBLISHED, World


def test_writes_each_form(world: World, tmp_path: Path) -> None:
    target = tmp_path / "c.xlsx"
    call_command("report", period=PUBLISHED, form="c", fmt="xlsx", output=str(target),
                 date="2020-04-05")
    assert "Điện Biên, ngày 05 tháng 4 năm 2020" in all_text(sheet_rows(target.read_bytes()))
    assert "Số: …/BC-VP" in all_text(sheet_rows(target.read_bytes()))
    call_command("report", "--period", PUBLISHED, "--form", "c", "--format", "xlsx",
                 "--so", "15/BC-VP", "--output", str(target))
    assert "Số: 15/BC-VP" in all_text(sheet_rows(target.read_bytes()))
    target = tmp_path / "b.pdf"
    call_command("report", "--period", PUBLISHED, "--form", "b", "--format", "pdf",
                 "--unit", "STP", "--output", str(target))
    assert "Sở Tư pháp (STP)" in pdf_text(target.read_bytes())
    target = tmp_path / "a.xlsx"
    call_command("report", period=PUBLISHED, form="a", fmt="xlsx", official="CB-STP-2",
                 output=str(target))
    assert "Lò Văn Đức" in all_text(sheet_rows(target.read_bytes()))


@pytest.mark.parametrize(("options", "message"), [
    ({"form": "a"}, "đúng một trong --unit, --official"),
    ({"form": "b"}, "Mẫu b cần --unit"),
    ({"form": "c", "unit": "STP"}, "bỏ --unit"),
    ({"form": "c", "date": "05/04/2020"}, "không phải ngày"),
    ({"form": "b", "unit": "NOPE"}, "không có kết quả"),
])
def test_refuses_what_it_cannot_write(world: World, tmp_path: Path, options: dict,
                                      message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("report", period=PUBLISHED, fmt="xlsx", output=str(tmp_path / "x"), **options)
    assert not (tmp_path / "x").exists()


def test_an_output_folder_that_does_not_exist_is_a_clear_error(world: World, tmp_path: Path) -> None:
    target = tmp_path / "khong-co" / "bao-cao.pdf"
    with pytest.raises(CommandError, match="Không ghi được tệp"):
        call_command("report", period=PUBLISHED, form="c", fmt="pdf", output=str(target))
    assert not target.exists()
