"""Four eyes on medical roles (R-ACC-1, docs/security.md): a doctor or assistant role is
never granted by one person. One files a request, which gives no access; a second person
(another service administrator, or the service's privacy officer) approves or refuses
it, once; only the approval makes the assignment, through ``role_grant``."""

import pytest
from allauth.mfa.models import Authenticator
from django.db import IntegrityError, transaction
from django.urls import reverse

from poortwachter.accounts import policies, services
from poortwachter.accounts.models import RoleAssignment, RoleRequest
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.audit.models import AccessEvent, Action
from poortwachter.core import clock
from poortwachter.core.errors import Forbidden, ServiceError
from poortwachter.core.roles import MEDICAL_ROLES, Role
from poortwachter.notifications.models import Kind, Notification
from poortwachter.privacy.own_data import own_data_document
from poortwachter.privacy.own_data_pdf import render_pdf
from tests.accounts.test_separation_of_duties import _legacy_combined_account
from tests.factories import UserFactory, grant
from tests.helpers import sign_in
from tests.privacy.pdf_text import pdf_text

LIST = "/arbodienst/aanvragen-medische-rollen/"


@pytest.fixture
def newcomer(world):
    return UserFactory(email="nieuwe.arts@test.example", first_name="Nina", last_name="Nieuw")


@pytest.fixture
def filed(world, actor_of, newcomer):
    return services.role_request_file(
        actor=actor_of("service_admin"), user=newcomer, role=Role.DOCTOR
    )


def _decide(user, role_request, approve=True):
    return services.role_request_decide(
        actor=actor_for_user(user), role_request=role_request, approve=approve
    )


def _steps(role_request):
    return [
        e.details.get("step")
        for e in AccessEvent.objects.filter(target_id=str(role_request.pk)).order_by("pk")
        if e.target_type.endswith("rolerequest")
    ]


# --- filing -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(MEDICAL_ROLES))
def test_a_request_gives_no_access_and_is_logged(world, actor_of, newcomer, role):
    role_request = services.role_request_file(
        actor=actor_of("service_admin"), user=newcomer, role=role
    )
    assert role_request.is_pending
    assert not newcomer.role_assignments.exists()
    assert actor_for_user(newcomer).grants == ()
    assert _steps(role_request) == ["role_requested"]


def test_the_deciders_are_notified_without_content(
    world, second_admin, service_privacy_officer, filed
):
    notes = Notification.objects.filter(kind=Kind.ROLE_REQUEST)
    assert {n.recipient_id for n in notes} == {second_admin.pk, service_privacy_officer.pk}
    assert {n.link for n in notes} == {LIST}


def test_nobody_else_is_notified(world, actor_of, newcomer):
    """Not the requester, not the subject, not an employer's privacy officer."""
    services.role_request_file(actor=actor_of("service_admin"), user=newcomer, role=Role.DOCTOR)
    assert not Notification.objects.filter(kind=Kind.ROLE_REQUEST).exists()


def test_a_request_that_could_never_be_granted_is_refused_at_once(world, actor_of, newcomer):
    admin = actor_of("service_admin")
    with pytest.raises(Forbidden, match="niet toekennen"):
        services.role_request_file(
            actor=actor_of("employer_admin"), user=newcomer, role=Role.DOCTOR
        )
    with pytest.raises(Forbidden, match="eigen rechten"):
        services.role_request_file(actor=admin, user=world.service_admin, role=Role.DOCTOR)
    with pytest.raises(ServiceError, match="rol bij een werkgever"):
        services.role_request_file(actor=admin, user=world.hr, role=Role.DOCTOR)
    with pytest.raises(ServiceError, match="apart account"):
        services.role_request_file(actor=admin, user=world.privacy_officer, role=Role.ASSISTANT)
    with pytest.raises(ServiceError, match="heeft deze rol al"):
        services.role_request_file(actor=admin, user=world.doctor, role=Role.DOCTOR)
    assert not RoleRequest.objects.exists()


