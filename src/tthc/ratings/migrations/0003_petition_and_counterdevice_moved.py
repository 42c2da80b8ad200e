import django.db.models.deletion
from django.db import migrations, models

# (model, labels it may carry before this migration, label after). A database made
# before the app was renamed still has the content types of the label feedback.
MOVES = (
    ('rating', ('feedback',), 'ratings'),
    ('petition', ('feedback', 'ratings'), 'petitions'),
    ('counterdevice', ('feedback', 'ratings'), 'counter'),
)


def _unused(content_type, apps, db):
    """No group, user or admin history refers to it: it was made by post_migrate only."""
    Permission = apps.get_model('auth', 'Permission')
    LogEntry = apps.get_model('admin', 'LogEntry')
    permissions = Permission.objects.using(db).filter(content_type=content_type)
    return not (permissions.filter(group__isnull=False).exists()
                or permissions.filter(user__isnull=False).exists()
                or LogEntry.objects.using(db).filter(content_type=content_type).exists())


def _relabel(apps, schema_editor, moves):
    """Content types follow their models, so that the permissions granted on them (and
    the admin's history) stay attached.

    After a partial rollback post_migrate may already have made a content type under the
    new label; an unused one gives way to the old, else both are left as they are."""
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db)
    for model, old_labels, new_label in moves:
        old = types.filter(app_label__in=old_labels, model=model).order_by('pk').first()
        if old is None:
            continue
        target = types.filter(app_label=new_label, model=model).first()
        if target is not None:
            if not _unused(target, apps, db):
                continue
            target.delete()
        old.app_label = new_label
        old.save(update_fields=['app_label'])


def content_types_forward(apps, schema_editor):
    _relabel(apps, schema_editor, MOVES)


def content_types_backward(apps, schema_editor):
    # Backwards the models return to ratings; the label feedback is gone for good.
    _relabel(apps, schema_editor, [(model, (new,), 'ratings') for model, _, new in MOVES if new != 'ratings'])


# Petition and CounterDevice now belong to the petitions and counter apps. Only the
# project's state changes: no table is renamed, no row moves.
class Migration(migrations.Migration):

    dependencies = [
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('counter', '0001_initial'),
        ('petitions', '0001_initial'),
        ('ratings', '0002_counter_devices_and_petition_workflow'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='rating',
                    name='device',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ratings', to='counter.counterdevice', verbose_name='thiết bị tại quầy'),
                ),
                migrations.DeleteModel(name='CounterDevice'),
                migrations.DeleteModel(name='Petition'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
