from django.urls import path

from poortwachter.security import views

app_name = "security"

urlpatterns = [
    path("arbodienst/beveiliging/", views.report_list, name="report_list"),
    path("arbodienst/beveiliging/nieuw/", views.report_new, name="report_new"),
    path("arbodienst/beveiliging/<id:report_id>/", views.report_detail, name="report_detail"),
]
