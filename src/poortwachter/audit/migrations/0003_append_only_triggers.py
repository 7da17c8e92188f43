"""Database triggers that refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) on the
access log tables."""

from django.db import migrations

from poortwachter.audit.db import install_append_only_triggers


def install(apps, schema_editor):
    install_append_only_triggers(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_hash_chain"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
