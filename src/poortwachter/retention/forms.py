"""Forms for legal holds. Both free-text fields carry the medical-data notice (R-SICK-3);
the service checks them with the medical-text guard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from poortwachter.retention.models import HoldKind

NO_MEDICAL_DATA = _(
    "Kort en zakelijk, bijvoorbeeld: procedure bij de kantonrechter, bezwaar tegen een "
    "UWV-beslissing. Vul geen medische gegevens in, zoals de aard of oorzaak van de ziekte."
)


class LegalHoldForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort geschil"), choices=HoldKind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Toelichting"), max_length=300, help_text=NO_MEDICAL_DATA,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class LiftHoldForm(forms.Form):
    lift_reason = forms.CharField(
        label=_("Reden van opheffen"), max_length=300, help_text=NO_MEDICAL_DATA,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
