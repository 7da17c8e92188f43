import re

import pytest

from poortwachter.absences.services import sick_report_create
from tests.absences.conftest import sick_input
from tests.helpers import IMMEDIATE_TASKS


@pytest.fixture
def report_for(actor_of):
    def make(persona, employee, **overrides):
        return sick_report_create(
            actor=actor_of(persona), employee=employee, data=sick_input(**overrides)
        )

    return make


@pytest.fixture
def immediate_tasks(settings):
    """The task worker's part, run at once in the test's process. Through pytest-django's
    ``settings`` (not ``override_settings``), so a test that changes other settings too
    cannot leave this one on for the next test."""
    settings.TASKS = IMMEDIATE_TASKS


def personal_strings(world, *reports) -> list[str]:
    """What no e-mail may carry (R-AUTHZ-1): the synthetic people's names and BSNs, and
    every date and id of the cases (issue 19)."""
    people = [world.own_employee, world.night_employee, world.kitchen_employee,
              world.other_employee]  # fmt: skip
    found = []
    for person in people:
        found += [person.first_name, person.last_name, person.bsn]
    for user in world.users.values():
        found += [user.first_name, user.last_name]
    for report in reports:
        for day in (report.first_sick_day, report.recovered_on):
            if day is not None:
                found += [day.isoformat(), day.strftime("%d-%m-%Y"),
                          f"{day.day}-{day.month}-{day.year}"]  # fmt: skip
        found += [f"/verzuim/meldingen/{report.pk}/", f"/verzuim/dossiers/{report.case_id}/"]
    return [s for s in found if s]


#: Any date at all, not only the case's (issue 19: "no name, no date"): d-m-yyyy, d/m/yyyy,
#: ISO, and a day with a Dutch or English month name. Looked for outside the links, whose
#: signed tokens may hold such a run of characters by chance.
_ANY_DATE = re.compile(
    r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|"
    r"mei|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?\b",
    re.IGNORECASE,
)
_LINK = re.compile(r"<?https?://\S+")


def leaks(message, forbidden: list[str]) -> list[str]:
    """The forbidden strings in a message's subject, body and headers (words whole, so a
    short first name does not match inside another word), and any date outside its
    links."""
    text = " ".join([message.subject, message.body, *map(str, message.extra_headers.values())])
    found = [
        s for s in forbidden
        if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)
    ]  # fmt: skip
    return found + _ANY_DATE.findall(_LINK.sub(" ", text))
