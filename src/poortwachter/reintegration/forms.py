"""Forms of the re-integration file. Every free-text field carries the notice that
medical data does not belong here (R-SICK-3, R-AWARE-1); the services check the text."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from poortwachter.core import uploads
from poortwachter.core.errors import Refusals
from poortwachter.core.forms import CheckedForm, sometimes_required
from poortwachter.core.widgets import date_input
from poortwachter.reintegration import services
from poortwachter.reintegration.models import (
    EvaluationKind,
    OpinionRequestedBy,
    OpinionSubject,
    PlanSignature,
    ReportAuthor,
    SentVia,
)

NO_MEDICAL = _(
    "Geen medische gegevens: niet de aard of oorzaak van de ziekte, klachten, diagnoses "
    "of behandelingen. Beschrijf wat iemand kan en welk werk past."
)


def _text(label, max_length, *, required=True, rows=4, help_text=NO_MEDICAL):
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )  # fmt: skip


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=date_input(), **kwargs)


class PlanForm(forms.Form):
    advice_id = forms.TypedChoiceField(
        label=_("Gebaseerd op het advies van de bedrijfsarts van"), coerce=int
    )
    drawn_up_on = _date(_("Datum van het plan"))
    activities = _text(
        _("Activiteiten (wat doen werkgever en werknemer, met termijnen)"), 4000, rows=6
    )
    goals = _text(_("Doel"), 2000)
    goal_date = _date(_("Termijn: doel bereikt uiterlijk op"))
    evaluation_moments = _text(_("Evaluatiemomenten"), 1000, rows=2)
    next_evaluation_on = _date(_("Eerstvolgende evaluatie"))
    case_manager_id = forms.TypedChoiceField(label=_("Casemanager"), coerce=int)
    employer_view = _text(_("Visie van de werkgever"), 2000)
    change_reason = _text(_("Reden van de bijstelling"), 1000, required=False, rows=2)
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, advices, managers, revision: bool, **kwargs):
        super().__init__(*args, **kwargs)
        advice_field = cast(forms.TypedChoiceField, self.fields["advice_id"])
        advice_field.choices = [
            (a.pk, f"{a.advised_on:%d-%m-%Y} ({a.doctor.get_full_name() or a.doctor.email})")
            for a in advices
        ]
        manager_field = cast(forms.TypedChoiceField, self.fields["case_manager_id"])
        manager_field.choices = [(u.pk, u.get_full_name() or u.email) for u in managers]
        if revision:
            self.fields["change_reason"].required = True
        else:
            del self.fields["change_reason"]


#: The employee's choice to save their view without signing (yet).
NOT_YET = "later"


class EmployeeViewForm(forms.Form):
    employee_view = _text(
        _("Uw visie op het plan van aanpak"), 2000, required=False,
        help_text=_("Schrijf hoe u tegen het plan aankijkt, en waarmee u het niet eens bent. "
                    "HR en uw leidinggevende lezen dit. Schrijf hier niets over uw ziekte of "
                    "behandeling: dat bespreekt u met de bedrijfsarts."),
    )  # fmt: skip
    signature = forms.ChoiceField(
        label=_("Ondertekenen"),
        choices=[
            (NOT_YET, _("Nog niet ondertekenen: alleen mijn visie opslaan")),
            (PlanSignature.AGREED, _("Ondertekenen voor akkoord: ik ga akkoord met deze versie")),
            (
                PlanSignature.SEEN,
                _(
                    "Ondertekenen voor gezien: ik heb deze versie ontvangen, "
                    "maar ga er niet (helemaal) mee akkoord"
                ),
            ),
        ],
        initial=NOT_YET,
        widget=forms.RadioSelect,
        help_text=_(
            "Ondertekenen voor gezien betekent alleen dat u het plan heeft ontvangen. "
            "Na ondertekenen ligt deze versie vast."
        ),
    )
    number = forms.IntegerField(widget=forms.HiddenInput)

    def clean_signature(self) -> str:
        """The service's value: "" (not signed), "akkoord" or "gezien"."""
        signature = self.cleaned_data["signature"]
        return "" if signature == NOT_YET else signature


class EvaluationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort evaluatie"), choices=EvaluationKind.choices)
    held_on = _date(_("Gehouden op"))
    outcome = _text(_("Uitkomst en afspraken"), 4000)
    employer_view = _text(_("Visie van de werkgever"), 2000)
    employee_view = _text(_("Visie van de werknemer (zoals besproken)"), 2000, required=False)
    plan_needs_revision = forms.BooleanField(
        label=_("Het plan van aanpak moet worden bijgesteld"), required=False
    )
    long_term_agreement = _text(
        _("Afspraak voor de lange termijn"), 1000, required=False, rows=2,
        help_text=_("Alleen een afspraak die blijft gelden, bijvoorbeeld over de functie. "
                    "Die mag naar het personeelsdossier als het re-integratiedossier wordt "
                    "verwijderd. Geen medische gegevens."),
    )  # fmt: skip


