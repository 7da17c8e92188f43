from django import forms
from django.utils.translation import gettext_lazy as _

from poortwachter.core.forms import CheckedForm
from poortwachter.notifications.models import Delivery, Language

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class PreferenceForm(CheckedForm):
    delivery = forms.ChoiceField(
        label=_("Hoe wilt u e-mail over nieuwe meldingen ontvangen?"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Verlopen termijnen van de Wet verbetering poortwachter krijgt u altijd: in "
            "Poortwachter, en per e-mail minstens in het dagoverzicht."
        ),
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Tijdstip van het dagoverzicht"), choices=HOURS, coerce=int,
        help_text=_("Ook voor de verplichte signalen als u alleen in Poortwachter kiest."),
    )  # fmt: skip
    language = forms.ChoiceField(
        label=_("Taal van de e-mails"), choices=Language.choices, widget=forms.RadioSelect
    )
