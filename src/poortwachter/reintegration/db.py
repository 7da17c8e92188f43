"""The re-integration file's rows about an employee belong to that employee's employer, as
a database rule (R-AUTHZ-1), as for the absence app's rows (``absences.db``).

Plans, evaluations, tasks, conversation notes, appointments and the rest carry the
employee's ``employer_id``, and the employer's users see them through it. The services
set it from the employee; the triggers make the database refuse any statement that puts
a row under another employer, from any code path.
"""

from poortwachter.absences.db import install_where_present

#: Every table of this app with an employee and an employer column (a test checks the
#: list is complete, and that migration 0008 installed the same).
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


def reinstall_after_migrate(*, using: str = "default", **_kwargs) -> None:
    """``post_migrate``: put the triggers (back); a later migration that alters a column
    on SQLite rebuilds the table without them (see ``absences.db``)."""
    install_where_present(using, TABLES)
