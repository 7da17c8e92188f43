from __future__ import annotations

from typing import Any, cast

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.utils.translation import gettext_lazy as _

from poortwachter.core.forms import sometimes_required
from poortwachter.core.roles import EMPLOYER_ROLES, Role
from poortwachter.organisations.models import Employee


class RoleScopeForm(forms.Form):
    """The role and its scope; the choices offered are only those the actor may issue."""

    role = forms.ChoiceField(label=_("Rol"))
    employer: forms.ModelChoiceField[Any] = sometimes_required(
        forms.ModelChoiceField(
            label=_("Werkgever"), queryset=None, empty_label=_("(geen: arbodienst)"),
            help_text=_("Verplicht bij de rollen van een werkgever; leeg bij die van de "
                        "arbodienst."),
        )
    )  # fmt: skip
    department: forms.ModelChoiceField[Any] = sometimes_required(
        forms.ModelChoiceField(
            label=_("Afdeling"), queryset=None, empty_label=_("Geen afdeling"),
            help_text=_("Verplicht bij de rol Leidinggevende: de afdeling die hij of zij "
                        "leidt."),
        )
    )  # fmt: skip
    personnel_number = sometimes_required(
        forms.CharField(
            label=_("Personeelsnummer"), max_length=32,
            help_text=_("Verplicht bij de rol Werknemer: het personeelsnummer van die "
                        "werknemer."),
        )
    )  # fmt: skip

    def __init__(self, *args, roles, employers, departments, fixed_employer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_employer = fixed_employer
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (r.value, r.label) for r in Role if r in roles
        ]
        cast(forms.ModelChoiceField, self.fields["employer"]).queryset = employers
        cast(forms.ModelChoiceField, self.fields["department"]).queryset = departments
        if fixed_employer is not None:
            del self.fields["employer"]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        employer = self.fixed_employer or data.get("employer")
        data["employer"] = employer
        data["employee"] = None
        number = (data.pop("personnel_number", "") or "").strip()
        if "employer" in self.fields and employer is None and data.get("role") in EMPLOYER_ROLES:
            message = _("Kies de werkgever: bij de rollen van een werkgever is dat verplicht.")
            self.add_error("employer", message)
        if data.get("role") == Role.MANAGER and data.get("department") is None:
            self.add_error(
                "department", _("Kies de afdeling: bij de rol Leidinggevende is dat verplicht.")
            )
        if data.get("role") == Role.EMPLOYEE:
            if not number:
                self.add_error(
                    "personnel_number",
                    _("Vul het personeelsnummer in: bij de rol Werknemer is dat verplicht."),
                )
            elif employer is not None:
                employee = Employee.objects.filter(
                    employer=employer, personnel_number=number
                ).first()
                if employee is None:
                    self.add_error(
                        "personnel_number",
                        _("Geen werknemer met dit personeelsnummer bij deze werkgever."),
                    )
                data["employee"] = employee
        return data


class AccountCreateForm(RoleScopeForm):
    email = forms.EmailField(label=_("E-mailadres"))
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)

    field_order = ["email", "first_name", "last_name", "role", "employer", "department"]


class RoleRequestDecisionForm(forms.Form):
    """The second person's decision on a medical role request: the button pressed."""

    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("approve", _("Goedkeuren")), ("refuse", _("Afwijzen"))],
        error_messages={"required": _("Kies goedkeuren of afwijzen.")},
    )


class CredentialsResetForm(forms.Form):
    password = forms.BooleanField(label=_("Wachtwoord herstellen"), required=False, initial=True)
    second_factor = forms.BooleanField(
        label=_(
            "Tweede factor herstellen (opnieuw instellen bij de volgende keer inloggen; "
            "het wachtwoord wordt dan ook opnieuw ingesteld)"
        ),
        required=False,
        initial=True,
    )


class ActivationForm(forms.Form):
    """Claiming an account: the code from the issuer and a new password (issue 18)."""

    code = forms.CharField(
        label=_("Activeringscode"),
        help_text=_("De code van acht cijfers die u van uw beheerder kreeg."),
        max_length=16,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )
    password1 = forms.CharField(
        label=_("Nieuw wachtwoord"),
        help_text=_("Minstens 12 tekens."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nieuw wachtwoord (nogmaals)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        return data


def _code_field(label) -> forms.CharField:
    """A six-digit code: the phone's number pad, and the code the phone offers
    (``one-time-code``) filled in for the user (issue 15)."""
    return forms.CharField(
        label=label,
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )


class CodeActivateTOTPForm(ActivateTOTPForm):
    code = _code_field(_("Code uit de app (6 cijfers)"))


class CodeAuthenticateForm(AuthenticateForm):
    code = _code_field(_("Code uit uw authenticator-app of een herstelcode"))


class CodeReauthenticateForm(ReauthenticateForm):
    code = _code_field(_("Code uit uw authenticator-app of een herstelcode"))
