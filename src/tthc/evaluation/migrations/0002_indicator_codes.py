"""Indicators by code (issue 9): explanations and appraisals name an indicator of the
run's layout ("6", not 6), and appraised points are as wide as any methodology's
(bounds are the indicator's, checked by the service). Stored values are unchanged:
integers 1…9 become the codes "1"…"9"."""

import django.core.validators
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0001_initial'),
        ('organisation', '0002_official_user'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='appraisal',
            name='appraised_points_0_to_2',
        ),
        migrations.AlterField(
            model_name='appraisal',
            name='indicator',
            field=models.CharField(max_length=16, verbose_name='chỉ số'),
        ),
        migrations.AlterField(
            model_name='appraisal',
            name='points',
            field=models.DecimalField(decimal_places=2, max_digits=7, validators=[django.core.validators.MinValueValidator(0)], verbose_name='điểm thẩm định'),
        ),
        migrations.AlterField(
            model_name='appraisal',
            name='self_points',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True, verbose_name='điểm tự chấm khi thẩm định'),
        ),
        migrations.AlterField(
            model_name='selfassessment',
            name='indicator',
            field=models.CharField(max_length=16, verbose_name='chỉ số'),
        ),
        migrations.AddConstraint(
            model_name='appraisal',
            constraint=models.CheckConstraint(condition=models.Q(('points__gte', 0)), name='appraised_points_not_negative'),
        ),
    ]
