"""A row about an employee belongs to that employee's employer, as database triggers
(issue 21; R-AUTHZ-1): ``absences.db``. Existing rows were all written by the services,
which set the employee's employer; the triggers check what is written from now on."""

from django.db import migrations

from poortwachter.absences.db import drop_employer_triggers, install_employer_triggers

#: Every table of this app with an employee and an employer column (a test checks the
#: list is complete).
TABLES = [
    "absences_absencecase",
    "absences_sickreport",
    "absences_leaveperiod",
    "absences_emergencyinfo",
    "absences_publishedadvice",
    "absences_wagesanction",
    "absences_wageextension",
    "absences_latereport",
]


def install(apps, schema_editor):
    install_employer_triggers(schema_editor.connection, TABLES)


def drop(apps, schema_editor):
    drop_employer_triggers(schema_editor.connection, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("absences", "0005_sick_report_open_newest_first"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, drop)]
