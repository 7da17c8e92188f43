"""A company doctor sees an employer's data only while assigned to it (review finding)."""

import datetime as dt

import pytest

from poortwachter.core import clock
from poortwachter.core.errors import Forbidden
from poortwachter.organisations import services
from poortwachter.organisations.policies import employees_visible_to, served_employer_ids


def test_access_ends_when_the_assignment_ends(world, actor_of):
    assignment = world.doctor.served_employers.get()
    assert world.employer.pk in served_employer_ids(actor_of("doctor"))
    services.doctor_unassign(actor=actor_of("service_admin"), assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.until == clock.today()
    tomorrow = clock.today() + dt.timedelta(days=1)
    import time_machine

    with time_machine.travel(tomorrow):
        assert served_employer_ids(actor_of("doctor")) == frozenset()
        assert not employees_visible_to(actor_of("doctor")).exists()


def test_a_future_assignment_gives_no_access_yet(world, actor_of):
    world.doctor.served_employers.update(since=clock.today() + dt.timedelta(days=7))
    assert served_employer_ids(actor_of("doctor")) == frozenset()


@pytest.mark.parametrize("persona", ["employer_admin", "hr", "doctor"])
def test_only_the_service_admin_ends_an_assignment(world, actor_of, persona):
    with pytest.raises(Forbidden):
        services.doctor_unassign(
            actor=actor_of(persona), assignment=world.doctor.served_employers.get()
        )
