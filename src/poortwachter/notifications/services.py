"""Writing notifications: made by the services of the apps where events happen, in the
transaction of the event itself (both or neither); read-marking and preferences by the
user. No e-mail is sent here: ``notify`` queues a job (``tasks.deliver``), stored in the
same transaction with the database backend, and the worker sends it (``delivery``)."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from poortwachter.core import clock
from poortwachter.core.actor import Actor
from poortwachter.core.errors import Forbidden, field_errors
from poortwachter.notifications import delivery, tasks
from poortwachter.notifications.models import (
    LINK_MAX,
    Delivery,
    Kind,
    Language,
    Notification,
    Preference,
)
from poortwachter.notifications.policies import can_use_notifications, notifications_visible_to

#: One notice of an event: who hears of it (user ids), its kind and the path it links to.
Notice = tuple[Iterable[int], str, str]


def _checked(kind: str, link: str) -> None:
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    if not link.startswith("/") or link.startswith("//") or len(link) > LINK_MAX:
        raise ValueError("a notification links to a path of the product")


def notify_many(notices: Iterable[Notice]) -> list[Notification]:
    """All notifications of one event, inside the caller's transaction: one INSERT for
    every recipient of every notice and ONE ``deliver`` job for them all (issue 21), which
    e-mails each as its recipient chose (immediately, in the digest or not at all).
    ``(recipients, kind, link)`` per notice; ``link`` is a path of the product, the page
    behind it applies its own policy."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify() runs inside the transaction of the event it signals")
    now = clock.now()
    rows: list[Notification] = []
    for recipients, kind, link in notices:
        _checked(kind, link)
        rows += [
            Notification(recipient_id=user_id, kind=kind, link=link, created_at=now)
            for user_id in sorted(set(recipients))
        ]
    if not rows:
        return []
    created = Notification.objects.bulk_create(rows)
    tasks.deliver.enqueue([row.pk for row in created])
    return created


def notify(*, recipients: Iterable[int], kind: str, link: str) -> list[Notification]:
    """One notification per recipient (user id), made inside the caller's transaction;
    several kinds for one event: ``notify_many``."""
    return notify_many([(recipients, kind, link)])


@transaction.atomic
def mark_read(*, actor: Actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.user_id:
        raise Forbidden
    if notification.read_at is None:
        notification.read_at = clock.now()
        notifications_visible_to(actor).filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, actor: Actor) -> int:
    if not can_use_notifications(actor):
        raise Forbidden
    return notifications_visible_to(actor).filter(read_at__isnull=True).update(read_at=clock.now())


@transaction.atomic
def preference_set(
    *, actor: Actor, delivery: str, digest_hour: int, language: str
) -> Preference:  # fmt: skip
    if not can_use_notifications(actor) or actor.user_id is None:
        raise Forbidden
    if delivery not in Delivery.values:
        raise field_errors(delivery=_("Kies hoe u meldingen wilt ontvangen."))
    if not 0 <= digest_hour <= 23:
        raise field_errors(digest_hour=_("Kies een uur van 0 tot en met 23."))
    if language not in Language.values:
        raise field_errors(language=_("Kies Nederlands of Engels."))
    preference, _created = Preference.objects.update_or_create(
        user_id=actor.user_id,
        defaults={"delivery": delivery, "digest_hour": digest_hour, "language": language,
                  "language_chosen": True},
    )  # fmt: skip
    return preference


@transaction.atomic
def language_follow(*, user_id: int, language: str) -> None:
    """The user picked a language in the header: their e-mails follow it, unless they
    chose the language of their e-mails on the preferences page (issue 19: Dutch and
    English by the user's language)."""
    if language not in Language.values:
        return
    preference, created = Preference.objects.select_for_update().get_or_create(
        user_id=user_id, defaults={"language": language}
    )
    if not created and not preference.language_chosen and preference.language != language:
        preference.language = language
        preference.save(update_fields=["language", "updated_at"])


@transaction.atomic
def unsubscribe(*, token: str) -> bool:
    """The digest's one-click unsubscribe (RFC 8058): no more e-mail but the legally
    required signals, which still come in the digest. ``False`` for a bad token."""
    user_id = delivery.unsubscribe_user_id(token)
    if user_id is None:
        return False
    Preference.objects.update_or_create(user_id=user_id, defaults={"delivery": Delivery.IN_APP})
    return True
