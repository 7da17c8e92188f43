from django import forms
from django.utils.translation import gettext_lazy as _

from poortwachter.core.errors import Refusals
from poortwachter.core.forms import CheckedForm
from poortwachter.core.widgets import date_input
from poortwachter.integrations.models import Scope


class ClientForm(CheckedForm):
    name = forms.CharField(
        label=_("Naam van de koppeling"),
        max_length=100,
        help_text=_("Bijvoorbeeld de naam van uw salarispakket."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Wat mag de koppeling?"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen gegevens aan werkgeverszijde; nooit medische gegevens."),
    )
    public_key = forms.CharField(
        label=_("Publieke sleutel"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("PEM of JWK; EC P-256 (ES256) of RSA van minstens 2048 bits (RS256)."),
    )


class KeyForm(CheckedForm):
    public_key = forms.CharField(
        label=_("Nieuwe publieke sleutel"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("De oude sleutel blijft werken tot u die intrekt."),
    )


class WebhookForm(CheckedForm):
    url = forms.URLField(
        label=_("Adres (https)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Wij sturen hier een POST met een handtekening bij elke gebeurtenis."),
    )


class ExportForm(CheckedForm):
    """Which absence periods, in which file; sent with GET (it changes nothing)."""

    van = forms.DateField(label=_("Van"), widget=date_input())
    tot = forms.DateField(label=_("Tot en met"), widget=date_input())
    bestand = forms.ChoiceField(
        label=_("Bestand"),
        choices=[("csv", "CSV"), ("xlsx", "XLSX (Excel)"), ("json", "JSON")],
        widget=forms.RadioSelect,
        initial="csv",
    )

    def refusals(self, data):
        refusals = Refusals()
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            refusals.add("tot", str(_("De einddatum ligt voor de begindatum.")))
        return refusals
