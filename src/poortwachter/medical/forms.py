"""Forms of the medical file. Medical content is allowed here (category C, doctor side);
only the advice, which reaches the employer, passes the medical-text guard."""

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from poortwachter.absences.models import AdviceDuration
from poortwachter.core import uploads
from poortwachter.core.errors import Refusals
from poortwachter.core.forms import CheckedForm, sometimes_required
from poortwachter.core.widgets import date_input
from poortwachter.medical.models import ConsultationKind
from poortwachter.medical.selectors import FML_SECTIONS, entry_date_errors
from poortwachter.reintegration.models import AppointmentMode, AppointmentWith

#: CAS codes: a letter and three digits, optionally a decimal (e.g. L101, A102, P74.1).
CAS_CODE = re.compile(r"^[A-Z]\d{2,3}(\.\d{1,2})?$")


def _text(label, required=True, rows=5):
    return forms.CharField(
        label=label, required=required, max_length=20000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )  # fmt: skip


class FileEntryForm(forms.Form):
    """A part of the file. Dates that cannot be (in the future, before the employment)
    are refused together with every other error of the same submit; ``correction``
    adds the required reason of a correction."""

    entry_kind = ""

    def __init__(self, *args, employee=None, correction: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        if correction:
            self.fields["correction_reason"] = forms.CharField(
                label=_("Reden van de correctie"), max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Bijvoorbeeld: verkeerde datum, tikfout, aangevuld na "
                            "informatie van de specialist. De vorige versie blijft in de "
                            "geschiedenis van het dossier."),
            )  # fmt: skip

    def clean(self):
        data = super().clean() or {}
        if self.employee is not None:
            for name, messages in entry_date_errors(self.employee, self.entry_kind, data).items():
                for message in messages:
                    self.add_error(name, message)
        return data


class ConsultationForm(FileEntryForm):
    entry_kind = "consult"

    held_on = forms.DateField(label=_("Datum"), widget=date_input())
    kind = forms.ChoiceField(label=_("Soort contact"), choices=ConsultationKind.choices)
    notes = _text(_("Verslag"))


class DiagnosisForm(FileEntryForm):
    entry_kind = "diagnose"
    recorded_on = forms.DateField(label=_("Datum"), widget=date_input())
    complaints = _text(_("Klachten"), rows=3)
    diagnosis = _text(_("Diagnose"), required=False, rows=3)
    cas_code = forms.CharField(
        label=_("CAS-code"), required=False, max_length=8,
        help_text=_("Een letter en cijfers, bijvoorbeeld L101 (klacht) of een ziektecode."),
    )  # fmt: skip

    def clean_cas_code(self):
        code = self.cleaned_data["cas_code"].strip().upper()
        if code and not CAS_CODE.match(code):
            raise forms.ValidationError(_("Een CAS-code is een letter met twee of drie cijfers."))
        return code


class TreatmentForm(FileEntryForm):
    entry_kind = "behandeling"
    started_on = forms.DateField(label=_("Begonnen op"), widget=date_input())
    ended_on = forms.DateField(label=_("Beëindigd op"), required=False, widget=date_input())
    practitioner = forms.CharField(label=_("Behandelaar"), required=False, max_length=200)
    description = _text(_("Behandeling"), rows=3)

    def clean(self):
        data = super().clean() or {}
        if (
            data.get("ended_on")
            and data.get("started_on")
            and data["ended_on"] < data["started_on"]
        ):
            raise forms.ValidationError(_("De einddatum ligt voor de begindatum."))
        return data


class ProblemAnalysisForm(FileEntryForm):
    entry_kind = "probleemanalyse"
    drawn_up_on = forms.DateField(label=_("Datum"), widget=date_input())
    analysis = _text(_("Probleemanalyse (medisch deel)"), rows=8)


