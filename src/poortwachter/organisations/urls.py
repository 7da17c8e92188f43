from django.urls import path

from poortwachter.organisations import views

app_name = "organisations"

urlpatterns = [
    path("team/", views.team, name="team"),
    path("werknemers/", views.employee_list, name="employee_list"),
    path("werknemers/<id:employee_id>/", views.employee_detail, name="employee_detail"),
    path(
        "werkgever/<id:employer_id>/werknemers/nieuw/",
        views.employee_create,
        name="employee_create",
    ),
    path(
        "werknemers/<id:employee_id>/dienstverbanden/<id:employment_id>/beeindigen/",
        views.employment_end,
        name="employment_end",
    ),
    path("bedrijfsarts/", views.doctor_home, name="doctor_home"),
    path("arbodienst/werkgevers/", views.employer_list, name="employer_list"),
    path("arbodienst/werkgevers/<id:employer_id>/", views.employer_detail, name="employer_detail"),
    path(
        "arbodienst/werkgevers/<id:employer_id>/bedrijfsartsen/<id:assignment_id>/beeindigen/",
        views.doctor_unassign,
        name="doctor_unassign",
    ),
    path(
        "werkgever/<id:employer_id>/afdelingen/",
        views.department_list,
        name="department_list",
    ),
]