def test_one_pending_request_per_account_and_role(world, actor_of, filed, newcomer):
    with pytest.raises(ServiceError, match="loopt al een aanvraag"):
        services.role_request_file(actor=actor_of("service_admin"), user=newcomer, role=Role.DOCTOR)


@pytest.mark.parametrize(
    ("role", "at_employer"), [(Role.PRIVACY_OFFICER, True), (Role.HR, True), (Role.MANAGER, True)]
)
def test_roles_that_take_one_person_are_not_requested(world, actor_of, newcomer, role, at_employer):
    scope = {"employer": world.employer} if at_employer else {}
    if role == Role.MANAGER:
        scope["department"] = world.department
    with pytest.raises(ServiceError):
        services.role_request_file(
            actor=actor_of("service_admin"), user=newcomer, role=role, **scope
        )
    services.role_grant(actor=actor_of("service_admin"), user=newcomer, role=role, **scope)
    assert newcomer.role_assignments.filter(role=role).exists()


# --- the deciding roles take four eyes too ----------------------------------------------


@pytest.mark.parametrize("role", [Role.SERVICE_ADMIN, Role.PRIVACY_OFFICER])
def test_a_deciding_role_is_requested_and_approved_by_someone_else(
    world, actor_of, newcomer, second_admin, role
):
    """The service administrator and the service's own privacy officer decide four-eyes
    requests: one administrator who could grant them alone could make their own second
    person. So they are requested as well (R-ACC-1)."""
    admin = actor_of("service_admin")
    with pytest.raises(Forbidden, match="tweede persoon"):
        services.role_grant(actor=admin, user=newcomer, role=role)
    role_request = services.role_request_file(actor=admin, user=newcomer, role=role)
    assert not newcomer.role_assignments.exists()
    assert not policies.can_decide_role_request(admin, role_request)
    _decide(second_admin, role_request)
    assert newcomer.role_assignments.get().role == role


def test_one_administrator_cannot_make_their_own_second_person(world, actor_of):
    """The bypass four eyes on medical roles alone left open: the administrator issues a
    service-wide privacy officer to an address they control, then approves their own
    doctor request with it. The new account holds no role until someone else approves,
    so it decides nothing."""
    admin = actor_of("service_admin")
    puppet = services.user_create(
        actor=admin, email="tweede.ik@test.example", first_name="Tweede", last_name="Ik",
        role=Role.PRIVACY_OFFICER, send_invitation=False,
    )  # fmt: skip
    assert puppet.filed_role_request is not None
    assert not puppet.role_assignments.exists()
    doctor = UserFactory(email="eigen.arts@test.example")
    wanted = services.role_request_file(actor=admin, user=doctor, role=Role.DOCTOR)
    assert not policies.can_decide_role_request(actor_for_user(puppet), wanted)
    with pytest.raises(Forbidden):
        _decide(puppet, wanted)
    assert not doctor.role_assignments.exists()


def test_an_employers_privacy_officer_is_granted_by_one_person_and_decides_nothing(
    world, actor_of, newcomer
):
    services.role_grant(
        actor=actor_of("service_admin"), user=newcomer, role=Role.PRIVACY_OFFICER,
        employer=world.employer,
    )  # fmt: skip
    other = UserFactory(email="arts.b@test.example")
    wanted = services.role_request_file(
        actor=actor_of("service_admin"), user=other, role=Role.DOCTOR
    )
    assert not policies.can_decide_role_request(actor_for_user(newcomer), wanted)


# --- role_grant refuses a medical role without an approval ------------------------------


@pytest.mark.parametrize("role", sorted(MEDICAL_ROLES))
def test_role_grant_refuses_a_medical_role_without_an_approved_request(
    world, actor_of, newcomer, role
):
    with pytest.raises(Forbidden, match="tweede persoon"):
        services.role_grant(actor=actor_of("service_admin"), user=newcomer, role=role)
    assert not newcomer.role_assignments.exists()


