from django.urls import path

from poortwachter.audit import views

app_name = "audit"

urlpatterns = [path("privacy/toegangslog/", views.event_list, name="event_list")]
