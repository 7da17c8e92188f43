from django.urls import path

from poortwachter.statistics import api, views

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
    # The API endpoint lives with the app (other work edits api/urls.py at the same time);
    # it is DRF like the rest of /api/v1/ and appears in the OpenAPI schema.
    path("api/v1/statistics/", api.StatisticsView.as_view(), name="api"),
]
