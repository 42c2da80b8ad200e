"""Each import run says how it ended and how many records it read (issue 10).

Earlier runs get the outcome their counts and issues show: unfinished ones stay
"running", a run with rejected rows is "partial", one that stored nothing and has an
error (a file that could not be read) "failed", any other "imported".
"""

from django.db import migrations, models
from django.db.models import F


def outcomes(apps, schema_editor):
    ImportRun = apps.get_model("importers", "ImportRun")
    finished = ImportRun.objects.filter(finished_at__isnull=False)
    finished.update(read=F("created") + F("updated") + F("unchanged") + F("rejected"),
                    outcome="imported")
    finished.filter(rejected__gt=0).update(outcome="partial")
    finished.filter(read=0, issues__severity="error").update(outcome="failed")


class Migration(migrations.Migration):

    dependencies = [
        ("importers", "0002_issue_dossier_current"),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="outcome",
            field=models.CharField(
                choices=[("running", "Đang nhập"), ("imported", "Đã nhập"),
                         ("partial", "Đã nhập, có dòng bị từ chối"),
                         ("failed", "Không đọc được tệp, không lưu gì"),
                         ("not_attempted", "Không nhập vì một tệp nó cần bị lỗi")],
                default="running", max_length=16, verbose_name="kết quả"),
        ),
        migrations.AddField(
            model_name="importrun",
            name="read",
            field=models.PositiveIntegerField(default=0, verbose_name="đã đọc"),
        ),
        migrations.RunPython(outcomes, migrations.RunPython.noop),
    ]
