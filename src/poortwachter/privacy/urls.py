from django.urls import path

from poortwachter.privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacy/toegangslog/", views.event_list, name="event_list"),
    path("privacy/toewijzingen/", views.assignment_history, name="assignment_history"),
    path("privacy/toegangslog/export.csv", views.event_export, name="event_export"),
    path("mijn-gegevens/inzage/", views.my_access_log, name="my_access_log"),
    path("mijn-gegevens/export.json", views.export_json, name="export_json"),
    path("mijn-gegevens/export.pdf", views.export_pdf, name="export_pdf"),
]