class FunctionalAbilitiesForm(FileEntryForm):
    entry_kind = "belastbaarheid"
    assessed_on = forms.DateField(label=_("Datum"), widget=date_input())
    capabilities = _text(_("Mogelijkheden: wat gaat wel"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in FML_SECTIONS:
            self.fields[f"limited_{code}"] = forms.BooleanField(
                label=_("%(section)s: beperkt") % {"section": label}, required=False
            )
            self.fields[f"note_{code}"] = forms.CharField(
                label=_("%(section)s: toelichting") % {"section": label},
                required=False, max_length=2000,
            )  # fmt: skip

    def service_data(self) -> dict:
        data = self.cleaned_data
        sections = {
            code: {"limited": data[f"limited_{code}"], "note": data[f"note_{code}"]}
            for code, _label in FML_SECTIONS
        }
        return {"assessed_on": data["assessed_on"], "capabilities": data["capabilities"],
                "sections": sections}  # fmt: skip


class IncapacityForm(FileEntryForm):
    entry_kind = "arbeidsongeschiktheid"
    assessed_on = forms.DateField(label=_("Datum"), widget=date_input())
    percentage = forms.IntegerField(
        label=_("Mate van arbeidsongeschiktheid (%)"), min_value=0, max_value=100
    )
    explanation = _text(_("Toelichting"), required=False, rows=3)


class WorkingNoteForm(FileEntryForm):
    entry_kind = "werkaantekening"
    text = _text(_("Persoonlijke werkaantekening"))


class DocumentForm(FileEntryForm):
    entry_kind = "document"
    received_on = forms.DateField(label=_("Ontvangen op"), widget=date_input())
    title = forms.CharField(label=_("Omschrijving"), max_length=200)
    upload = uploads.upload_field()


ENTRY_FORMS = {
    "consult": (ConsultationForm, _("Consult")),
    "diagnose": (DiagnosisForm, _("Klachten en diagnose")),
    "behandeling": (TreatmentForm, _("Behandeling")),
    "probleemanalyse": (ProblemAnalysisForm, _("Probleemanalyse")),
    "belastbaarheid": (FunctionalAbilitiesForm, _("Beperkingen en mogelijkheden (FML)")),
    "arbeidsongeschiktheid": (IncapacityForm, _("Mate van arbeidsongeschiktheid")),
    "werkaantekening": (WorkingNoteForm, _("Persoonlijke werkaantekening")),
}


class DelegationForm(forms.Form):
    assistant: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Praktijkondersteuner of casemanager"), queryset=None,
        empty_label=_("Kies een persoon"),
    )  # fmt: skip

    def __init__(self, *args, assistants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assistant"].queryset = assistants  # type: ignore[attr-defined]


class AdviceForm(FileEntryForm):
    """Exactly the R-DOC-1 items. Everything here reaches the employer when published, so
    the text must pass the medical-text guard then: no diagnosis, no cause, no treatment."""

    entry_kind = "advice"

    advised_on = forms.DateField(label=_("Datum van het advies"), widget=date_input())
    work_possible = _text(_("Wat kan de werknemer wel (mogelijkheden)"), rows=4)
    work_not_possible = _text(
        _("Wat kan de werknemer (nog) niet (beperkingen in het werk)"), rows=4
    )
    implications_for_work = _text(_("Gevolgen voor het werk"), required=False, rows=3)
    expected_duration = forms.ChoiceField(label=_("Verwachte duur"), choices=AdviceDuration.choices)
    expected_return_on = forms.DateField(
        label=_("Verwachte datum van werkhervatting"), required=False, widget=date_input()
    )
    incapacity_percentage = forms.IntegerField(
        label=_("Mate van arbeidsongeschiktheid (%)"), min_value=0, max_value=100
    )
    adjustments_advice = _text(
        _("Advies over aanpassingen, voorzieningen of interventies"), required=False, rows=4
    )


class CopyRequestForm(forms.Form):
    requested_on = forms.DateField(label=_("Gevraagd op"), widget=date_input())


# --- the consultation planning (spreekuur, issue 19) ------------------------------------

DURATIONS = [(m, f"{m} min") for m in (15, 20, 30, 45, 60, 90)]
WEEKDAYS = [
    (0, _("maandag")), (1, _("dinsdag")), (2, _("woensdag")), (3, _("donderdag")),
    (4, _("vrijdag")), (5, _("zaterdag")), (6, _("zondag")),
]  # fmt: skip


def _time(label):
    return forms.TimeField(
        label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


class AppointmentForm(CheckedForm):
    """Plan or move a consultation. Date, time, duration, form, place and with whom
    reach the employer side's record (the employee sees them; HR only date, time and
    status); the reason stays in the medical file."""

    day = forms.DateField(label=_("Datum"), widget=date_input())
    time = _time(_("Tijd"))
    duration_minutes = forms.TypedChoiceField(
        label=_("Duur"), choices=DURATIONS, coerce=int, initial=30
    )
    mode = forms.ChoiceField(
        label=_("Vorm"), choices=AppointmentMode.choices, widget=forms.RadioSelect,
        initial=AppointmentMode.PLACE,
    )  # fmt: skip
    place = sometimes_required(forms.CharField(
        label=_("Plaats"), max_length=200,
        help_text=_("Het adres van het spreekuur; leeg bij telefonisch of video. De werknemer "
                    "ziet dit in de uitnodiging: geen medische gegevens."),
    ))  # fmt: skip
    with_whom = forms.ChoiceField(
        label=_("Met"), choices=AppointmentWith.choices, widget=forms.RadioSelect,
        initial=AppointmentWith.DOCTOR,
    )  # fmt: skip
    reason = _text(_("Reden van het spreekuur (alleen in het medisch dossier)"), False, 3)

    def refusals(self, data):
        refusals = Refusals()
        if data.get("mode") == AppointmentMode.PLACE and not (data.get("place") or "").strip():
            refusals.add("place", str(_("Geef het adres van het spreekuur.")))
        return refusals

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["starts_at"] = timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))
        return data


class HoursForm(forms.Form):
    """Weekly consultation hours in the doctor's agenda."""

    weekday = forms.TypedChoiceField(label=_("Dag"), choices=WEEKDAYS, coerce=int)
    starts = _time(_("Van"))
    ends = _time(_("Tot"))
    slot_minutes = forms.TypedChoiceField(
        label=_("Duur van een afspraak"), choices=DURATIONS, coerce=int, initial=30
    )


class SlotForm(forms.Form):
    """A single free slot outside the weekly hours."""

    day = forms.DateField(label=_("Datum"), widget=date_input())
    time = _time(_("Tijd"))
    duration_minutes = forms.TypedChoiceField(
        label=_("Duur"), choices=DURATIONS, coerce=int, initial=30
    )

    def starts_at(self) -> dt.datetime:
        data = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(data["day"], data["time"]))
