from django.urls import path

from poortwachter.imports import views

app_name = "imports"

urlpatterns = [
    path("werkgever/<id:employer_id>/werknemers/importeren/", views.start, name="start"),
    path("werkgever/<id:employer_id>/werknemers/importeren/<id:run_id>/", views.run, name="run"),
    path(
        "werkgever/<id:employer_id>/werknemers/importeren/<id:run_id>/kolommen/",
        views.columns,
        name="columns",
    ),
    path(
        "werkgever/<id:employer_id>/werknemers/importeren/<id:run_id>/inlezen/",
        views.confirm,
        name="confirm",
    ),
    path(
        "werkgever/<id:employer_id>/werknemers/importeren/<id:run_id>/rapport.csv",
        views.report,
        name="report",
    ),
]
