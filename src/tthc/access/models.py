"""Who leads which agency: the one role that Django's users and groups cannot express;
and the counters of rate limits and failed log-ins (`limits`, `logins`).

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


class LimitCounter(models.Model):
    """One counter of a rate limit or of failed log-ins (tthc.access.limits).

    In the database so that every gunicorn worker counts in the same place; a migration
    creates the table, so no install path can forget it. The key is a keyed hash: no
    address or user name is stored. Times are Unix seconds, the same arithmetic on
    SQLite and PostgreSQL.
    """

    key = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    # Log-ins only: no attempt is taken before this time (the back-off).
    wait_until = models.FloatField(default=0)
    # The counter starts from zero after this time (end of a window; failures forgotten).
    expires = models.FloatField(db_index=True)

    class Meta:
        db_table = "access_limit_counter"
        verbose_name = "bộ đếm giới hạn"
        verbose_name_plural = "bộ đếm giới hạn"

    def __str__(self) -> str:
        return self.key
