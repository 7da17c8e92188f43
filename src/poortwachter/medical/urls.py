from django.urls import path

from poortwachter.medical import views

app_name = "medical"

urlpatterns = [
    path("bedrijfsarts/oorzaken/", views.cause_statistics_page, name="cause_statistics"),
    path("bedrijfsarts/dossiers/", views.caseload, name="caseload"),
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
