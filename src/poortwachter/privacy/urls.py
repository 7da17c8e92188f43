from django.urls import path

from poortwachter.privacy import views

app_name = "privacy"

urlpatterns = [
    path("mijn-gegevens/export.json", views.export_json, name="export_json"),
    path("mijn-gegevens/export.pdf", views.export_pdf, name="export_pdf"),
]
