from django.urls import path

from poortwachter.reintegration import views

app_name = "reintegration"

CASE = "verzuim/dossiers/<id:case_id>/"

urlpatterns = [
    path(CASE, views.case_file, name="case_file"),
    path(f"{CASE}plan/", views.plan_edit, name="plan_edit"),
    path(f"{CASE}plan/mijn-visie/", views.plan_employee, name="plan_employee"),
    path(f"{CASE}evaluaties/nieuw/", views.evaluation_new, name="evaluation_new"),
    path(f"{CASE}uwv/<id:notification_id>/", views.notification_detail, name="notification_detail"),
    path(
        f"{CASE}uwv/<id:notification_id>/melding.pdf",
        views.notification_export,
        {"format": "pdf"},
        name="notification_pdf",
    ),
    path(
        f"{CASE}uwv/<id:notification_id>/melding.json",
        views.notification_export,
        {"format": "json"},
        name="notification_json",
    ),
    path(f"{CASE}rapporten/nieuw/", views.report_new, name="report_new"),
    path(f"{CASE}rapporten/<id:report_id>/", views.report_download, name="report_download"),
    path(
        f"{CASE}re-integratieverslag.pdf",
        views.reintegration_report,
        {"format": "pdf"},
        name="report_pdf",
    ),
    path(
        f"{CASE}re-integratieverslag.json",
        views.reintegration_report,
        {"format": "json"},
        name="report_json",
    ),
    path(f"{CASE}loonsanctie/", views.wage_sanction_edit, name="wage_sanction"),
    path(f"{CASE}verlenging/", views.wage_extension_edit, name="wage_extension"),
    path(f"{CASE}verslaggegevens/", views.report_statement_edit, name="report_statement"),
    path(f"{CASE}deskundigenoordeel/nieuw/", views.expert_opinion_new, name="expert_opinion_new"),
    path(
        f"{CASE}deskundigenoordeel/<id:opinion_id>/",
        views.expert_opinion_outcome,
        name="expert_opinion_outcome",
    ),
    path(f"{CASE}vervroegde-iva/", views.early_iva_edit, name="early_iva"),
    path(f"{CASE}taken/<id:task_id>/", views.task_status, name="task_status"),
    path(f"{CASE}casemanager/", views.case_manager, name="case_manager"),
    path(f"{CASE}gesprekken/nieuw/", views.note_new, name="note_new"),
    path(f"{CASE}gesprekken/<id:note_id>/reactie/", views.note_reaction, name="note_reaction"),
    path("verzuim/mijn-dossiers/", views.my_cases, name="my_cases"),
    path("verzuim/spreekuur/", views.my_appointments, name="my_appointments"),
    path("verzuim/spreekuur/<id:appointment_id>/", views.appointment, name="appointment"),
    path(
        "verzuim/spreekuur/<id:appointment_id>/afspraak.ics",
        views.appointment_ics,
        name="appointment_ics",
    ),
    path("verzuim/taken/", views.hr_tasks, name="hr_tasks"),
    path("verzuim/mijn-taken/", views.my_tasks, name="my_tasks"),
    path("bedrijfsarts/taken/", views.doctor_tasks, name="doctor_tasks"),
]
