# Nullable columns only: no table rewrite, no index on the large ratings table. The
# time a device reports is kept beside the server's; the login that keyed a paper form,
# and the permission to key and correct paper forms of any dossier (issue 10).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ratings', '0003_petition_and_counterdevice_moved'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='rating',
            options={'permissions': [('enter_paper_rating', 'Nhập và sửa phiếu đánh giá giấy của mọi hồ sơ')], 'verbose_name': 'đánh giá', 'verbose_name_plural': 'đánh giá'},
        ),
        migrations.AddField(
            model_name='rating',
            name='client_submitted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='thời điểm theo thiết bị'),
        ),
        migrations.AddField(
            model_name='rating',
            name='entered_by_user',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản nhập phiếu'),
        ),
    ]
