"""Who leads which agency: the one role that Django's users and groups cannot express.

The other roles need no table of their own: the administrator is a superuser, the
appraiser belongs to the appraisers' group, a desk official is an `Official` with a
login (`Official.user`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AgencyLeader(models.Model):
    """A login that acts for one agency: reads its scores and officials, self-assesses."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="agency_leader", verbose_name="tài khoản đăng nhập")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                             related_name="leaders", verbose_name="cơ quan, đơn vị")
    title = models.CharField("chức vụ", max_length=255, blank=True)

    class Meta:
        verbose_name = "lãnh đạo cơ quan, đơn vị"
        verbose_name_plural = "lãnh đạo cơ quan, đơn vị"

    def __str__(self) -> str:
        return f"{self.user} — {self.unit_id}"
