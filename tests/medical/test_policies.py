"""The medical module's access decisions as functions (issue 14): the fetchers of a
file's own records answer *not found* for a record of another file, the predicates keep
the doctor's own work to the doctor, and the reads the pages make are recorded in the
medical log only when the page is allowed."""

import datetime as dt

import pytest

from poortwachter.absences.models import AbsenceCase
from poortwachter.core import clock
from poortwachter.core.errors import Forbidden, NotFound
from poortwachter.core.pages import PageRequest
from poortwachter.medical import policies, selectors, services
from poortwachter.medical.models import MedicalAccessEvent
from tests.medical.conftest import PDF_BYTES


@pytest.fixture
def kitchen_file(world, actor_of):
    """A second file (Kees, same employer) with one record of each kind."""
    access = policies.get_access_for(actor_of("doctor"), world.kitchen_employee.pk)
    day = clock.today() - dt.timedelta(days=2)
    document = services.document_upload(
        access=access, title="Brief", received_on=day, content=PDF_BYTES,
        declared_type="application/pdf",
    )  # fmt: skip
    access = policies.get_access_for(actor_of("doctor"), world.kitchen_employee.pk)
    return {
        "document": document,
        "delegation": services.delegation_grant(access=access, assistant=world.assistant),
        "copy": services.copy_request(access=access, requested_on=day),
        "advice": services.advice_save(access=access, advice=None, data={"advised_on": day}),
    }


FETCHERS = {
    "document": policies.get_document_for,
    "delegation": policies.get_delegation_for,
    "copy": policies.get_copy_request_for,
    "advice": policies.get_draft_advice_for,
}


@pytest.mark.parametrize("thing", FETCHERS)
def test_a_record_is_found_in_its_own_file_only(medical, kitchen_file, thing):
    fetch = FETCHERS[thing]
    own = getattr(medical, thing)
    assert fetch(medical.access, own.pk) == own
    with pytest.raises(NotFound):
        fetch(medical.access, kitchen_file[thing].pk)


def test_a_published_advice_is_no_draft_any_more(world, actor_of, medical):
    services.advice_publish(access=medical.access, advice=medical.advice)
    with pytest.raises(NotFound):
        policies.get_draft_advice_for(medical.access, medical.advice.pk)


def test_the_assistant_may_not_produce_the_employees_copy(world, actor_of, medical):
    access = policies.get_access_for(actor_of("assistant"), world.own_employee.pk)
    with pytest.raises(Forbidden):
        policies.get_copy_request_for(access, medical.copy.pk)
    with pytest.raises(Forbidden):
        policies.get_access_for(
            actor_of("assistant"), world.own_employee.pk, may=policies.can_produce_copy
        )


def test_working_notes_are_the_only_entry_the_assistant_may_not_add(world, actor_of, medical):
    assistant = policies.get_access_for(actor_of("assistant"), world.own_employee.pk)
    assert policies.can_add_entry(assistant, "consult")
    assert not policies.can_add_entry(assistant, "werkaantekening")
    assert policies.can_add_entry(medical.access, "werkaantekening")


def _open_case(employee, closed_on=None):
    return AbsenceCase.objects.create(
        employer=employee.employer, employee=employee, closed_on=closed_on,
        first_sick_day=clock.today() - dt.timedelta(days=20),
    )  # fmt: skip


def test_the_caseload_holds_the_served_employers_or_the_delegated_files(world, actor_of, medical):
    own, kitchen, other = (
        _open_case(world.own_employee), _open_case(world.kitchen_employee),
        _open_case(world.other_employee),
    )  # fmt: skip
    _open_case(world.night_employee, closed_on=clock.today())
    assert set(policies.caseload_cases_for(actor_of("doctor"))) == {own, kitchen}
    assert set(policies.caseload_cases_for(actor_of("assistant"))) == {own}
    assert other not in policies.caseload_cases_for(actor_of("doctor"))


def test_the_caseload_page_records_the_employees_it_shows(world, actor_of, medical):
    _open_case(world.own_employee)
    page = selectors.caseload_search(actor=actor_of("assistant"), page=PageRequest(size=50))
    assert [row.case.employee_id for row in page.object_list] == [world.own_employee.pk]
    event = MedicalAccessEvent.objects.latest("id")
    assert (event.action, event.purpose) == ("read", "caseload")
    assert event.details == {"employee_ids": [world.own_employee.pk]}


def test_a_refused_form_page_records_no_read(world, actor_of, medical):
    before = MedicalAccessEvent.objects.count()
    with pytest.raises(Forbidden):
        selectors.file_access_get(
            actor=actor_of("assistant"), employee_id=world.own_employee.pk, what="advice",
            may=policies.can_publish_advice,
        )  # fmt: skip
    assert MedicalAccessEvent.objects.count() == before
    access = selectors.file_access_get(
        actor=actor_of("assistant"), employee_id=world.own_employee.pk, what="consult"
    )
    event = MedicalAccessEvent.objects.latest("id")
    assert (event.action, event.details) == ("read", {"what": "consult"})
    assert event.on_behalf_of_user_id == world.doctor.pk == access.actor.on_behalf_of_id


def test_cause_statistics_reach_the_served_employers_only(world, actor_of):
    doctor = actor_of("doctor")
    assert policies.get_served_employer_for(doctor, world.employer.pk) == world.employer
    with pytest.raises(NotFound):
        policies.get_served_employer_for(doctor, world.other_employer.pk)
    with pytest.raises(Forbidden):
        policies.get_served_employer_for(actor_of("assistant"), world.employer.pk)
