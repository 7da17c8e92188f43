from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "poortwachter.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        # What ``own_data`` exports itself; other apps register their own sections.
        from poortwachter.core import own_data

        own_data.cover(
            ["accounts.User", "accounts.RoleAssignment", "accounts.RoleRequest"], "account"
        )
        own_data.cover(["organisations.Employee"], "employee")
        own_data.cover(["organisations.Employment"], "employments")
        own_data.cover(["absences.AbsenceCase"], "absence_cases")
        own_data.cover(
            ["absences.SickReport", "absences.PartialRecovery", "absences.ServiceQueueItem"],
            "sick_reports",
        )
        own_data.cover(["absences.LeavePeriod"], "leave_periods")
        own_data.cover(["absences.EmergencyInfo"], "emergency_info")
        own_data.cover(["absences.PublishedAdvice"], "advices")
        own_data.cover(["audit.AccessEvent", "audit.AccessEventSubject"], "access_log")
