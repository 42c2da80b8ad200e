import django.db.models.deletion
from django.db import migrations, models


# Petition moves here from the ratings (formerly feedback) app in the project's state
# only: its table, feedback_petition, and every row in it stay where they are.
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
                    name='Petition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=64, unique=True, verbose_name='mã phản ánh')),
                        ('kind', models.CharField(blank=True, choices=[('rules', 'Về quy định hành chính'), ('conduct', 'Về hành vi của cán bộ')], max_length=16, null=True, verbose_name='loại')),
                        ('received_at', models.DateTimeField(verbose_name='ngày tiếp nhận')),
                        ('answer_due_at', models.DateTimeField(blank=True, null=True, verbose_name='hạn trả lời')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='ngày trả lời')),
                        ('prolonged', models.BooleanField(blank=True, null=True, verbose_name='kéo dài')),
                        ('upheld', models.BooleanField(blank=True, null=True, verbose_name='phản ánh đúng')),
                        ('about_official', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='petitions', to='organisation.official', verbose_name='cán bộ bị phản ánh')),
                        ('dossier', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='petitions', to='dossiers.dossier', verbose_name='hồ sơ')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='petitions', to='organisation.unit', verbose_name='đơn vị bị phản ánh')),
                        ('answer', models.TextField(blank=True, verbose_name='nội dung trả lời')),
                        ('content', models.TextField(blank=True, verbose_name='nội dung')),
                        ('status', models.CharField(choices=[('received', 'Đã tiếp nhận'), ('classified', 'Đang xử lý'), ('answered', 'Đã trả lời')], default='received', max_length=16, verbose_name='trạng thái')),
                        ('times_raised', models.PositiveSmallIntegerField(default=1, verbose_name='số lần phản ánh')),
                    ],
                    options={
                        'db_table': 'feedback_petition',
                        'verbose_name': 'phản ánh, kiến nghị',
                        'verbose_name_plural': 'phản ánh, kiến nghị',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
