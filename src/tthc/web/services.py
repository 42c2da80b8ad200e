"""Log-in accounts: the appraisers' group and the demonstration accounts."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from tthc.access.models import AgencyLeader
from tthc.access.roles import APPRAISER_GROUP
from tthc.organisation.models import Official, Unit

# Apps whose records an appraiser reads; the Django apps (auth, sessions…) are not theirs.
APPRAISER_APPS = ("access", "audit", "organisation", "catalogue", "dossiers", "evaluation",
                  "ratings", "petitions", "counter", "importers", "scoring")

DEMO_PASSWORD_ENV = "TTHC_DEMO_PASSWORD"
# Documented in the README and printed by `tthc demo_users`: demo databases only.
DEFAULT_DEMO_PASSWORD = "demo-tthc-2020"
# The commune whose leader the demo log-ins include (the 2026 data set's Xã Mường Nhé).
DEMO_COMMUNE_2026 = "X-MUONGNHE"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    created: bool


def demo_password() -> str:
    return os.environ.get(DEMO_PASSWORD_ENV) or DEFAULT_DEMO_PASSWORD


@transaction.atomic
def appraiser_group_ensure() -> Group:
    """The appraisers' group with view permission on every scorecard model, and no more."""
    group, _ = Group.objects.get_or_create(name=APPRAISER_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=APPRAISER_APPS,
                                  codename__startswith="view_")
    )
    return group


@transaction.atomic
def demo_accounts_ensure(*, password: str) -> list[DemoAccount]:
    """Create or reset the demonstration log-ins, one per role (the public needs none)."""
    user_model = get_user_model()
    accounts = []

    admin, created = user_model.objects.get_or_create(username="quantri")
    admin.first_name, admin.last_name = "Quản trị", "hệ thống (minh họa)"
    admin.is_staff = admin.is_superuser = admin.is_active = True
    admin.set_password(password)
    admin.save()
    accounts.append(DemoAccount(admin.get_username(), "Quản trị hệ thống (superuser)", created))

    appraiser, created = user_model.objects.get_or_create(username="thamdinh")
    appraiser.first_name, appraiser.last_name = "Cán bộ thẩm định", "VP UBND tỉnh (minh họa)"
    appraiser.is_staff, appraiser.is_superuser, appraiser.is_active = True, False, True
    appraiser.set_password(password)
    appraiser.save()
    appraiser.groups.add(appraiser_group_ensure())
    accounts.append(DemoAccount(appraiser.get_username(),
                                "Thẩm định, Văn phòng UBND tỉnh (thẩm định, công bố)", created))

    # A desk official of the demo's Sở Tư pháp, to try the desk page, receipts, the
    # counter tablet and paper forms (only when the demo data set is loaded).
    official = Official.objects.filter(unit__code="STP").order_by("code").first()
    if official is not None:
        desk, created = user_model.objects.get_or_create(username="canbo")
        desk.first_name, desk.last_name = official.full_name, "(minh họa)"
        desk.is_staff = desk.is_superuser = False
        desk.is_active = True
        desk.set_password(password)
        desk.save()
        Official.objects.filter(user=desk).exclude(pk=official.pk).update(user=None)
        official.user = desk
        official.save(update_fields=["user"])
        accounts.append(DemoAccount(desk.get_username(),
                                    f"Cán bộ Bộ phận Một cửa, Sở Tư pháp ({official.code})", created))

    # The leader of the same agency: its self-assessment, its officials, its dossiers.
    agency = Unit.objects.filter(code="STP").first()
    if agency is not None:
        leader, created = user_model.objects.get_or_create(username="lanhdao")
        leader.first_name, leader.last_name = "Lãnh đạo", "Sở Tư pháp (minh họa)"
        leader.is_staff = leader.is_superuser = False
        leader.is_active = True
        leader.set_password(password)
        leader.save()
        AgencyLeader.objects.update_or_create(user=leader, defaults={
            "unit": agency, "title": "Phó Giám đốc (minh họa)"})
        accounts.append(DemoAccount(leader.get_username(), f"Lãnh đạo {agency.name} (tự đánh giá)",
                                    created))

    # A commune's leader on today's organisation (the 2026 data set): its national index.
    commune = Unit.objects.filter(code=DEMO_COMMUNE_2026).first()
    if commune is not None:
        chair, created = user_model.objects.get_or_create(username="lanhdaoxa")
        chair.first_name, chair.last_name = "Lãnh đạo", f"{commune.name} (minh họa)"
        chair.is_staff = chair.is_superuser = False
        chair.is_active = True
        chair.set_password(password)
        chair.save()
        AgencyLeader.objects.update_or_create(user=chair, defaults={
            "unit": commune, "title": "Phó Chủ tịch UBND xã (minh họa)"})
        accounts.append(DemoAccount(chair.get_username(),
                                    f"Lãnh đạo {commune.name} (Bộ chỉ số 766, từ 07/2025)", created))
    return accounts
