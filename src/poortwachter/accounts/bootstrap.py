"""The root of trust: the first service administrator of an installation.

Every other account is issued through ``accounts.services`` by someone allowed to issue
it. The first service administrator cannot be, so it is made here, from the server's
command line (which already implies full control of the installation), and logged.
"""

from allauth.account.models import EmailAddress
from django.db import transaction

from poortwachter.accounts.models import RoleAssignment, User
from poortwachter.audit.models import Action
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import Actor
from poortwachter.core.errors import ServiceError
from poortwachter.core.roles import Role


@transaction.atomic
def service_admin_bootstrap(
    *, email: str, first_name: str, last_name: str, password: str | None, synthetic: bool = False
) -> User:
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ServiceError("Er bestaat al een account met dit e-mailadres.")
    user = User.objects.create_user(
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_synthetic=synthetic,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    assignment = RoleAssignment.objects.create(user=user, role=Role.SERVICE_ADMIN)
    audit_record(
        actor=Actor.system("create-service-admin"),
        action=Action.GRANT,
        target=assignment,
        subject_user_id=user.pk,
        details={"role": Role.SERVICE_ADMIN},
    )
    return user
