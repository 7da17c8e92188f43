"""Forms for the sick report and recovery. Each field explains itself in plain Dutch;
the only free-text field carries the permanent medical-data notice (R-SICK-3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from poortwachter.absences import services
from poortwachter.absences.models import ExpectedDuration, SickReport
from poortwachter.core import clock
from poortwachter.core.errors import Refusals
from poortwachter.core.forms import CheckedForm, sometimes_required
from poortwachter.core.widgets import date_input
from poortwachter.organisations.models import Employee

YES_NO = [("ja", _("Ja")), ("nee", _("Nee"))]
MEDICAL_NOTICE = _(
    "Vul hier geen medische gegevens in, zoals de aard of oorzaak van de ziekte, klachten, "
    "behandelingen of medicijnen. Ook niet als de werknemer daar zelf om vraagt. Die "
    "gegevens zijn alleen voor de bedrijfsarts."
)


def _yes_no(label, help_text):
    return forms.TypedChoiceField(
        label=label, help_text=help_text, choices=YES_NO, widget=forms.RadioSelect,
        coerce=lambda value: value == "ja", error_messages={"required": _("Kies ja of nee.")},
    )  # fmt: skip


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=date_input(), **kwargs)


class SickReportForm(CheckedForm):
    """The sick report. One submit shows every error: the fields' own and the service's
    checks (contact details, the medical-text guard, the first sick day against the
    employment and earlier periods) on the fields that passed."""

    first_sick_day = _date(
        _("Eerste ziektedag"),
        initial=clock.today,
        help_text=_("De eerste dag dat de werknemer door ziekte niet (volledig) kon werken."),
    )
    phone = forms.CharField(
        label=_("Telefoonnummer tijdens het verzuim"), max_length=32,
        help_text=_("Waarop de werknemer tijdens de ziekte bereikbaar is."),
    )  # fmt: skip
    care_street = forms.CharField(
        label=_("Straat van het (verpleeg)adres"), max_length=200,
        help_text=_("Waar de werknemer verblijft, als dat anders is dan het huisadres."),
    )  # fmt: skip
    care_house_number = forms.CharField(label=_("Huisnummer"), max_length=16)
    care_postcode = forms.CharField(label=_("Postcode"), max_length=7)
    care_city = forms.CharField(label=_("Plaats"), max_length=100)
    expected_duration = forms.ChoiceField(
        label=_("Verwachte duur van het verzuim"), choices=ExpectedDuration.choices,
        widget=forms.RadioSelect, initial=ExpectedDuration.UNKNOWN,
        help_text=_("Een inschatting is genoeg; de reden vraagt u niet."),
    )  # fmt: skip
    appointments_and_work = forms.CharField(
        label=_("Lopende afspraken en werkzaamheden"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat moet er worden overgenomen of verzet? Bijvoorbeeld: klantafspraak "
                    "donderdag verzetten, rapportage gaat naar een collega."),
    )  # fmt: skip
    safety_net_applies = _yes_no(
        _("Valt de werknemer onder een vangnetbepaling van de Ziektewet?"),
        _("Alleen ja of nee. Welke bepaling het is, mag niet worden vastgelegd."),
    )
    work_accident = _yes_no(
        _("Heeft het verzuim te maken met een arbeidsongeval?"),
        _("Een ongeval tijdens het werk. Vul alleen ja of nee in, geen toedracht."),
    )
    traffic_accident_third_party = _yes_no(
        _("Gaat het om een verkeersongeval waarbij een ander aansprakelijk is?"),
        _("Van belang voor het verhalen van loonkosten (regres). Alleen ja of nee."),
    )

    late_reason = sometimes_required(
        forms.CharField(
            label=_("Reden van de late melding"), max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Alleen nodig als de eerste ziektedag meer dan een jaar terug ligt: "
                        "waarom wordt de ziekmelding nu pas vastgelegd? Geen medische "
                        "gegevens."),
        )
    )  # fmt: skip

    def __init__(
        self, *args, employee: Employee | None = None, for_self: bool = False,
        may_report_late: bool = False, **kwargs,
    ):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.employee = employee
        self.may_report_late = may_report_late
        if not may_report_late:  # only HR of the employer enters a report a year late
            del self.fields["late_reason"]
        if for_self:  # the employee reports themself: address them as "u" (issue 15)
            for name, (label, help_text) in SELF_TEXTS.items():
                self.fields[name].label = label
                self.fields[name].help_text = help_text

    def refusals(self, data: dict[str, Any]) -> Refusals:
        if self.employee is None:
            return Refusals()
        refusals = services.sick_report_text_refusals(
            phone=data.get("phone"), care_street=data.get("care_street"),
            care_house_number=data.get("care_house_number"),
            care_postcode=data.get("care_postcode"), care_city=data.get("care_city"),
            expected_duration=data.get("expected_duration"),
            appointments_and_work=data.get("appointments_and_work"),
            late_reason=data.get("late_reason"),
        )  # fmt: skip
        # HR, who may enter a report a year late, hears at once that a late day needs
        # its reason (no database needed for that).
        services.late_reason_refusals(
            first_sick_day=data.get("first_sick_day"), late_reason=data.get("late_reason"),
            may_report_late=self.may_report_late, refusals=refusals,
        )  # fmt: skip
        if refusals or self.errors:
            # Something to show already: the first sick day's checks too, all at once
            # (issue 15). Otherwise the service makes them under the employee's lock,
            # once (issue 21: also for HR, two statements fewer), and the form shows
            # what it refuses.
            services.first_day_refusals(
                employee=self.employee, first_sick_day=data.get("first_sick_day"),
                late_reason=data.get("late_reason"), may_report_late=self.may_report_late,
                refusals=refusals,
            )  # fmt: skip
        return refusals


#: The sick report's questions as the employee reporting themself reads them.
SELF_TEXTS = {
    "first_sick_day": (
        _("Eerste ziektedag"),
        _("De eerste dag dat u door ziekte niet (volledig) kon werken."),
    ),
    "phone": (
        _("Telefoonnummer tijdens het verzuim"),
        _("Waarop u tijdens uw ziekte bereikbaar bent."),
    ),
    "care_street": (
        _("Straat van het (verpleeg)adres"),
        _("Waar u verblijft, als dat anders is dan uw huisadres."),
    ),
    "expected_duration": (
        _("Hoe lang denkt u ongeveer ziek te zijn?"),
        _("Een inschatting is genoeg. Vertel niet wat u mankeert."),
    ),
    "appointments_and_work": (
        _("Lopende afspraken en werkzaamheden"),
        _(
            "Wat moet er worden overgenomen of verzet? Bijvoorbeeld: klantafspraak "
            "donderdag verzetten, rapportage gaat naar een collega."
        ),
    ),
    "safety_net_applies": (
        _("Valt u onder een vangnetbepaling van de Ziektewet?"),
        _("Alleen ja of nee. Welke bepaling het is, hoeft u niet te zeggen."),
    ),
    "work_accident": (
        _("Heeft uw verzuim te maken met een arbeidsongeval?"),
        _("Een ongeval tijdens het werk. Alleen ja of nee, hoe het gebeurde hoeft niet."),
    ),
    "traffic_accident_third_party": (
        _("Gaat het om een verkeersongeval waarbij een ander aansprakelijk is?"),
        _("Dan kan uw werkgever de loonkosten op die ander verhalen. Alleen ja of nee."),
    ),
}

#: The free-text notice for the employee reporting themself (R-SICK-3, R-SICK-4).
SELF_MEDICAL_NOTICE = _(
    "Vul hier geen medische gegevens in, zoals wat u mankeert, klachten, behandelingen of "
    "medicijnen. Uw werkgever mag die niet vastleggen, ook niet als u dat zelf wilt. "
    "Bespreek ze met de bedrijfsarts."
)


class RecoveryForm(forms.Form):
    recovered_on = _date(
        _("Hersteld per"), initial=clock.today,
        help_text=_("De eerste dag dat de werknemer weer volledig werkt."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, report: SickReport | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report  # one field: the service's checks follow its own at once


def _more_than_zero_hours(value: Decimal) -> None:
    # The rule is "more than 0" (the service's too): Django's min_value=0 said "minstens 0".
    if value <= 0:
        raise ValidationError(
            _("Vul het aantal uren in dat de werknemer nu werkt: meer dan 0."), code="min_value"
        )


class PartialRecoveryForm(CheckedForm):
    """Partial recovery; the service's date and hours checks show with the fields' own."""

    from_date = _date(_("Vanaf"), initial=clock.today)
    hours_per_week = forms.DecimalField(
        label=_("Gewerkte uren per week"), max_digits=4, decimal_places=1,
        validators=[_more_than_zero_hours],
        help_text=_("Het aantal uren dat de werknemer nu werkelijk werkt. Geen percentage: "
                    "een arbeidsongeschiktheidspercentage stelt alleen de bedrijfsarts vast."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, report: SickReport | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report

    def refusals(self, data: dict[str, Any]) -> Refusals:
        if self.report is None:
            return Refusals()
        return services.partial_recovery_refusals(
            report=self.report, from_date=data.get("from_date"),
            hours_per_week=data.get("hours_per_week"),
        )  # fmt: skip


class EmergencyInfoForm(forms.Form):
    text = forms.CharField(
        label=_("Wat moeten collega's weten of doen in een noodgeval?"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In uw eigen woorden. U bepaalt zelf wat u deelt en met wie, en u kunt "
                    "het altijd weer intrekken."),
    )  # fmt: skip
    visible_to_manager = forms.BooleanField(
        label=_("Mijn leidinggevende mag dit zien"), required=False, initial=True
    )
    visible_to_hr = forms.BooleanField(label=_("HR mag dit zien"), required=False)
    tell_colleagues = forms.CharField(
        label=_("Welke collega's mogen het weten (bijvoorbeeld de BHV'ers van mijn locatie)"),
        required=False, max_length=200,
    )  # fmt: skip


class LeaveForm(forms.Form):
    start = _date(_("Begin van het verlof"))
    end = _date(_("Einde van het verlof"))


class AbsenceFilterForm(forms.Form):
    STATUS = [("open", _("Lopend")), ("closed", _("Hersteld")), ("all", _("Alle"))]
    status = forms.ChoiceField(label=_("Status"), choices=STATUS, required=False, initial="open")
    department: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Afdeling"), queryset=None, required=False, empty_label=_("Alle afdelingen")
    )
    q = forms.CharField(label=_("Zoek op naam of personeelsnummer"), required=False, max_length=100)
    date_from = _date(_("Eerste ziektedag vanaf"), required=False)
    date_to = _date(_("Eerste ziektedag tot en met"), required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = departments


class CalendarForm(forms.Form):
    """What the absence calendar shows: a month or a week around a day, optionally one
    department. A value that does not validate falls back to this month (issue 19)."""

    MONTH, WEEK = "maand", "week"
    weergave = forms.ChoiceField(
        label=_("Weergave"), choices=[(MONTH, _("Maand")), (WEEK, _("Week"))], initial=MONTH,
        required=False, widget=forms.RadioSelect,
    )  # fmt: skip
    datum = _date(_("Rond de datum"), required=False)
    afdeling: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Afdeling"), queryset=None, required=False, empty_label=_("Alle afdelingen")
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["afdeling"]).queryset = departments
