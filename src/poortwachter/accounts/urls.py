from django.urls import path

from poortwachter.accounts import views

app_name = "accounts"

urlpatterns = [
    path("activeren/<str:token>/", views.activate, name="activate"),
    path("ontgrendelen/<str:token>/", views.unlock, name="unlock"),
    path("beheer/", views.employer_admin_home, name="employer_admin_home"),
    path(
        "werkgever/<id:employer_id>/accounts/",
        views.employer_accounts,
        name="employer_accounts",
    ),
    path("arbodienst/accounts/", views.service_accounts, name="service_accounts"),
    path("accounts-beheer/<id:user_id>/", views.user_detail, name="user_detail"),
    path("arbodienst/aanvragen-medische-rollen/", views.role_requests, name="role_requests"),
    path(
        "arbodienst/aanvragen-medische-rollen/<id:request_id>/besluit/",
        views.role_request_decide,
        name="role_request_decide",
    ),
    path(
        "arbodienst/aanvragen-medische-rollen/<id:request_id>/intrekken/",
        views.role_request_withdraw,
        name="role_request_withdraw",
    ),
    path(
        "accounts-beheer/<id:user_id>/rollen/<id:assignment_id>/intrekken/",
        views.assignment_revoke,
        name="assignment_revoke",
    ),
    path(
        "accounts-beheer/<id:user_id>/herstellen/",
        views.credentials_reset,
        name="credentials_reset",
    ),
]
