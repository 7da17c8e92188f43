from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from poortwachter.organisations.models import Department
from poortwachter.statistics.periods import Period, period_errors

_FIELD = {"from": "van", "to": "tot"}


class PeriodFieldsMixin:
    """``van`` and ``tot`` with the period rules of ``periods.period_errors``."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        if not self.errors:  # type: ignore[attr-defined]
            for key, message in period_errors(data.get("van"), data.get("tot")).items():
                self.add_error(_FIELD[key], message)  # type: ignore[attr-defined]
        return data

    def period(self) -> Period:
        data = self.cleaned_data  # type: ignore[attr-defined]
        return Period.of(data["van"], data["tot"])


class StatisticsFilterForm(PeriodFieldsMixin, forms.Form):
    van = forms.DateField(label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}))
    afdeling = forms.ModelChoiceField(
        label=_("Afdeling"), queryset=Department.objects.none(), required=False,
        empty_label=_("Alle afdelingen"),
        error_messages={"invalid_choice": _("Onbekende afdeling.")},
    )  # fmt: skip

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["afdeling"].queryset = departments  # type: ignore[attr-defined]


class CauseStatisticsForm(PeriodFieldsMixin, forms.Form):
    werkgever = forms.TypedChoiceField(label=_("Werkgever"), coerce=int)
    afdeling = forms.ModelChoiceField(
        label=_("Afdeling"), queryset=Department.objects.none(),
        required=False, empty_label=_("De hele werkgever"),
        error_messages={"invalid_choice": _("Onbekende afdeling.")},
    )  # fmt: skip
    van = forms.DateField(label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, employers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["werkgever"].choices = employers  # type: ignore[attr-defined]
        ids = [pk for pk, _name in employers]
        self.fields["afdeling"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            employer_id__in=ids
        ).select_related("employer")


def initial_period(period: Period) -> dict[str, dt.date]:
    return {"van": period.start, "tot": period.end}
