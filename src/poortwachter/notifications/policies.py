"""Who sees which notifications: every signed-in user their own, nobody anyone else's.

There is no role that reads another user's notifications, not HR, not an administrator:
they hold only a kind and a link, but who is told what, and when, is itself a trace of
an absence (issue 19). What a notification points to is guarded by that page's own
policy, so following the link shows only what the reader may see anyway.
"""

from django.db.models import QuerySet

from poortwachter.core.actor import Actor
from poortwachter.core.errors import NotFound
from poortwachter.notifications.models import Notification


def can_use_notifications(actor: Actor) -> bool:
    """The notification centre and one's own preferences: any signed-in user."""
    return actor.user_id is not None


def notifications_visible_to(actor: Actor) -> QuerySet[Notification]:
    if actor.user_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=actor.user_id)


def get_notification_for(actor: Actor, notification_id: int) -> Notification:
    """One of the actor's own notifications; 404 for anyone else's (never revealed)."""
    notification = notifications_visible_to(actor).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound
    return notification
