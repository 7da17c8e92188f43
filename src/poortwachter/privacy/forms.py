from django import forms
from django.utils.translation import gettext_lazy as _

from poortwachter.audit.models import Action, Outcome
from poortwachter.core.widgets import date_input
from poortwachter.privacy.selectors import AccessLogFilters, OwnAccessFilters


class EventFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=date_input())
    action = forms.ChoiceField(
        label=_("Handeling"), required=False, choices=[("", _("Alle")), *Action.choices]
    )
    outcome = forms.ChoiceField(
        label=_("Uitkomst"), required=False, choices=[("", _("Alle")), *Outcome.choices]
    )
    person = forms.CharField(
        label=_("Naam van een persoon"), required=False, max_length=100,
        help_text=_("Wie de gegevens inzag of over wie ze gingen; ook een deel van de naam."),
    )  # fmt: skip
    subject_employee_id = forms.IntegerField(label=_("Werknemer-id"), required=False, min_value=1)
    actor_user_id = forms.IntegerField(label=_("Gebruiker-id"), required=False, min_value=1)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return data

    def filters(self) -> AccessLogFilters:
        """The search as the selector takes it; no filter when the form is not valid."""
        if not self.is_valid():
            return AccessLogFilters()
        return AccessLogFilters(**self.cleaned_data)


class OwnAccessFilterForm(forms.Form):
    """The employee's period filter on "who viewed my data"."""

    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=date_input())
    include_own = forms.BooleanField(label=_("Ook mijn eigen handelingen tonen"), required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return data

    def filters(self) -> OwnAccessFilters | None:
        """The period as the selector takes it; None (show nothing) when not valid."""
        if not self.is_valid():
            return None
        return OwnAccessFilters(**self.cleaned_data)
