"""Every task of every role is reachable by clicking from that role's home, and no link a
role is shown leads to a refusal or an error (issue 15, "dead ends").

The world is the access matrix's: the personas with Eva's and Kees's open cases, their
advice, Eva's plan, a 42nd-week notification, a third party's report, an HR task and
Eva's medical file delegated to the assistant. Each persona's crawl starts at ``/``,
follows every same-site link (GET only, the way a person clicks) a few levels deep and
records what each answered."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from poortwachter.absences.models import SickReport
from poortwachter.core import clock
from tests.conftest import build_world
from tests.helpers import sign_in
from tests.shared_world import placeholders_for

#: Per role, the tasks (URL names) a person must reach by clicking from their home.
TASKS = {
    "employee": {
        "absences:my_absence", "absences:report_detail",
        "absences:my_advices", "absences:advice_detail", "absences:emergency_info",
        "web:employee_home", "reintegration:my_tasks", "reintegration:case_file",
        "reintegration:plan_employee", "privacy:my_access_log", "privacy:export_json",
        "privacy:export_pdf", "web:account",
    },
    # The same employee once recovered: now "Ziek melden" is there to click.
    "employee_at_work": {"absences:my_absence", "absences:report_sick", "web:employee_home"},
    "manager": {
        "absences:team", "organisations:team", "absences:report_sick",
        "absences:report_detail", "absences:advice_detail", "reintegration:case_file",
        "organisations:employee_detail", "statistics:dashboard", "web:account",
    },
    "hr": {
        "absences:hr_list", "organisations:employee_list", "organisations:employee_detail",
        "organisations:employee_create", "absences:report_sick", "absences:report_detail",
        "absences:advice_detail", "absences:leave", "retention:employee",
        "reintegration:case_file", "reintegration:plan_edit", "reintegration:evaluation_new",
        "reintegration:notification_detail", "reintegration:report_new",
        "reintegration:hr_tasks", "statistics:dashboard", "statistics:export_csv",
        "web:account",
    },
    "employer_admin": {
        "accounts:employer_admin_home", "organisations:department_list",
        "accounts:employer_accounts", "accounts:user_detail", "web:account",
    },
    "doctor": {
        "absences:caseload", "medical:caseload", "medical:file", "organisations:doctor_home",
        "medical:cause_statistics", "reintegration:doctor_tasks", "web:account",
    },
    "assistant": {"medical:caseload", "medical:file", "web:account"},
    "service_admin": {
        "organisations:employer_list", "organisations:employer_detail",
        "accounts:service_accounts", "accounts:user_detail", "security:report_list",
        "security:report_detail", "web:account",
    },
    "privacy_officer": {"privacy:event_list", "privacy:event_export", "web:account"},
}  # fmt: skip

#: Links a crawl does not follow: they leave the product's pages (allauth's own sign-in
#: and factor pages are tested in tests/accounts/) or change something on a GET-less form.
NOT_FOLLOWED = re.compile(r"^/(accounts/|i18n/|api/|static/)")
#: Enough to reach every task from home; a page's siblings (the next employee in a list)
#: add nothing, so a view is visited at most this many times.
DEPTH = 4
PER_VIEW = 3


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        href = urldefrag(href)[0]
        if not href or href.startswith(("mailto:", "tel:", "otpauth:")):
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue  # another site
        if not href.startswith("/"):
            href = base.rsplit("/", 1)[0] + "/" + href
        found.append(href)
    return found


def crawl(client) -> tuple[dict[str, int], set[str]]:
    """(status per visited URL, URL names reached), starting at home."""
    home = client.get("/", follow=True)
    assert home.status_code == 200
    start = home.redirect_chain[-1][0] if home.redirect_chain else "/"
    statuses: dict[str, int] = {start: 200}
    reached: set[str] = {resolve(urlsplit(start).path).view_name}
    per_view: dict[str, int] = {}
    frontier = [(start, home)]
    for _level in range(DEPTH):
        following = []
        for url, response in frontier:
            if "text/html" not in response.get("Content-Type", ""):
                continue
            for link in _links(response.content.decode(), url):
                path = urlsplit(link).path
                if link in statuses or NOT_FOLLOWED.match(path):
                    continue
                try:
                    name = resolve(path).view_name
                except Resolver404:
                    statuses[link] = 404
                    continue
                if per_view.get(name, 0) >= PER_VIEW:
                    continue
                per_view[name] = per_view.get(name, 0) + 1
                answer = client.get(link)
                statuses[link] = answer.status_code
                reached.add(name)
                if answer.status_code == 200:
                    following.append((link, answer))
        frontier = following
    return statuses, reached


@pytest.mark.parametrize("persona", sorted(TASKS))
def test_every_link_works_and_every_task_is_reachable_from_home(db, client, persona):
    world = build_world()
    placeholders_for(world)
    if persona == "employee_at_work":
        SickReport.objects.filter(employee=world.own_employee).update(recovered_on=clock.today())
    user = world.users[persona.removesuffix("_at_work")]
    statuses, reached = crawl(sign_in(client, user))
    broken = {url: status for url, status in statuses.items() if status >= 400}
    assert not broken, f"{persona} is shown links that answer an error: {broken}"
    missing = TASKS[persona] - reached
    assert not missing, f"{persona} cannot click their way to: {sorted(missing)}"