class NotificationSentForm(forms.Form):
    sent_on = _date(_("Verstuurd op"))
    sent_via = forms.ChoiceField(
        label=_("Verstuurd via"), choices=SentVia.choices, widget=forms.RadioSelect
    )
    reference = forms.CharField(
        label=_("Kenmerk of ontvangstbevestiging van UWV"), max_length=64, required=False
    )


class ReportUploadForm(forms.Form):
    title = forms.CharField(label=_("Omschrijving"), max_length=200, help_text=NO_MEDICAL)
    author = forms.ChoiceField(label=_("Opgesteld door"), choices=ReportAuthor.choices)
    received_on = _date(_("Ontvangen op"))
    upload = uploads.upload_field()


class CaseManagerForm(CheckedForm):
    """HR names the case's case manager: someone holding HR at the employer (issue 19)."""

    manager_id = forms.TypedChoiceField(
        label=_("Casemanager"), coerce=int,
        help_text=_("Iemand met de rol HR bij deze werkgever. Herinneringen over taken van "
                    "HR gaan eerst naar de casemanager."),
    )  # fmt: skip

    def __init__(self, *args, case, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        field = cast(forms.TypedChoiceField, self.fields["manager_id"])
        field.choices = [(u.pk, u.get_full_name() or u.email) for u in managers]

    def refusals(self, data) -> Refusals:
        return services.case_manager_refusals(self.case, data.get("manager_id"))


class ConversationNoteForm(CheckedForm):
    """A conversation note (gespreksverslag): when, who took part, what was agreed."""

    held_on = _date(_("Datum van het gesprek"))
    participants = forms.CharField(
        label=_("Deelnemers"), max_length=300,
        help_text=_("Namen en functies, bijvoorbeeld: Eva Eigen (werknemer), Lieke de Boer "
                    "(leidinggevende)."),
    )  # fmt: skip
    agreements = _text(_("Gemaakte afspraken"), 4000, rows=6)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case

    def refusals(self, data) -> Refusals:
        return services.note_refusals(self.case, data)


class NoteReactionForm(CheckedForm):
    reaction = _text(
        _("Uw reactie op het gespreksverslag"), services.REACTION_LIMIT,
        help_text=_("Schrijf of u het eens bent met het verslag en de afspraken, en wat u "
                    "anders ziet. HR en uw leidinggevende lezen dit. Schrijf hier niets over "
                    "uw ziekte of behandeling: dat bespreekt u met de bedrijfsarts."),
    )  # fmt: skip

    def refusals(self, data) -> Refusals:
        if "reaction" not in data:
            return Refusals()
        return services.reaction_refusals(data["reaction"])


class _CaseForm(CheckedForm):
    """A form about one case: the service's refusals need the case."""

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)


class WageSanctionForm(_CaseForm):
    """A wage sanction (loonsanctie) as UWV's decision states it (issue 16)."""

    decided_on = _date(_("Datum van de beschikking van UWV"))
    starts_on = _date(
        _("Eerste dag van de loonsanctie"),
        help_text=_("Meestal de dag na het einde van de 104 weken. Neem de datum over uit de "
                    "beschikking."),
    )  # fmt: skip
    ends_on = _date(
        _("Laatste dag van de loonsanctie"),
        help_text=_("Hooguit 52 weken na de eerste dag. Heeft UWV de loonsanctie ingekort "
                    "(bekorting), vul dan de nieuwe laatste dag in."),
    )  # fmt: skip

    def refusals(self, data: dict) -> Refusals:
        return services.wage_sanction_refusals(
            self.case, decided_on=data.get("decided_on"), starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
        )  # fmt: skip


class WageExtensionForm(_CaseForm):
    """A voluntary extension of the wage continuation (art. 24 lid 1 WIA, issue 16)."""

    requested_on = _date(_("Datum van het gezamenlijke verzoek aan UWV"))
    decided_on = _date(_("Datum van de beslissing van UWV"))
    weeks = forms.IntegerField(
        label=_("Verlenging in weken"), min_value=1, max_value=52,
        help_text=_("Zoals werkgever en werknemer samen vroegen en UWV toestond: 1 tot en met "
                    "52 weken."),
    )  # fmt: skip

    def refusals(self, data: dict) -> Refusals:
        return services.wage_extension_refusals(
            self.case, requested_on=data.get("requested_on"), decided_on=data.get("decided_on"),
            weeks=data.get("weeks"),
        )  # fmt: skip


