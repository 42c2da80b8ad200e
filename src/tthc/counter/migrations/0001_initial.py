import django.db.models.deletion
from django.db import migrations, models


# CounterDevice moves here from the ratings (formerly feedback) app in the project's
# state only: its table, feedback_counterdevice, and every row in it stay where they are.
class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('dossiers', '0002_verbose_names'),
        ('organisation', '0001_initial'),
        ('ratings', '0002_counter_devices_and_petition_workflow'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CounterDevice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, verbose_name='tên thiết bị / quầy')),
                        ('token_hash', models.CharField(max_length=64, unique=True, verbose_name='mã băm của khóa thiết bị')),
                        ('active', models.BooleanField(default=True, verbose_name='đang dùng')),
                        ('serving_since', models.DateTimeField(blank=True, null=True, verbose_name='từ lúc')),
                        ('desk', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='counter_devices', to='organisation.unit', verbose_name='Bộ phận Một cửa')),
                        ('serving_dossier', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='dossiers.dossier', verbose_name='hồ sơ vừa phục vụ')),
                        ('serving_official', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisation.official', verbose_name='cán bộ đang phục vụ')),
                    ],
                    options={
                        'db_table': 'feedback_counterdevice',
                        'verbose_name': 'thiết bị đánh giá tại quầy',
                        'verbose_name_plural': 'thiết bị đánh giá tại quầy',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
