from django.urls import path

from poortwachter.statistics import views

app_name = "statistics"

urlpatterns = [
    path("statistieken/", views.dashboard, name="dashboard"),
    path(
        "werkgever/<id:employer_id>/statistieken/",
        views.dashboard,
        name="employer_dashboard",
    ),
    path("statistieken/export.csv", views.export_csv, name="export_csv"),
    path("statistieken/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("statistieken/rapport.pdf", views.export_pdf, name="export_pdf"),
    path("statistieken/oorzaken/", views.cause_reports, name="cause_reports"),
]
