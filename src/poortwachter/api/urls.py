from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from poortwachter.api import (
    absences,
    appointments,
    calendar,
    casework,
    integration,
    notifications,
    statistics,
    timeline,
    views,
)

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/me/", views.MeView.as_view(), name="me"),
    path("v1/oauth/token/", integration.TokenView.as_view(), name="integration_token"),
    path(
        "v1/integration/employees/",
        integration.EmployeeEmploymentView.as_view(),
        name="integration_employees",
    ),
    path(
        "v1/integration/absence-periods/",
        integration.AbsencePeriodsView.as_view(),
        name="integration_absence_periods",
    ),
    path("v1/users/", views.UserListCreateView.as_view(), name="user_list"),
    path("v1/users/<id:user_id>/", views.UserDetailView.as_view(), name="user_detail"),
    path("v1/users/<id:user_id>/grants/", views.UserGrantView.as_view(), name="user_grants"),
    path(
        "v1/users/<id:user_id>/reset-credentials/",
        views.CredentialsResetView.as_view(),
        name="user_reset_credentials",
    ),
    path("v1/grants/<id:assignment_id>/", views.GrantDetailView.as_view(), name="grant_detail"),
    path("v1/employers/", views.EmployerListCreateView.as_view(), name="employer_list"),
    path("v1/employees/", views.EmployeeListView.as_view(), name="employee_list"),
    path(
        "v1/employees/<id:employee_id>/",
        views.EmployeeDetailView.as_view(),
        name="employee_detail",
    ),
    path("v1/sick-reports/", absences.SickReportListCreateView.as_view(), name="sick_report_list"),
    path(
        "v1/sick-reports/<id:report_id>/",
        absences.SickReportDetailView.as_view(),
        name="sick_report_detail",
    ),
    path(
        "v1/sick-reports/<id:report_id>/recovery/",
        absences.RecoveryView.as_view(),
        name="sick_report_recovery",
    ),
    path(
        "v1/sick-reports/<id:report_id>/partial-recovery/",
        absences.PartialRecoveryView.as_view(),
        name="sick_report_partial_recovery",
    ),
    path("v1/advices/", absences.AdviceListView.as_view(), name="advice_list"),
    path("v1/advices/<id:advice_id>/", absences.AdviceDetailView.as_view(), name="advice_detail"),
    path("v1/text-check/", absences.TextCheckView.as_view(), name="text_check"),
    path("v1/timeline/", timeline.TimelineComputeView.as_view(), name="timeline"),
    path(
        "v1/absence-cases/<id:case_id>/timeline/",
        timeline.AbsenceCaseTimelineView.as_view(),
        name="absence_case_timeline",
    ),
    path("v1/statistics/", statistics.StatisticsView.as_view(), name="statistics"),
    path("v1/absence-calendar/", calendar.AbsenceCalendarView.as_view(), name="absence_calendar"),
    path(
        "v1/absence-cases/<id:case_id>/case-manager/",
        casework.CaseManagerView.as_view(),
        name="absence_case_manager",
    ),
    path(
        "v1/absence-cases/<id:case_id>/conversation-notes/",
        casework.ConversationNoteListView.as_view(),
        name="absence_case_notes",
    ),
    path("v1/appointments/", appointments.AppointmentListView.as_view(), name="appointment_list"),
    path(
        "v1/notifications/", notifications.NotificationListView.as_view(), name="notification_list"
    ),
    path(
        "v1/notifications/read-all/",
        notifications.NotificationReadAllView.as_view(),
        name="notification_read_all",
    ),
    path(
        "v1/notifications/<id:notification_id>/read/",
        notifications.NotificationReadView.as_view(),
        name="notification_read",
    ),
]