def test_role_grant_refuses_a_pending_refused_or_used_request(world, filed, newcomer, second_admin):
    approver = actor_for_user(second_admin)
    with pytest.raises(Forbidden):
        services.role_grant(actor=approver, user=newcomer, role=Role.DOCTOR, approved_request=filed)
    _decide(second_admin, filed)
    filed.refresh_from_db()
    # Approved, but outside the approval itself: an approval is used once, also after
    # the role was revoked again.
    services.role_revoke(actor=approver, assignment=newcomer.role_assignments.get())
    with pytest.raises(Forbidden):
        services.role_grant(actor=approver, user=newcomer, role=Role.DOCTOR, approved_request=filed)
    assert not newcomer.role_assignments.exists()


# --- deciding ---------------------------------------------------------------------------


def test_a_second_administrator_approves_and_the_role_is_held(world, filed, newcomer, second_admin):
    _decide(second_admin, filed)
    assignment = newcomer.role_assignments.get()
    assert (assignment.role, assignment.granted_by_id) == (Role.DOCTOR, second_admin.pk)
    assert assignment.role_request_id == filed.pk
    filed.refresh_from_db()
    assert (filed.outcome, filed.decided_by_id) == (RoleRequest.Outcome.APPROVED, second_admin.pk)
    assert _steps(filed) == ["role_requested", "role_request_approved"]
    grant_event = AccessEvent.objects.get(action=Action.GRANT, subject_user_id=newcomer.pk)
    assert grant_event.actor_user_id == second_admin.pk
    assert grant_event.details["role_request_id"] == filed.pk
    told = Notification.objects.get(kind=Kind.ROLE_REQUEST_DECIDED)
    assert told.recipient_id == world.service_admin.pk


def test_the_services_privacy_officer_approves_and_gains_no_medical_role(
    world, filed, newcomer, service_privacy_officer
):
    _decide(service_privacy_officer, filed)
    assert newcomer.role_assignments.get().role == Role.DOCTOR
    assert not actor_for_user(service_privacy_officer).roles & MEDICAL_ROLES


def test_a_refusal_grants_nothing(world, filed, newcomer, second_admin):
    _decide(second_admin, filed, approve=False)
    filed.refresh_from_db()
    assert filed.outcome == RoleRequest.Outcome.REFUSED
    assert not newcomer.role_assignments.exists()
    assert _steps(filed) == ["role_requested", "role_request_refused"]


def test_the_requester_cannot_decide_their_own_request(world, filed, newcomer):
    for approve in (True, False):
        with pytest.raises(Forbidden, match="zelf ingediend"):
            _decide(world.service_admin, filed, approve)
    filed.refresh_from_db()
    assert filed.is_pending
    assert not newcomer.role_assignments.exists()


@pytest.mark.parametrize(
    "persona",
    ["employee", "manager", "hr", "employer_admin", "doctor", "assistant", "privacy_officer",
     "outsider"],
)  # fmt: skip
def test_no_other_role_decides(world, filed, newcomer, persona):
    """The privacy officer of one employer is not the service's second person."""
    with pytest.raises(Forbidden):
        _decide(world.users[persona], filed)
    assert not policies.can_decide_role_request(actor_for_user(world.users[persona]), filed)
    assert not newcomer.role_assignments.exists()


def test_an_account_with_conflicting_duties_does_not_decide(world, filed):
    combo = _legacy_combined_account()
    assert not policies.can_decide_role_requests(actor_for_user(combo))
    with pytest.raises(Forbidden):
        _decide(combo, filed)


def test_the_policy_both_ways(world, filed, second_admin, service_privacy_officer):
    assert policies.can_decide_role_request(actor_for_user(second_admin), filed)
    assert policies.can_decide_role_request(actor_for_user(service_privacy_officer), filed)
    assert not policies.can_decide_role_request(actor_for_user(world.service_admin), filed)
    # Never about oneself: a request for the decider's own account (made by hand here;
    # the service refuses such a request, see the separation of duties).
    about_them = RoleRequest(
        user=second_admin,
        role=Role.DOCTOR,
        requested_by=world.service_admin,
        requested_at=clock.now(),
    )
    assert not policies.can_decide_role_request(actor_for_user(second_admin), about_them)
    assert policies.can_withdraw_role_request(actor_for_user(world.service_admin), filed)
    assert not policies.can_withdraw_role_request(actor_for_user(second_admin), filed)


