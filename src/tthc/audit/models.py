"""The audit log: every change to records, scores, appraisals and periods."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, verbose_name="người thực hiện")
    # Who acted when no user is logged in: "cli", "import:dossiers.csv", …
    actor = models.CharField("tác nhân", max_length=255, blank=True)
    action = models.CharField("hành động", max_length=64)
    object_type = models.CharField("loại đối tượng", max_length=64)
    object_key = models.CharField("khóa", max_length=255)
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)
    reason = models.TextField("lý do", blank=True)

    class Meta:
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_key"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_type} {self.object_key}"
