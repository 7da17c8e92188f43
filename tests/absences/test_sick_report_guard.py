"""The medical-text guard on a sick report: the service always runs it, and within one
request a text is read once (issue 21; R-SICK-3).

Before, the view told the service the form had checked the texts (``text_checked=True``)
so the guard would not read them twice; a caller that said so wrongly skipped the guard.
Now every check goes to the guard and the request remembers its results."""

from unittest import mock

import pytest

from poortwachter.absences import services
from poortwachter.core.errors import ServiceError
from poortwachter.textguard import _guard, _memo, check_text
from tests.absences.conftest import sick_input
from tests.absences.test_sick_report_statements import _body


def test_a_sick_report_through_the_page_reads_each_text_once(world, client_for):
    client = client_for("hr")
    with mock.patch.object(_guard, "normalize", wraps=_guard.normalize) as normalize:
        response = client.post(f"/verzuim/ziekmelden/{world.own_employee.pk}/", _body())
    assert response.status_code == 302
    read = [call.args[0] for call in normalize.call_args_list]
    assert "Klantafspraak donderdag verzetten." in read  # the form and the service asked
    assert len(read) == len(set(read)), read  # the second asking was a look-up


def test_the_service_refuses_medical_text_whoever_calls_it(world, actor_of):
    """No flag lets a caller skip the guard: called directly, outside any request."""
    data = sick_input(appointments_and_work="Ligt in het ziekenhuis met een hernia.")
    with pytest.raises(ServiceError) as refused:
        services.sick_report_create(actor=actor_of("hr"), employee=world.own_employee, data=data)
    assert "appointments_and_work" in refused.value.message_dict


def test_results_are_remembered_only_inside_the_block():
    text = "Heeft een hernia."
    with mock.patch.object(_guard, "normalize", wraps=_guard.normalize) as normalize:
        check_text(text)
        check_text(text)
        assert normalize.call_count == 2  # outside a request: read every time
        with _memo.remembering():
            first = check_text(text)
            assert check_text(text) is first
            check_text(text, profile="advice")  # another profile is another reading
        assert normalize.call_count == 4
    assert _memo._results.get() is None  # nothing kept after the block
