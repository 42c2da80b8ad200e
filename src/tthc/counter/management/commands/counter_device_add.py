"""`tthc counter_device_add --desk CODE --name NAME`: register a counter tablet, print its token once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tthc.counter.models import CounterDevice
from tthc.organisation.models import Unit

from ...services import CounterRefused, counter_device_add, counter_device_token_renew


class Command(BaseCommand):
    help = ("Cấp thiết bị đánh giá tại quầy cho một Bộ phận Một cửa và in khóa của nó (chỉ một lần) / "
            "Register a counter tablet for a desk and print its token (shown once).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--desk", required=True, metavar="UNIT_CODE",
                            help="mã đơn vị có Bộ phận Một cửa / code of the desk's unit")
        parser.add_argument("--name", required=True, help="tên thiết bị, ví dụ “Quầy 3” / device name")
        parser.add_argument("--new-token", action="store_true",
                            help="cấp lại khóa cho thiết bị đã có (khóa cũ hết hiệu lực) / "
                                 "re-issue the token of an existing device")

    def handle(self, *args: Any, **options: Any) -> None:
        desk = Unit.objects.filter(code=options["desk"]).first()
        if desk is None:
            raise CommandError(f"Không có đơn vị mã “{options['desk']}” / unknown unit code.")
        try:
            if options["new_token"]:
                device = CounterDevice.objects.filter(desk=desk, name=options["name"].strip(), active=True).first()
                if device is None:
                    raise CommandError(f"Đơn vị {desk.code} không có thiết bị “{options['name']}” / "
                                       "no such device.")
                issued = counter_device_token_renew(device=device, actor="cli")
            else:
                issued = counter_device_add(name=options["name"], desk=desk, actor="cli")
        except CounterRefused as refusal:
            raise CommandError(f"{refusal.message_vi} / {refusal.message_en}") from None
        self.stdout.write(f"Thiết bị / device: {issued.device.name} (#{issued.device.pk}) — {desk.code} {desk.name}")
        self.stdout.write(f"Khóa thiết bị / device token: {issued.token}")
        self.stdout.write(self.style.WARNING(
            "Khóa chỉ hiện một lần: nhập ngay trên máy tính bảng tại /quay/thiet-bi/gan/ rồi hủy bản ghi. "
            "/ The token is shown only once: type it on the tablet at /quay/thiet-bi/gan/."))
