from django.urls import path

from poortwachter.web.views import home

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("mijn-gegevens/", home.employee_home, name="employee_home"),
    path("account/", home.account, name="account"),
]
