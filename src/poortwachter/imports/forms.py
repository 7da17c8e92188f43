from django import forms
from django.utils.translation import gettext_lazy as _

from poortwachter.core.forms import CheckedForm, sometimes_required
from poortwachter.imports.columns import FIELDS
from poortwachter.imports.parsing import MAX_BYTES

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(CheckedForm):
    file = forms.FileField(
        label=_("Bestand (CSV of XLSX, hooguit 20 MB)"),
        help_text=_(
            "Een export uit AFAS, Visma, Nmbrs, Loket of een eigen spreadsheet, "
            "met de kolomkoppen op de eerste regel."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    create_departments = forms.BooleanField(
        label=_("Afdelingen die nog niet bestaan aanmaken"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 20 MB."))
        return upload


class ColumnsForm(CheckedForm):
    """One choice per field: which column of the file holds it."""

    def __init__(self, *args, headings: list[str], initial_columns: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(niet in het bestand)")), *((h, h) for h in headings)]
        for field in FIELDS:
            choice = forms.ChoiceField(
                label=field.label,
                choices=choices,
                required=False,
                initial=initial_columns.get(field.key, ""),
            )
            self.fields[field.key] = sometimes_required(choice) if field.required else choice
        self.fields["create_departments"] = forms.BooleanField(
            label=_("Afdelingen die nog niet bestaan aanmaken"), required=False
        )

    def columns(self) -> dict[str, str]:
        return {f.key: self.cleaned_data[f.key] for f in FIELDS if self.cleaned_data.get(f.key)}

    def clean(self):
        data = super().clean()
        chosen = [self.cleaned_data.get(f.key) for f in FIELDS if self.cleaned_data.get(f.key)]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Koppel elke kolom aan hooguit één veld."))
        return data