@pytest.mark.parametrize("first", [True, False])
def test_a_request_is_decided_once(world, filed, second_admin, service_privacy_officer, first):
    _decide(second_admin, filed, approve=first)
    for approve in (True, False):
        with pytest.raises(ServiceError, match="al besloten"):
            _decide(service_privacy_officer, filed, approve)
    filed.refresh_from_db()
    assert filed.decided_by_id == second_admin.pk


def test_the_approval_runs_every_check_again(world, filed, newcomer, second_admin):
    """Between request and approval the account got an employer role: refused, and the
    request stays pending for the second person to refuse."""
    grant(newcomer, Role.HR, employer=world.employer)
    with pytest.raises(ServiceError, match="rol bij een werkgever"):
        _decide(second_admin, filed)
    filed.refresh_from_db()
    assert filed.is_pending
    assert not newcomer.role_assignments.filter(role=Role.DOCTOR).exists()


def test_a_requester_who_lost_the_right_no_longer_backs_the_request(
    world, filed, newcomer, second_admin
):
    world.service_admin.role_assignments.all().delete()
    with pytest.raises(Forbidden):
        _decide(second_admin, filed)
    filed.refresh_from_db()
    assert filed.is_pending
    assert not newcomer.role_assignments.exists()


# --- withdrawing ------------------------------------------------------------------------


def test_the_requester_withdraws_a_pending_request_and_nobody_else(world, filed, second_admin):
    with pytest.raises(Forbidden):
        services.role_request_withdraw(actor=actor_for_user(second_admin), role_request=filed)
    services.role_request_withdraw(actor=actor_for_user(world.service_admin), role_request=filed)
    filed.refresh_from_db()
    assert filed.outcome == RoleRequest.Outcome.WITHDRAWN
    assert _steps(filed) == ["role_requested", "role_request_withdrawn"]
    with pytest.raises(ServiceError, match="al besloten"):
        _decide(second_admin, filed)
    with pytest.raises(ServiceError, match="al besloten"):
        services.role_request_withdraw(
            actor=actor_for_user(world.service_admin), role_request=filed
        )


# --- the database -----------------------------------------------------------------------


def test_the_database_refuses_a_decision_by_the_requester_or_the_subject(world, filed):
    now = clock.now()
    for decider in (filed.requested_by_id, filed.user_id):
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleRequest.objects.filter(pk=filed.pk).update(
                outcome="approved", decided_by_id=decider, decided_at=now
            )


