"""Sign-in events go to the access log; a first factor enrolled right after an
activation counts as passing the second factor, no later one does; every added factor is
logged and notified; no delete leaves an account without a factor; too many wrong codes
destroy the pending sign-in (SECURITY.md pattern 9)."""

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from poortwachter.accounts.middleware import start_session_clock
from poortwachter.accounts.second_factor import (
    enrolment_granted,
    mark_session_verified,
    used_factor_recently,
)
from poortwachter.accounts.selectors import actor_for_user
from poortwachter.accounts.services import (
    factor_added_notify,
    factor_removal_check,
    unlock_link_send,
)
from poortwachter.audit.models import Action, Outcome
from poortwachter.audit.services import audit_record
from poortwachter.core.actor import Actor
from poortwachter.core.middleware import client_address

CODE_FAILURES = "pw_code_failures"


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    """The holder of a locked account can lift the lock by e-mail (issue 18, finding
    6). One mail per lock (``unlock_link_send``), however often the lock is hit."""
    if request is None or not username:
        return
    unlock_link_send(username=username, ip_address=ip_address or "")


def _actor(request, user) -> Actor:
    """The account holder with the roles they hold, so sign-in lines name a role too."""
    request_id = getattr(request, "request_id", "") if request else ""
    remote_addr = client_address(request) if request else ""
    if user is None:
        return Actor(user_id=None, label="anoniem", request_id=request_id, remote_addr=remote_addr)
    return actor_for_user(user, request_id=request_id, remote_addr=remote_addr)


@receiver(user_logged_in)
def on_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start_session_clock(request, user)
        request.session.pop(CODE_FAILURES, None)
    audit_record(actor=_actor(request, user), action=Action.SIGN_IN, subject_user_id=user.pk)


@receiver(user_logged_out)
def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=_actor(request, user), action=Action.SIGN_OUT, subject_user_id=user.pk)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    email = str(credentials.get("email") or credentials.get("username") or "").lower()
    user = get_user_model().objects.filter(email=email).first() if email else None
    audit_record(
        actor=_actor(request, None),
        action=Action.SIGN_IN_FAILED,
        outcome=Outcome.FAILED,
        subject_user_id=user.pk if user else None,
        details={"step": "password"},
    )


@receiver(mfa_signals.authenticator_added)
def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    """Adding a factor is never a use of one (issue 18, finding 2): only the first
    factor, enrolled in the session of an activation, makes that session two-factor
    (marked ``enrolled``, which opens no medical window)."""
    activation = request is not None and enrolment_granted(request, user)
    if activation:
        mark_session_verified(request, authenticator)
    audit_record(
        actor=_actor(request, user),
        action=Action.MFA_ENROLLED,
        subject_user_id=user.pk,
        details={
            "type": authenticator.type,
            "after": "activation"
            if activation
            else "factor"
            if request is not None and used_factor_recently(request)
            else "none",
        },
    )
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        # Recovery codes made along with a first factor are part of that one.
        factor_added_notify(user)


@receiver(mfa_signals.authenticator_reset)
def on_recovery_codes_renewed(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=_actor(request, user),
        action=Action.MFA_ENROLLED,
        subject_user_id=user.pk,
        details={"type": authenticator.type, "renewed": True},
    )
    factor_added_notify(user)


@receiver(pre_delete, sender=Authenticator)
def keep_a_factor(sender, instance, **kwargs):
    """The last line of R-SEC-1: whatever path deletes a factor, the last one stays."""
    factor_removal_check(instance)


@receiver(mfa_signals.authenticator_removed)
def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=_actor(request, user),
        action=Action.MFA_REMOVED,
        subject_user_id=authenticator.user_id,
        details={"type": authenticator.type},
    )


@receiver(mfa_signals.authentication_failed)
def on_code_failed(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=_actor(request, None),
        action=Action.SIGN_IN_FAILED,
        outcome=Outcome.FAILED,
        subject_user_id=user.pk,
        details={"step": "second_factor", "type": authenticator.type},
    )
    if request is None or kwargs.get("reauthentication"):
        return
    failures = request.session.get(CODE_FAILURES, 0) + 1
    if failures >= settings.POORTWACHTER_MAX_CODE_FAILURES:
        # Start over from the password: the pending sign-in is gone.
        request.session.flush()
    else:
        request.session[CODE_FAILURES] = failures
