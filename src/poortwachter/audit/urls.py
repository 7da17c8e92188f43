from django.urls import path

from poortwachter.audit import views

app_name = "audit"

urlpatterns = [
    path("privacy/toegangslog/", views.event_list, name="event_list"),
    path("privacy/toegangslog/export.csv", views.event_export, name="event_export"),
    path("mijn-gegevens/inzage/", views.my_access_log, name="my_access_log"),
]
