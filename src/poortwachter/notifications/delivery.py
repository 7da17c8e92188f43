"""E-mail about notifications, sent by the task worker and the scheduler, never inside a
request (issue 19).

Every e-mail says only that there is something and where to sign in (R-AUTHZ-1): no
name, no date, no kind of event, nothing of a case. The link goes to the notification
itself (``/meldingen/<id>/``), which after sign-in leads to the page it is about; links
are built on ``POORTWACHTER_BASE_URL`` (``accounts.links.absolute``), never on a request.

- ``send_now(ids)`` (the ``deliver`` job, queued with the notifications): one e-mail per
  notification whose recipient chose "immediately".
- ``digest_run(day)`` (an hourly scheduled job): at a user's chosen hour, one e-mail a
  day with how many notifications came since the previous digest time; for users who
  chose "in the app only", just the legally required ones (``MANDATORY_KINDS``). It
  carries ``List-Unsubscribe`` with a signed one-click link.
"""

import datetime as dt
import logging
from typing import Any

from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from poortwachter.accounts.links import absolute
from poortwachter.accounts.models import User
from poortwachter.core import clock
from poortwachter.notifications.models import (
    MANDATORY_KINDS,
    Delivery,
    Digest,
    Notification,
    Preference,
)
from poortwachter.scheduling.registry import Job

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "poortwachter.notifications.unsubscribe"
#: A digest's unsubscribe link works this long after the digest was sent.
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=90)


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_user_id(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(value, int) or not User.objects.filter(pk=value).exists():
        return None
    return value


def _footer() -> str:
    return _(
        "Deze e-mail bevat bewust geen namen of details: die ziet u na het inloggen.\n"
        "Hoe en wanneer u e-mail van Poortwachter krijgt, stelt u in: {url}"
    ).format(url=absolute(reverse("notifications:preferences")))


def immediate_message(notification: Notification, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = _("[Poortwachter] Er staat iets voor u klaar")
        body = _(
            "Er staat iets nieuws voor u klaar in Poortwachter.\n\nLog in om het te bekijken: {url}"
        ).format(
            url=absolute(reverse("notifications:open", kwargs={"notification_id": notification.pk}))
        )
        return subject, f"{body}\n\n{_footer()}\n"


def digest_message(count: int, user_id: int, language: str) -> tuple[str, str, str]:
    """Subject, body and the one-click unsubscribe address of a digest."""
    unsubscribe = absolute(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user_id)})
    )
    with translation.override(language):
        subject = _("[Poortwachter] Uw dagoverzicht")
        lead = ngettext(
            "Er staat %(count)s nieuwe melding voor u klaar in Poortwachter.",
            "Er staan %(count)s nieuwe meldingen voor u klaar in Poortwachter.",
            count,
        ) % {"count": count}
        body = _("{lead}\n\nLog in om ze te bekijken: {url}").format(
            lead=lead, url=absolute(reverse("notifications:list"))
        )
        stop = _(
            "Geen dagoverzicht meer ontvangen? Meld u af: {url}\n"
            "Wettelijk verplichte signalen (verlopen termijnen) blijven in het dagoverzicht komen."
        ).format(url=unsubscribe)
        return subject, f"{body}\n\n{_footer()}\n\n{stop}\n", unsubscribe


def _address(user: User) -> str | None:
    return user.email if user.is_active and user.email else None


def send_now(notification_ids: list[int]) -> int:
    """E-mail each of these notifications whose recipient wants it at once; the rest wait
    for the digest or stay in the app. Each is claimed (``emailed_at``) in the transaction
    that sends it, so a retried job sends nothing twice."""
    sent = 0
    rows = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
    notifications = list(rows.select_related("recipient").order_by("pk"))
    # One job carries every notification of an event (issue 21): their recipients'
    # preferences in one query; no row means the defaults (immediately, Dutch).
    chosen = {
        preference.user_id: preference
        for preference in Preference.objects.filter(
            user_id__in={n.recipient_id for n in notifications}
        )
    }
    connection = get_connection()
    for notification in notifications:
        preference = chosen.get(notification.recipient_id) or Preference(
            user_id=notification.recipient_id
        )
        address = _address(notification.recipient)
        if preference.delivery != Delivery.IMMEDIATE or address is None:
            continue
        with transaction.atomic():
            claimed = Notification.objects.filter(
                pk=notification.pk, emailed_at__isnull=True
            ).update(emailed_at=clock.now())
            if not claimed:
                continue
            subject, body = immediate_message(notification, preference.language)
            EmailMessage(subject, body, to=[address], connection=connection).send()
        sent += 1
    return sent


def _digest_cutoff(now: dt.datetime, hour: int) -> dt.datetime:
    local = timezone.localtime(now)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def _send_digest(preference: Preference, today: dt.date, now: dt.datetime) -> int:
    """One user's digest for ``today``; 0 when there is nothing or it went out already."""
    cutoff = _digest_cutoff(now, preference.digest_hour)
    items = Notification.objects.filter(
        recipient_id=preference.user_id, emailed_at__isnull=True,
        created_at__lt=cutoff, created_at__gte=cutoff - dt.timedelta(days=1),
    )  # fmt: skip
    if preference.delivery == Delivery.IN_APP:
        items = items.filter(kind__in=MANDATORY_KINDS)
    address = _address(preference.user)
    ids = list(items.values_list("pk", flat=True))
    if not ids or address is None:
        return 0
    try:
        with transaction.atomic():
            Digest.objects.create(
                user_id=preference.user_id, day=today, sent_at=now, notifications=len(ids)
            )
            Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)
            subject, body, unsubscribe = digest_message(
                len(ids), preference.user_id, preference.language
            )
            EmailMessage(
                subject, body, to=[address],
                headers={"List-Unsubscribe": f"<{unsubscribe}>",
                         "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
            ).send()  # fmt: skip
    except IntegrityError:
        return 0  # another run sent today's digest first
    return 1


def digest_run(day: dt.date) -> dict[str, Any]:
    """The hourly job: the digests due at this hour (or earlier today, if a run was
    missed), at most one per user per day (``Digest``)."""
    now = clock.now()
    local = timezone.localtime(now)
    today = local.date()
    due = (
        Preference.objects.filter(
            delivery__in=[Delivery.DIGEST, Delivery.IN_APP], digest_hour__lte=local.hour
        )
        .exclude(user__notification_digests__day=today)
        .select_related("user")
        .order_by("pk")
    )
    summary = {"digests": 0, "errors": 0}
    for preference in due.iterator():
        try:
            summary["digests"] += _send_digest(preference, today, now)
        except OSError:  # the mail server; the next hour's run tries again
            logger.warning("digest for user %s not sent", preference.user_id)
            summary["errors"] += 1
    return summary


#: Notifications and digest records older than this are deleted (data minimisation: who
#: was told of what, when, is itself a trace of an absence). The pages they point to keep
#: their own records under their own retention rules.
KEEP_DAYS = 365


def cleanup_run(day: dt.date) -> dict[str, Any]:
    """The daily job: delete notifications and digest records older than ``KEEP_DAYS``."""
    before = clock.now() - dt.timedelta(days=KEEP_DAYS)
    notifications, _by_model = Notification.objects.filter(created_at__lt=before).delete()
    digests, _by_model = Digest.objects.filter(sent_at__lt=before).delete()
    return {"notifications": notifications, "digests": digests}


DIGEST_JOB = Job("notification_digest", run=digest_run, order=90, every="hourly")
CLEANUP_JOB = Job("notification_cleanup", run=cleanup_run, order=95)
