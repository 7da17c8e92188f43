"""The separation of duties as database triggers (issue 18, finding 3; R-ACC-1).

Existing rows are left as they are, never dropped: ``poortwachter
check-separation-of-duties`` lists accounts that combine a medical role with service
administration or privacy oversight, for the service to resolve by hand."""

from django.db import migrations

from poortwachter.accounts.db import drop_separation_triggers, install_separation_triggers


def install(apps, schema_editor):
    install_separation_triggers(schema_editor.connection)


def drop(apps, schema_editor):
    drop_separation_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_activation"),
    ]

    operations = [migrations.RunPython(install, drop)]
