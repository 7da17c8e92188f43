"""The employer administrator's pages for integrations (issue 20): machine clients
(issue with a public key, rotate, revoke) and webhooks (register, delivery log, replay).
Issuing a client or a webhook asks for the administrator's own second factor again when
its last use is not recent (allauth's reauthentication), as the medical step-up does."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from poortwachter.accounts.second_factor import used_factor_recently
from poortwachter.core import csvformat
from poortwachter.core.access import actor_required
from poortwachter.core.errors import ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.integrations import exports, policies, selectors, services
from poortwachter.integrations.forms import ClientForm, ExportForm, KeyForm, WebhookForm

#: Shown once after registration, then gone from the session.
SHOWN_ONCE_KEY = "pw_integrations_shown_once"


def _step_up(request):
    """A redirect to the second factor when its last use is not recent, else None."""
    if used_factor_recently(request):
        return None
    target = reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()})
    return redirect(target)


def _index(employer):
    return redirect("integrations:index", employer_id=employer.pk)


@actor_required(policies.can_open_integration_pages)
@require_GET
def index(request, employer_id, *, actor):
    employer = policies.employer_for(actor, employer_id)
    context = {
        "employer": employer,
        "clients": selectors.clients_of(employer.pk),
        "webhooks": selectors.webhooks_of(employer.pk),
        "new_secret": request.session.pop(SHOWN_ONCE_KEY, None),
        "token_url": request.build_absolute_uri(reverse("api:integration_token")),
    }
    return render(request, "integrations/index.html", context)


@actor_required(policies.can_open_integration_pages)
@require_http_methods(["GET", "POST"])
def client_new(request, employer_id, *, actor):
    employer = policies.employer_for(actor, employer_id)
    if (step_up := _step_up(request)) is not None:
        return step_up
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_issue(actor=actor, employer=employer, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("De koppeling is aangemaakt. Client-id: %(id)s") % {"id": client.client_id},
            )
            return _index(employer)
    return render(request, "integrations/client_new.html", {"employer": employer, "form": form})


@actor_required(policies.can_open_integration_pages)
@require_http_methods(["GET", "POST"])
def client_key(request, employer_id, client_id, *, actor):
    employer = policies.employer_for(actor, employer_id)
    client = policies.get_client_for(actor, employer, client_id)
    if (step_up := _step_up(request)) is not None:
        return step_up
    form = KeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.key_add(actor=actor, client=client, public_key=form.cleaned_data["public_key"])
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De nieuwe sleutel is toegevoegd."))
            return _index(employer)
    context = {"employer": employer, "client": client, "form": form}
    return render(request, "integrations/client_key.html", context)


@actor_required(policies.can_open_integration_pages)
@require_POST
def key_retire(request, employer_id, client_id, key_id, *, actor):
    employer = policies.employer_for(actor, employer_id)
    client = policies.get_client_for(actor, employer, client_id)
    key = policies.get_key_for(actor, client, key_id)
    try:
        services.key_retire(actor=actor, key=key)
    except ServiceError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De sleutel is ingetrokken."))
    return _index(employer)


@actor_required(policies.can_open_integration_pages)
@require_POST
def client_revoke(request, employer_id, client_id, *, actor):
    employer = policies.employer_for(actor, employer_id)
    client = policies.get_client_for(actor, employer, client_id)
    services.client_revoke(actor=actor, client=client)
    messages.success(request, _("De koppeling is ingetrokken."))
    return _index(employer)


@actor_required(policies.can_open_integration_pages)
@require_http_methods(["GET", "POST"])
def webhook_new(request, employer_id, *, actor):
    employer = policies.employer_for(actor, employer_id)
    if (step_up := _step_up(request)) is not None:
        return step_up
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook = services.webhook_register(
                actor=actor, employer=employer, url=form.cleaned_data["url"]
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            request.session[SHOWN_ONCE_KEY] = webhook.signing_secret()
            return _index(employer)
    return render(request, "integrations/webhook_new.html", {"employer": employer, "form": form})


@actor_required(policies.can_open_integration_pages)
@require_GET
def webhook_detail(request, employer_id, webhook_id, *, actor):
    employer = policies.employer_for(actor, employer_id)
    webhook = policies.get_webhook_for(actor, employer, webhook_id)
    context = {
        "employer": employer,
        "webhook": webhook,
        "deliveries": selectors.deliveries_of(webhook),
    }
    return render(request, "integrations/webhook_detail.html", context)


@actor_required(policies.can_open_integration_pages)
@require_POST
def webhook_deactivate(request, employer_id, webhook_id, *, actor):
    employer = policies.employer_for(actor, employer_id)
    webhook = policies.get_webhook_for(actor, employer, webhook_id)
    services.webhook_deactivate(actor=actor, webhook=webhook)
    messages.success(request, _("De webhook is uitgeschakeld."))
    return _index(employer)


@actor_required(policies.can_open_integration_pages)
@require_POST
def delivery_replay(request, employer_id, webhook_id, delivery_id, *, actor):
    employer = policies.employer_for(actor, employer_id)
    webhook = policies.get_webhook_for(actor, employer, webhook_id)
    delivery = policies.get_delivery_for(actor, webhook, delivery_id)
    services.delivery_replay(actor=actor, delivery=delivery)
    messages.success(request, _("De gebeurtenis wordt opnieuw verstuurd."))
    return redirect("integrations:webhook_detail", employer_id=employer.pk, webhook_id=webhook.pk)


@actor_required(policies.can_open_export_page)
@require_GET
def export(request, employer_id, *, actor):
    """Absence periods for payroll (HR and the employer administrator)."""
    employer = policies.export_employer_for(actor, employer_id)
    form = ExportForm(request.GET if "bestand" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(request, "integrations/export.html", {"employer": employer, "form": form})
    data = form.cleaned_data
    kind = data["bestand"]
    periods = selectors.absence_periods_export(
        actor=actor, employer_id=employer.pk, start=data["van"], end=data["tot"], kind=kind
    )
    name = f"verzuimperiodes-{employer.pk}-{data['van']:%Y%m%d}-{data['tot']:%Y%m%d}"
    response: HttpResponse | StreamingHttpResponse
    if kind == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(periods),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif kind == "json":
        response = HttpResponse(exports.json_bytes(periods), content_type="application/json")
    else:
        dialect = csvformat.dialect_for(request.GET.get(csvformat.FORMAT_PARAM))
        response = StreamingHttpResponse(
            exports.csv_lines(periods, dialect), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
