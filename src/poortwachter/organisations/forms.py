from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from poortwachter.core import clock
from poortwachter.core.widgets import date_input


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
        label=_("Bedrijfsarts"), queryset=None
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
