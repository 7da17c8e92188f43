"""The access log and the security report in words (issue 15): role labels instead of
codes, names instead of "werknemer 9" or "account 4" (where the reader may see them), a
search by a person's name (audited), and the most severe findings first."""

import html
import re

from poortwachter.audit.models import AccessEvent, Action
from poortwachter.audit.services import audit_employee_event
from poortwachter.core import clock
from poortwachter.security.models import SecurityReport


def _text(response) -> str:
    assert response.status_code == 200
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def _hr_reads(world, actor_of, employee):
    audit_employee_event(actor=actor_of("hr"), action=Action.READ, employee=employee,
                         purpose="absence_management")  # fmt: skip


def test_the_log_shows_role_labels_and_names_not_codes(world, client_for, actor_of):
    _hr_reads(world, actor_of, world.own_employee)
    text = _text(client_for("privacy_officer").get("/privacy/toegangslog/"))
    assert "HR / verzuimcoördinator" in text
    assert world.own_employee.full_name in text
    assert f"werknemer {world.own_employee.pk}" not in text
    assert " hr " not in text
    assert "privacy_officer" not in text


def test_employees_of_another_employer_keep_their_number(world, client_for, actor_of):
    """The officer reviews their own employer's log: another employer's employee, if an
    event of theirs is ever shown, is not named."""
    from poortwachter.privacy.selectors import _log_rows

    event = AccessEvent(actor_role="hr", subject_employee_id=world.other_employee.pk,
                        purpose="absence_management")  # fmt: skip
    (row,) = _log_rows(actor_of("privacy_officer"), [event])
    assert row.subject == f"werknemer {world.other_employee.pk}"


def test_the_privacy_officer_searches_by_name_and_the_search_is_logged(world, client_for, actor_of):
    _hr_reads(world, actor_of, world.own_employee)
    _hr_reads(world, actor_of, world.kitchen_employee)
    client = client_for("privacy_officer")
    text = _text(client.get("/privacy/toegangslog/", {"person": world.own_employee.last_name}))
    assert world.own_employee.full_name in text
    assert world.kitchen_employee.full_name not in text
    search = AccessEvent.objects.filter(actor_user_id=world.privacy_officer.pk,
                                        action=Action.SEARCH).latest("id")  # fmt: skip
    assert search.details["person"] == world.own_employee.last_name


def test_security_findings_most_severe_first_with_account_names(world, client_for):
    report = SecurityReport.objects.create(
        created_at=clock.now(), trigger="command", started_by_label="command",
        low=1, high=1, medium=1,
        findings=[
            {"code": "check.low", "severity": "low", "count": 1, "text": "Laag ding"},
            {"code": "check.medium", "severity": "medium", "count": 1, "text": "Middel ding"},
            {"code": "accounts.example", "severity": "high", "count": 1,
             "text": "Hoog ding", "ids": [world.hr.pk]},
        ],
    )  # fmt: skip
    text = _text(client_for("service_admin").get(f"/arbodienst/beveiliging/{report.pk}/"))
    assert text.index("Hoog ding") < text.index("Middel ding") < text.index("Laag ding")
    assert world.hr.get_full_name() in text
