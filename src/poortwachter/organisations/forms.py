from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from poortwachter.core import clock
from poortwachter.core.errors import Refusals
from poortwachter.core.forms import CheckedForm
from poortwachter.core.widgets import date_input
from poortwachter.organisations import services
from poortwachter.organisations.models import Employer
from poortwachter.organisations.selectors import EmployeeFilters


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    kvk_number = forms.RegexField(
        label=_("KvK-nummer"),
        regex=r"^\d{8}$",
        required=False,
        error_messages={"invalid": _("Een KvK-nummer bestaat uit 8 cijfers.")},
    )
    payroll_tax_number = forms.RegexField(
        label=_("Loonheffingennummer"),
        regex=r"^\d{9}L\d{2}$",
        required=False,
        help_text=_("Negen cijfers, de letter L en twee cijfers, bijvoorbeeld 123456789L01."),
        error_messages={"invalid": _("Een loonheffingennummer ziet eruit als 123456789L01.")},
    )
    own_risk_sickness_benefit = forms.BooleanField(
        label=_("Eigenrisicodrager Ziektewet"), required=False
    )
    own_risk_wga = forms.BooleanField(label=_("Eigenrisicodrager WGA"), required=False)


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Naam van de afdeling"), max_length=200)
    parent: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Valt onder"), queryset=None, required=False, empty_label=_("(geen)")
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = departments


class DoctorAssignForm(forms.Form):
    doctor: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Bedrijfsarts"), queryset=None, empty_label=_("Kies een bedrijfsarts")
    )
    since = forms.DateField(label=_("Sinds"), widget=date_input(), initial=clock.today)

    def __init__(self, *args, doctors, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["doctor"]).queryset = doctors


class EmployeeSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam of personeelsnummer"), required=False, max_length=100)
    department: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Afdeling"), queryset=None, required=False, empty_label=_("Alle afdelingen")
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = departments

    def filters(self) -> EmployeeFilters:
        """The search as the selector takes it; none when the form is not valid."""
        if not self.is_valid():
            return EmployeeFilters()
        department = self.cleaned_data["department"]
        return EmployeeFilters(
            q=self.cleaned_data["q"].strip(), department_id=department.pk if department else None
        )


class EmployeeForm(CheckedForm):
    """A new employee. One submit shows every error: the fields' own, and the service's
    checks (valid and unique BSN, unique personnel number, age at the start date, hours)
    on the fields that passed."""

    personnel_number = forms.CharField(label=_("Personeelsnummer"), max_length=32)
    first_name = forms.CharField(label=_("Voornaam"), max_length=100)
    name_prefix = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=100)
    bsn = forms.CharField(
        label=_("BSN"), max_length=11,
        help_text=_("Nodig voor meldingen aan UWV. Alleen zichtbaar voor HR en beheer."),
    )  # fmt: skip
    date_of_birth = forms.DateField(label=_("Geboortedatum"), widget=date_input())
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Het adres waarop de werknemer een account voor Poortwachter krijgt."),
    )
    phone = forms.CharField(label=_("Telefoonnummer"), max_length=32, required=False)
    street = forms.CharField(label=_("Straat"), max_length=200, required=False)
    house_number = forms.CharField(label=_("Huisnummer"), max_length=16, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    city = forms.CharField(label=_("Plaats"), max_length=100, required=False)
    department: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Afdeling"), queryset=None, empty_label=_("Kies een afdeling")
    )
    job_title = forms.CharField(label=_("Functie"), max_length=200)
    start_date = forms.DateField(label=_("In dienst per"), widget=date_input())
    hours_per_week = forms.DecimalField(
        label=_("Uren per week"), max_digits=4, decimal_places=1,
        help_text=_("Volgens het contract: meer dan 0 en hooguit 60."),
    )  # fmt: skip

    def __init__(self, *args, employer: Employer, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.employer = employer
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = departments

    def refusals(self, data: dict[str, Any]) -> Refusals:
        return services.employee_refusals(
            employer=self.employer, bsn=data.get("bsn"),
            personnel_number=data.get("personnel_number"), department=data.get("department"),
            date_of_birth=data.get("date_of_birth"), start_date=data.get("start_date"),
            hours_per_week=data.get("hours_per_week"),
            texts={field: data.get(field) for field in services.MASTER_DATA_TEXT_FIELDS},
        )  # fmt: skip


class EmploymentEndForm(forms.Form):
    end_date = forms.DateField(label=_("Laatste werkdag"), widget=date_input())
