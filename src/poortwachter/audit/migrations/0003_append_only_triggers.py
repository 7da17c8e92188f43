"""Database triggers that refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) on the
access log tables."""

from django.db import migrations

from poortwachter.audit.db import install_append_only_triggers


def install(apps, schema_editor):
    # The tables as they were then; 0004 (the sealer) reinstalls them for today's.
    install_append_only_triggers(
        schema_editor.connection, ("audit_accessevent", "audit_accesseventsubject"), sealed=()
    )


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_hash_chain"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
