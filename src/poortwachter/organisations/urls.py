from django.urls import path

from poortwachter.organisations import views

app_name = "organisations"

urlpatterns = [
    path("team/", views.team, name="team"),
    path("werknemers/", views.employee_list, name="employee_list"),
    path("werknemers/<int:employee_id>/", views.employee_detail, name="employee_detail"),
    path(
        "werkgever/<int:employer_id>/werknemers/nieuw/",
        views.employee_create,
        name="employee_create",
    ),
    path(
        "werknemers/<int:employee_id>/dienstverbanden/<int:employment_id>/beeindigen/",
        views.employment_end,
        name="employment_end",
    ),
    path("bedrijfsarts/", views.doctor_home, name="doctor_home"),
    path("arbodienst/werkgevers/", views.employer_list, name="employer_list"),
    path("arbodienst/werkgevers/<int:employer_id>/", views.employer_detail, name="employer_detail"),
    path(
        "arbodienst/werkgevers/<int:employer_id>/bedrijfsartsen/<int:assignment_id>/beeindigen/",
        views.doctor_unassign,
        name="doctor_unassign",
    ),
    path(
        "werkgever/<int:employer_id>/afdelingen/",
        views.department_list,
        name="department_list",
    ),
]
