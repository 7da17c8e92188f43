from django.urls import path

from poortwachter.notifications import views

app_name = "notifications"

urlpatterns = [
    path("meldingen/", views.notification_list, name="list"),
    path("meldingen/gelezen/", views.notification_read_all, name="read_all"),
    path("meldingen/<id:notification_id>/", views.notification_open, name="open"),
    path("meldingen/<id:notification_id>/gelezen/", views.notification_read, name="read"),
    path("account/meldingen/", views.preferences, name="preferences"),
    path("meldingen/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
