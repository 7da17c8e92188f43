from django.urls import path

from poortwachter.integrations import views

app_name = "integrations"

BASE = "werkgever/<id:employer_id>/koppelingen/"

urlpatterns = [
    path("werkgever/<id:employer_id>/verzuimperiodes/", views.export, name="export"),
    path(BASE, views.index, name="index"),
    path(BASE + "nieuw/", views.client_new, name="client_new"),
    path(BASE + "<id:client_id>/sleutel/", views.client_key, name="client_key"),
    path(
        BASE + "<id:client_id>/sleutel/<id:key_id>/intrekken/",
        views.key_retire,
        name="key_retire",
    ),
    path(BASE + "<id:client_id>/intrekken/", views.client_revoke, name="client_revoke"),
    path(BASE + "webhooks/nieuw/", views.webhook_new, name="webhook_new"),
    path(BASE + "webhooks/<id:webhook_id>/", views.webhook_detail, name="webhook_detail"),
    path(
        BASE + "webhooks/<id:webhook_id>/uitschakelen/",
        views.webhook_deactivate,
        name="webhook_deactivate",
    ),
    path(
        BASE + "webhooks/<id:webhook_id>/<id:delivery_id>/opnieuw/",
        views.delivery_replay,
        name="delivery_replay",
    ),
]