def test_the_database_keeps_requests_to_their_shape(world, filed, newcomer):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleRequest.objects.create(
            user=newcomer,
            role=Role.DOCTOR,
            requested_by=world.service_admin,
            requested_at=clock.now(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleRequest.objects.create(
            user=newcomer, role=Role.HR, requested_by=world.service_admin, requested_at=clock.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleRequest.objects.filter(pk=filed.pk).update(outcome="approved")  # by nobody


# --- pages ------------------------------------------------------------------------------


def test_the_grant_form_files_a_request(world, client, newcomer):
    sign_in(client, world.service_admin)
    url = reverse("accounts:user_detail", kwargs={"user_id": newcomer.pk})
    page = client.get(url).content.decode()
    assert "tweede persoon" in page
    response = client.post(url, {"role": "doctor"}, follow=True)
    assert not newcomer.role_assignments.exists()
    assert newcomer.role_requests.get().is_pending
    text = response.content.decode()
    assert "is aangevraagd" in text
    assert "Aanvragen die op een tweede persoon wachten" in text


def test_the_list_offers_the_decision_to_the_second_person_only(world, client, filed, second_admin):
    sign_in(client, world.service_admin)
    own = client.get(LIST).content.decode()
    assert "zelf ingediend" in own
    assert 'value="approve"' not in own
    sign_in(client, second_admin)
    theirs = client.get(LIST).content.decode()
    assert 'value="approve"' in theirs
    assert filed.user.email in theirs


def test_the_requester_posting_an_approval_is_refused(world, client, filed, newcomer):
    sign_in(client, world.service_admin)
    url = reverse("accounts:role_request_decide", kwargs={"request_id": filed.pk})
    assert client.post(url, {"decision": "approve"}).status_code == 403
    assert not newcomer.role_assignments.exists()


def test_approving_over_http_and_a_second_decision_is_shown_at_the_top(
    world, client, filed, newcomer, second_admin
):
    sign_in(client, second_admin)
    url = reverse("accounts:role_request_decide", kwargs={"request_id": filed.pk})
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    assert newcomer.role_assignments.get().role == Role.DOCTOR
    again = client.post(url, {"decision": "refuse"})
    assert again.status_code == 400
    assert "data-error-summary" in again.content.decode()
    assert "al besloten" in again.content.decode()
    history = client.get(LIST).content.decode()
    assert "goedgekeurd" in history


def test_a_missing_decision_is_an_error_not_a_refusal(world, client, filed, second_admin):
    sign_in(client, second_admin)
    url = reverse("accounts:role_request_decide", kwargs={"request_id": filed.pk})
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Kies goedkeuren of afwijzen" in response.content.decode()
    filed.refresh_from_db()
    assert filed.is_pending


@pytest.mark.parametrize(
    "persona",
    ["employee", "manager", "hr", "employer_admin", "doctor", "assistant", "privacy_officer",
     "outsider"],
)  # fmt: skip
def test_no_other_role_reaches_the_pages(world, client, filed, persona):
    sign_in(client, world.users[persona])
    assert client.get(LIST).status_code == 403
    for name in ("role_request_decide", "role_request_withdraw"):
        url = reverse(f"accounts:{name}", kwargs={"request_id": filed.pk})
        assert client.post(url, {"decision": "approve"}).status_code == 403
    filed.refresh_from_db()
    assert filed.is_pending


def test_the_page_is_reached_from_home(world, client, service_privacy_officer, second_admin):
    for user in (service_privacy_officer, second_admin):
        sign_in(client, user)
        assert LIST in client.get("/", follow=True).content.decode()
    sign_in(client, world.privacy_officer)  # of one employer: no link to a refusal
    assert LIST not in client.get("/", follow=True).content.decode()


# --- resetting the credentials of a medical account ------------------------------------


def test_a_medical_accounts_credentials_are_reset_only_by_an_approval(
    world, actor_of, second_admin
):
    doctor = world.doctor
    with pytest.raises(Forbidden, match="tweede persoon"):
        services.credentials_reset(actor=actor_of("service_admin"), user=doctor)
    filed = services.credentials_reset_request_file(actor=actor_of("service_admin"), user=doctor)
    assert (filed.kind, filed.role) == (RoleRequest.Kind.CREDENTIALS, Role.DOCTOR)
    assert doctor.has_usable_password()  # nothing happens before the approval
    assert Authenticator.objects.filter(user=doctor).exists()
    with pytest.raises(Forbidden, match="zelf ingediend"):
        _decide(world.service_admin, filed)
    decided = _decide(second_admin, filed)
    doctor.refresh_from_db()
    assert not doctor.has_usable_password()
    assert not Authenticator.objects.filter(user=doctor).exists()
    # The code goes to the approver, who hands it over; the link to the doctor by e-mail.
    assert decided.issued_activation is not None
    reset = AccessEvent.objects.get(action=Action.RESET_CREDENTIALS, subject_user_id=doctor.pk)
    assert (reset.actor_user_id, reset.details["role_request_id"]) == (second_admin.pk, filed.pk)
    assert _steps(filed) == ["credentials_reset_requested", "role_request_approved"]


def test_a_deciders_credentials_are_reset_only_by_an_approval(
    world, actor_of, second_admin, service_privacy_officer
):
    """Resetting another administrator's credentials is as good as making them: one
    administrator alone could then claim a second decider. It takes a second person."""
    admin = actor_of("service_admin")
    with pytest.raises(Forbidden, match="tweede persoon"):
        services.credentials_reset(actor=admin, user=second_admin)
    filed = services.credentials_reset_request_file(actor=admin, user=second_admin)
    assert (filed.kind, filed.role) == (RoleRequest.Kind.CREDENTIALS, Role.SERVICE_ADMIN)
    assert second_admin.has_usable_password()
    _decide(service_privacy_officer, filed)
    second_admin.refresh_from_db()
    assert not second_admin.has_usable_password()


def test_a_reset_request_is_refused_where_a_reset_would_be(world, actor_of):
    with pytest.raises(Forbidden):
        services.credentials_reset_request_file(actor=actor_of("employer_admin"), user=world.doctor)
    with pytest.raises(ServiceError, match="geen rol die een tweede persoon vraagt"):
        services.credentials_reset_request_file(actor=actor_of("service_admin"), user=world.hr)
    services.credentials_reset_request_file(actor=actor_of("service_admin"), user=world.doctor)
    with pytest.raises(ServiceError, match="loopt al een aanvraag"):
        services.credentials_reset_request_file(actor=actor_of("service_admin"), user=world.doctor)


def test_a_refused_reset_changes_nothing(world, actor_of, service_privacy_officer):
    filed = services.credentials_reset_request_file(
        actor=actor_of("service_admin"), user=world.doctor
    )
    _decide(service_privacy_officer, filed, approve=False)
    world.doctor.refresh_from_db()
    assert world.doctor.has_usable_password()
    assert Authenticator.objects.filter(user=world.doctor).exists()


def test_the_reset_form_of_a_doctor_files_a_request(world, client):
    sign_in(client, world.service_admin)
    url = reverse("accounts:credentials_reset", kwargs={"user_id": world.doctor.pk})
    response = client.post(url, {"password": "on", "second_factor": "on"}, follow=True)
    assert "is aangevraagd" in response.content.decode()
    assert world.doctor.role_requests.get().kind == RoleRequest.Kind.CREDENTIALS
    world.doctor.refresh_from_db()
    assert world.doctor.has_usable_password()


def test_the_api_files_a_reset_request_for_a_medical_account(world, client):
    sign_in(client, world.service_admin)
    response = client.post(
        f"/api/v1/users/{world.doctor.pk}/reset-credentials/", {},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 202, response.content
    assert response.json()["kind"] == "credentials"
    world.doctor.refresh_from_db()
    assert world.doctor.has_usable_password()


# --- the API ----------------------------------------------------------------------------


def test_the_api_files_a_request_for_a_medical_role(world, client, newcomer):
    sign_in(client, world.service_admin)
    response = client.post(
        f"/api/v1/users/{newcomer.pk}/grants/", {"role": "doctor"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["role"], body["outcome"]) == ("doctor", "pending")
    assert "tweede persoon" in body["detail"]
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_the_api_creates_a_doctor_account_without_the_role(world, client):
    sign_in(client, world.service_admin)
    body = {"email": "arts3@test.example", "first_name": "A", "last_name": "B", "role": "doctor"}
    response = client.post("/api/v1/users/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["grants"] == []
    assert created["role_request"]["outcome"] == "pending"


def test_the_accounts_own_data_lists_its_requests(world, filed, newcomer, second_admin):
    """Art. 15 AVG: a request about an account is data about its holder; the own-data
    export (JSON and PDF) lists it with who filed and who decided it."""
    _decide(second_admin, filed)
    document = own_data_document(actor_for_user(newcomer), employees=[])
    [listed] = document["account"]["role_requests"]
    assert (listed["role"], listed["outcome"]) == (Role.DOCTOR, "approved")
    assert listed["decided_by"] == second_admin.get_full_name()
    text = pdf_text(render_pdf(document))
    assert "Aanvragen vier ogen" in text
    assert "goedgekeurd" in text
