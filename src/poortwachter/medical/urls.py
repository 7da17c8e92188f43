from django.urls import path

from poortwachter.medical import views

app_name = "medical"

urlpatterns = [
    path("bedrijfsarts/oorzaken/", views.cause_statistics_page, name="cause_statistics"),
    path("bedrijfsarts/dossiers/", views.caseload, name="caseload"),
    path("bedrijfsarts/spreekuur/", views.agenda, name="agenda"),
    path("bedrijfsarts/spreekuur/agenda.json", views.agenda_json, name="agenda_json"),
    path(
        "bedrijfsarts/spreekuur/<slug:kind>/<id:item_id>/verwijderen/",
        views.agenda_remove,
        name="agenda_remove",
    ),
    path(
        "bedrijfsarts/spreekuur/<uuid:appointment_id>/verzetten/",
        views.appointment_move,
        name="appointment_move",
    ),
    path(
        "bedrijfsarts/spreekuur/<uuid:appointment_id>/status/",
        views.appointment_state,
        name="appointment_state",
    ),
    path(
        "bedrijfsarts/dossiers/<id:employee_id>/spreekuur/nieuw/",
        views.appointment_new,
        name="appointment_new",
    ),
    path("bedrijfsarts/dossiers/<id:employee_id>/", views.file_detail, name="file"),
    path(
        "bedrijfsarts/dossiers/<id:employee_id>/documenten/nieuw/",
        views.document_new,
        name="document_new",
    ),
    path(
        "bedrijfsarts/dossiers/<id:employee_id>/documenten/<uuid:document_id>/",
        views.document_download,
        name="document_download",
    ),
    path(
        "bedrijfsarts/dossiers/<id:employee_id>/delegeren/",
        views.delegation_new,
        name="delegation_new",
    ),
    path(
        "bedrijfsarts/dossiers/<id:employee_id>/delegeren/<id:delegation_id>/beeindigen/",
        views.delegation_end,
        name="delegation_end",
    ),
    path(
        "bedrijfsarts/dossiers/<id:employee_id>/advies/nieuw/",
        views.advice_edit,
        name="advice_new",
    ),
    path(
        "bedrijfsarts/dossiers/<id:employee_id>/advies/<uuid:advice_id>/",
        views.advice_edit,
        name="advice_edit",
    ),
    path("bedrijfsarts/dossiers/<id:employee_id>/afschrift/", views.copy, name="copy"),
    path(
        "bedrijfsarts/dossiers/<id:employee_id>/afschrift/<uuid:request_id>.<str:format>",
        views.copy_download,
        name="copy_download",
    ),
    path(
        "bedrijfsarts/dossiers/<id:employee_id>/afschrift/<uuid:request_id>/overhandigd/",
        views.copy_handed_over,
        name="copy_handed_over",
    ),
    path(
        "bedrijfsarts/dossiers/<id:employee_id>/<slug:kind>/<uuid:entry_id>/corrigeren/",
        views.entry_correct,
        name="entry_correct",
    ),
    path(
        "bedrijfsarts/dossiers/<id:employee_id>/<slug:kind>/nieuw/",
        views.entry_new,
        name="entry_new",
    ),
]
