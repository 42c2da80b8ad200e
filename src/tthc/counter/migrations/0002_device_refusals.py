# How often each counter device was refused, for the operator (issue 10).
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('counter', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='counterdevice',
            name='last_refusal_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='lần bị từ chối gần nhất'),
        ),
        migrations.AddField(
            model_name='counterdevice',
            name='last_refusal_code',
            field=models.CharField(blank=True, max_length=64, verbose_name='mã lỗi lần gần nhất'),
        ),
        migrations.AddField(
            model_name='counterdevice',
            name='refusals',
            field=models.PositiveIntegerField(default=0, verbose_name='số lần bị từ chối'),
        ),
    ]
