"""Chain the access log: number every event, hash it with the hash before it, and keep
the chain head. Events written before this migration are chained in the order they were
written (time, then id)."""

import django.db.models.deletion
from django.db import migrations, models

from poortwachter.audit.chain import GENESIS, HASHED_FIELDS, event_hash


def chain_existing(apps, schema_editor):
    AccessEvent = apps.get_model("audit", "AccessEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    prev, seq = GENESIS, 0
    for event in AccessEvent.objects.order_by("occurred_at", "id").iterator(chunk_size=2000):
        seq += 1
        event.seq = seq
        event.prev_hash = prev
        event.hash = event_hash(prev, {name: getattr(event, name) for name in HASHED_FIELDS})
        AccessEvent.objects.filter(pk=event.pk).update(
            seq=event.seq, prev_hash=event.prev_hash, hash=event.hash
        )
        prev = event.hash
    ChainHead.objects.create(pk=1, last_seq=seq, last_hash=prev)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("last_seq", models.BigIntegerField(default=0)),
                ("last_hash", models.CharField(max_length=64)),
            ],
        ),
        migrations.AddField(
            model_name="accessevent",
            name="seq",
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="accessevent",
            name="prev_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accessevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="accessevent",
            name="seq",
            field=models.BigIntegerField(unique=True),
        ),
        migrations.CreateModel(
            name="AccessEventSubject",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("employee_id", models.BigIntegerField()),
                ("event", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="subjects", to="audit.accessevent")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("employee_id", "event"), name="audit_subject_once")],
            },
        ),
    ]
