from django.urls import path

from poortwachter.retention import views

app_name = "retention"

urlpatterns = [
    path("werknemers/<id:employee_id>/bewaren/", views.employee_retention, name="employee"),
    path(
        "werknemers/<id:employee_id>/bewaren/blokkades/<id:hold_id>/opheffen/",
        views.legal_hold_lift,
        name="legal_hold_lift",
    ),
]
