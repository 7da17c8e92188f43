"""The shared form template and the form mechanism of issue 15: radios and checkboxes
render as real inputs in a fieldset with a legend; errors have an error summary that links
to each field; every aria-describedby points at an element that exists; empty choices say
something in Dutch; a field required only sometimes is not labelled "niet verplicht"."""

import importlib
import pkgutil
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.template.loader import render_to_string

import poortwachter
from poortwachter.accounts.forms import RoleScopeForm
from poortwachter.core.errors import Refusals, ServiceError
from poortwachter.core.forms import CheckedForm, add_refusals
from poortwachter.core.roles import Role
from poortwachter.retention.forms import LegalHoldForm


class _Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def ids(self) -> set[str]:
        return {a["id"] for _t, a in self.tags if "id" in a}

    def described_by(self) -> set[str]:
        return {i for _t, a in self.tags for i in a.get("aria-describedby", "").split()}


class _Choices(forms.Form):
    colours = forms.MultipleChoiceField(
        label="Kleuren", choices=[("r", "Rood"), ("g", "Groen")],
        widget=forms.CheckboxSelectMultiple, help_text="Kies er een of meer.",
    )  # fmt: skip
    size = forms.ChoiceField(
        label="Maat", choices=[("s", "Klein"), ("l", "Groot")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="Akkoord", help_text="Verplicht.")
    name = forms.CharField(label="Naam", help_text="Zoals in het paspoort.")


def _render(form) -> str:
    return render_to_string("_form.html", {"form": form})


def test_radios_and_checkboxes_render_as_inputs_in_a_fieldset_with_a_legend():
    html = _render(_Choices())
    fieldsets = re.findall(r"<fieldset[^>]*>.*?</fieldset>", html, re.S)
    assert len(fieldsets) == 2
    for fieldset, legend, kind, name, choices in (
        (fieldsets[0], "Kleuren", "checkbox", "colours", [("r", "Rood"), ("g", "Groen")]),
        (fieldsets[1], "Maat", "radio", "size", [("s", "Klein"), ("l", "Groot")]),
    ):
        assert f"<legend>{legend}" in fieldset
        for index, (value, label) in enumerate(choices):
            # the input itself, and its label right after it, naming it
            element = f"id_{name}_{index}"
            pattern = (rf'<input type="{kind}" name="{name}" value="{value}"[^>]*'
                       rf'id="{element}"[^>]*><label for="{element}">{label}</label>')  # fmt: skip
            assert re.search(pattern, fieldset), pattern
    assert re.search(r'<input type="checkbox" name="agree"[^>]*><label for="id_agree">', html)


def test_the_legal_hold_kinds_are_radios():
    html = _render(LegalHoldForm())
    assert html.count('type="radio" name="kind"') >= 2
    assert "<legend>" in html


def test_errors_have_a_summary_that_links_to_every_invalid_field():
    form = _Choices(data={})
    assert not form.is_valid()
    html = _render(form)
    summary = html.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert "Er ging iets mis" in summary
    hrefs = re.findall(r'href="#([^"]+)"', summary)
    assert hrefs == ["id_colours_0", "id_size_0", "id_agree", "id_name"]
    assert set(hrefs) <= _Elements(html).ids()


def test_every_aria_describedby_names_an_element_that_exists():
    for form in (_Choices(), _Choices(data={"name": ""})):
        form.is_valid() if form.is_bound else None
        elements = _Elements(_render(form))
        assert elements.described_by(), "help texts are described"
        assert elements.described_by() <= elements.ids()
    # the invalid ones point at their error too
    assert "id_name_error" in _Elements(_render(_Choices(data={}))).described_by()


def test_a_field_error_is_not_styled_as_help_text():
    form = _Choices(data={})
    form.is_valid()
    html = _render(form)
    assert 'class="field-error" id="id_name_error"' in html
    assert 'class="help" id="id_name_helptext"' in html


class _Crossed(CheckedForm):
    start = forms.IntegerField()
    end = forms.IntegerField()
    code = forms.CharField(max_length=3)

    def refusals(self, data):
        refusals = Refusals()
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and end < start:
            refusals.add("end", "Het einde ligt voor het begin.")
        if data.get("code") == "xyz":
            refusals.add("code", "Deze code is al in gebruik.")
        return refusals


def test_a_checked_form_shows_field_cross_field_and_service_errors_at_once():
    form = _Crossed(data={"start": "5", "end": "3", "code": "toolong"})
    assert not form.is_valid()
    assert form.errors["end"] == ["Het einde ligt voor het begin."]
    assert "code" in form.errors  # its own check; the service check is skipped
    form = _Crossed(data={"start": "x", "end": "3", "code": "xyz"})
    assert not form.is_valid()
    assert set(form.errors) == {"start", "code"}
    assert form.errors["code"] == ["Deze code is al in gebruik."]


def test_refusals_collect_and_raise_once():
    refusals = Refusals()
    refusals.add("a", "Eén.")
    refusals.add("a", "Eén.")
    refusals.run(lambda: (_ for _ in ()).throw(ServiceError({"b": ["Twee."]})))
    refusals.add(None, "Drie.")
    with pytest.raises(ServiceError) as raised:
        refusals.raise_if_any()
    assert raised.value.message_dict == {"a": ["Eén."], "b": ["Twee."], "__all__": ["Drie."]}
    Refusals().raise_if_any()  # nothing refused: no error


def test_add_refusals_puts_unknown_fields_above_the_form():
    form = _Crossed(data={"start": "1", "end": "2", "code": "abc"})
    assert form.is_valid()
    refusals = Refusals()
    refusals.add("elsewhere", "Niet op dit formulier.")
    add_refusals(form, refusals)
    assert form.non_field_errors() == ["Niet op dit formulier."]


def _form_classes():
    for module in pkgutil.walk_packages(poortwachter.__path__, "poortwachter."):
        if module.name.endswith(".forms"):
            for value in vars(importlib.import_module(module.name)).values():
                if isinstance(value, type) and issubclass(value, forms.BaseForm):
                    yield value


def test_no_choice_offers_dashes_as_its_empty_choice():
    seen = 0
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.ModelChoiceField):
                seen += 1
                assert field.empty_label != "---------", f"{form_class.__name__}.{name}"
    assert seen >= 8


def test_the_personnel_number_is_not_called_optional_and_then_required(world):
    form = RoleScopeForm(
        data={"role": Role.EMPLOYEE, "personnel_number": ""},
        roles={Role.EMPLOYEE}, employers=None, departments=world.employer.departments.all(),
        fixed_employer=world.employer,
    )  # fmt: skip
    assert not form.is_valid()
    html = _render(form)
    label = html.split('for="id_personnel_number"', 1)[1].split("</label>", 1)[0]
    assert "niet verplicht" not in label
    assert "Verplicht bij de rol Werknemer" in html
    assert "verplicht" in form.errors["personnel_number"][0]


def test_the_department_and_employer_say_when_they_are_required(world):
    departments = world.employer.departments.all()
    form = RoleScopeForm(
        data={"role": Role.MANAGER}, roles={Role.MANAGER, Role.HR},
        employers=type(world.employer).objects.all(), departments=departments,
    )  # fmt: skip
    assert not form.is_valid()
    assert "verplicht" in form.errors["department"][0]
    assert "verplicht" in form.errors["employer"][0]
    html = _render(form)
    for name in ("department", "employer"):
        label = html.split(f'for="id_{name}"', 1)[1].split("</label>", 1)[0]
        assert "niet verplicht" not in label
    assert "Verplicht bij de rol Leidinggevende" in html
