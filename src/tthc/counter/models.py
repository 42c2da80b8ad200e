"""Counter devices: the tablets at One-Stop desks through which citizens rate."""

from __future__ import annotations

from django.db import models


class CounterDevice(models.Model):
    """A tablet bound to a One-Stop desk counter: it shows the official now serving and
    the dossier just served, and asks the citizen one question."""

    name = models.CharField("tên thiết bị / quầy", max_length=255)
    desk = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                             related_name="counter_devices", verbose_name="Bộ phận Một cửa")
    # SHA-256 of the device's API token; the token itself is shown once, when issued.
    token_hash = models.CharField("mã băm của khóa thiết bị", max_length=64, unique=True)
    active = models.BooleanField("đang dùng", default=True)
    serving_official = models.ForeignKey("organisation.Official", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+",
                                         verbose_name="cán bộ đang phục vụ")
    serving_dossier = models.ForeignKey("dossiers.Dossier", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+",
                                        verbose_name="hồ sơ vừa phục vụ")
    serving_since = models.DateTimeField("từ lúc", null=True, blank=True)
    # What the device tried and was refused (another desk's dossier, another channel, a
    # petition read, a bad ticket): counted here for the operator, who reads it in the
    # admin; the refusal itself is not a change, so it is not written to the audit log.
    refusals = models.PositiveIntegerField("số lần bị từ chối", default=0)
    last_refusal_at = models.DateTimeField("lần bị từ chối gần nhất", null=True, blank=True)
    last_refusal_code = models.CharField("mã lỗi lần gần nhất", max_length=64, blank=True)

    class Meta:
        # Moved from the feedback app without moving its rows: the table keeps its name.
        db_table = "feedback_counterdevice"
        verbose_name = "thiết bị đánh giá tại quầy"
        verbose_name_plural = "thiết bị đánh giá tại quầy"

    def __str__(self) -> str:
        return self.name
