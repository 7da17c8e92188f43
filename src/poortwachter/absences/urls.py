from django.urls import path

from poortwachter.absences import views

app_name = "absences"

urlpatterns = [
    path("verzuim/", views.my_absence, name="my_absence"),
    path("verzuim/ziekmelden/<id:employee_id>/", views.report_sick, name="report_sick"),
    path("verzuim/meldingen/<id:report_id>/", views.report_detail, name="report_detail"),
    path("verzuim/meldingen/<id:report_id>/herstel/", views.recovery, name="recovery"),
    path(
        "verzuim/meldingen/<id:report_id>/gedeeltelijk-herstel/",
        views.partial_recovery,
        name="partial_recovery",
    ),
    path("verzuim/advies/", views.my_advices, name="my_advices"),
    path("verzuim/advies/<id:advice_id>/", views.advice_detail, name="advice_detail"),
    path("verzuim/overzicht/", views.hr_list, name="hr_list"),
    path("verzuim/tekstcontrole/", views.text_check, name="text_check"),
    path("team/verzuim/", views.team, name="team"),
    path("verzuim/kalender/", views.calendar, name="calendar"),
    path("noodinformatie/", views.emergency_info, name="emergency_info"),
    path("werknemers/<id:employee_id>/verlof/", views.leave, name="leave"),
    path("bedrijfsarts/werkvoorraad/", views.caseload, name="caseload"),
    path(
        "bedrijfsarts/werkvoorraad/<id:item_id>/opgepakt/",
        views.queue_item_handle,
        name="queue_item_handle",
    ),
]