class ReportStatementForm(CheckedForm):
    """The employer's part of the re-integration report (art. 6 Regeling procesgang)."""

    job_description = _text(
        _("Functieomschrijving"), 4000, rows=6,
        help_text=_("De taken en eisen van de eigen functie. Geen medische gegevens."),
    )  # fmt: skip
    suitable_work_judgement = _text(_("Actueel oordeel over passend werk"), 4000, rows=5)
    employment_judgement = _text(
        _("Actueel oordeel over de arbeidsverhouding"), 2000, rows=4,
        help_text=_("Bijvoorbeeld of er een conflict is en hoe werkgever en werknemer "
                    "samenwerken. Geen medische gegevens."),
    )  # fmt: skip

    def refusals(self, data: dict) -> Refusals:
        return services.report_statement_refusals(
            **{name: data.get(name) for name, _required, _limit in services.STATEMENT_TEXTS}
        )


class ExpertOpinionForm(_CaseForm):
    """A request to UWV for an expert opinion (deskundigenoordeel), issue 16."""

    requested_on = _date(_("Aangevraagd op"))
    requested_by = forms.ChoiceField(
        label=_("Aangevraagd door"), choices=OpinionRequestedBy.choices, widget=forms.RadioSelect
    )
    subject = forms.ChoiceField(
        label=_("Vraag aan UWV"), choices=OpinionSubject.choices, widget=forms.RadioSelect
    )
    question = _text(_("Toelichting op de vraag"), 2000, rows=4)

    def refusals(self, data: dict) -> Refusals:
        return services.expert_opinion_refusals(
            self.case, requested_on=data.get("requested_on"),
            requested_by=data.get("requested_by"), subject=data.get("subject"),
            question=data.get("question"),
        )  # fmt: skip


class ExpertOpinionOutcomeForm(CheckedForm):
    """UWV's answer, in the employer's words."""

    outcome_on = _date(_("Oordeel ontvangen op"))
    outcome = _text(
        _("Oordeel van UWV"), 2000, rows=4,
        help_text=_("De conclusie van UWV in eigen woorden, bijvoorbeeld: het aangeboden werk "
                    "is passend. Geen medische gegevens."),
    )  # fmt: skip

    def __init__(self, *args, opinion, **kwargs):
        self.opinion = opinion
        super().__init__(*args, **kwargs)

    def refusals(self, data: dict) -> Refusals:
        return services.expert_opinion_outcome_refusals(
            self.opinion, outcome_on=data.get("outcome_on"), outcome=data.get("outcome")
        )


class EarlyIvaForm(_CaseForm):
    """The employee's choice to apply for IVA early (art. 23 lid 6, art. 66 WIA)."""

    chosen_on = _date(
        _("Besloten op"),
        help_text=_("De dag waarop de werknemer besloot vervroegd IVA aan te vragen, op advies "
                    "van de bedrijfsarts."),
    )  # fmt: skip
    applied_on = _date(
        _("Aangevraagd bij UWV op"), required=False,
        help_text=_("Vul in zodra de werknemer de aanvraag heeft ingediend."),
    )  # fmt: skip

    def refusals(self, data: dict) -> Refusals:
        return services.early_iva_refusals(
            self.case, chosen_on=data.get("chosen_on"), applied_on=data.get("applied_on")
        )


class AppointmentResponseForm(CheckedForm):
    """The employee confirms an invitation to the consultation, or asks for another
    appointment with a reason."""

    response = forms.ChoiceField(
        label=_("Uw reactie"), widget=forms.RadioSelect,
        choices=[("confirmed", _("Ik kom op deze afspraak")),
                 ("reschedule", _("Ik kan niet, ik vraag een andere afspraak"))],
    )  # fmt: skip
    reason = sometimes_required(_text(
        _("Waarom kunt u niet?"), services.RESPONSE_REASON_LIMIT, required=False, rows=3,
        help_text=_("Alleen nodig als u een andere afspraak vraagt, bijvoorbeeld: op die dag "
                    "werk ik, of ik heb dan geen vervoer. Schrijf hier niets over uw ziekte "
                    "of behandeling: dat bespreekt u op het spreekuur zelf."),
    ))  # fmt: skip

    def refusals(self, data) -> Refusals:
        if "response" not in data:
            return Refusals()
        return services.response_refusals(data["response"], data.get("reason") or "")
