"""Re-integration in the reader's language (issue 15): task names are translated on the
page, whatever language the row was written in."""

import datetime as dt

from poortwachter.core import clock
from poortwachter.reintegration.models import Task, TaskRole
from tests.reintegration.conftest import make_case


def test_task_names_are_english_on_the_english_pages(world, client_for):
    case = make_case(world.own_employee, days_ago=3)
    Task.objects.create(
        case=case, employer=world.employer, employee=world.own_employee,
        code="plan_of_action", label="Plan van aanpak", role=TaskRole.HR,
        due_on=clock.today() + dt.timedelta(days=40),
    )  # fmt: skip
    client = client_for("hr")
    assert "Plan van aanpak" in client.get("/verzuim/taken/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/verzuim/taken/"})
    html = client.get("/verzuim/taken/").content.decode()
    assert "Plan of action" in html
    assert "Plan van aanpak" not in html
