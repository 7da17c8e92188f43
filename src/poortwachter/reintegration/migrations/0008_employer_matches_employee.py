"""The re-integration file's rows about an employee belong to that employee's employer, as
database triggers (R-AUTHZ-1): ``reintegration.db``. Existing rows were all written by the
services, which set the employee's employer; the triggers check what is written from now
on."""

from django.db import migrations

from poortwachter.absences.db import drop_employer_triggers, install_employer_triggers

#: Every table of this app with an employee and an employer column (a test checks the
#: list is complete).
TABLES = [
    "reintegration_planofaction",
    "reintegration_evaluation",
    "reintegration_uwvnotification",
    "reintegration_thirdpartyreport",
    "reintegration_task",
    "reintegration_casemanagerassignment",
    "reintegration_conversationnote",
    "reintegration_personnelfilenote",
    "reintegration_reportstatement",
    "reintegration_expertopinion",
    "reintegration_earlyiva",
    "reintegration_consultationappointment",
]


def install(apps, schema_editor):
    install_employer_triggers(schema_editor.connection, TABLES)


def drop(apps, schema_editor):
    drop_employer_triggers(schema_editor.connection, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("reintegration", "0007_consultationappointment"),
        ("absences", "0006_employer_matches_employee"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, drop)]
