"""The service's queue item belongs to its sick report's employer, as a database trigger
(R-AUTHZ-1): ``absences.db`` (``PARENTS``). The item has no employee column; the service
sets its employer from the report, and the trigger refuses any other writer."""

from django.db import migrations

from poortwachter.absences.db import drop_employer_triggers, install_employer_triggers

TABLES = ["absences_servicequeueitem"]


def install(apps, schema_editor):
    install_employer_triggers(schema_editor.connection, TABLES)


def drop(apps, schema_editor):
    drop_employer_triggers(schema_editor.connection, TABLES)


class Migration(migrations.Migration):
    dependencies = [("absences", "0006_employer_matches_employee")]

    operations = [migrations.RunPython(install, drop)]
