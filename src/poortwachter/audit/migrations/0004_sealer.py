"""The sealer (issue 21): an event is inserted without its place in the chain, and the
sealer sets ``seq``, ``prev_hash`` and ``hash`` once, in batches, each recorded as a
checkpoint. The chain written so far becomes the first checkpoint; the triggers now let
exactly that one UPDATE through."""

import django.utils.timezone
from django.db import migrations, models

from poortwachter.audit.db import APPEND_ONLY_TABLES, SEALED_TABLES, install_append_only_triggers


def first_checkpoint_and_triggers(apps, schema_editor):
    using = schema_editor.connection.alias
    head = apps.get_model("audit", "ChainHead").objects.using(using).filter(pk=1).first()
    if head is not None and head.last_seq:
        apps.get_model("audit", "ChainCheckpoint").objects.using(using).create(
            batch=1, first_seq=1, last_seq=head.last_seq, last_hash=head.last_hash,
            sealed_at=django.utils.timezone.now(),
        )
    install_append_only_triggers(schema_editor.connection, APPEND_ONLY_TABLES, SEALED_TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_append_only_triggers'),
    ]

    operations = [
        migrations.CreateModel(
            name='ChainCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('batch', models.BigIntegerField(unique=True)),
                ('first_seq', models.BigIntegerField()),
                ('last_seq', models.BigIntegerField()),
                ('last_hash', models.CharField(max_length=64)),
                ('sealed_at', models.DateTimeField()),
            ],
            options={
                'ordering': ['batch'],
                'abstract': False,
            },
        ),
        migrations.AlterField(
            model_name='accessevent',
            name='hash',
            field=models.CharField(blank=True, default='', max_length=64),
        ),
        migrations.AlterField(
            model_name='accessevent',
            name='prev_hash',
            field=models.CharField(blank=True, default='', max_length=64),
        ),
        migrations.AlterField(
            model_name='accessevent',
            name='seq',
            field=models.BigIntegerField(blank=True, null=True, unique=True),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(condition=models.Q(('seq__isnull', True)), fields=['id'], name='audit_event_unsealed'),
        ),
        migrations.RunPython(first_checkpoint_and_triggers, migrations.RunPython.noop),
    ]
