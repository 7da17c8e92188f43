"""Notifications: "there is something for you" and where it is (issue 19).

A notification stores who it is for, what kind of event it signals and the path of the
page it is about; never a name, a date of absence or anything of the case (R-AUTHZ-1).
The list shows a generic label per kind; the details appear only after following the
link, on pages that apply their own policies. E-mails carry even less: no kind, only
that there is something and a link to the notification itself (``delivery``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from poortwachter.core.models import TimeStampedModel


class Kind(models.TextChoices):
    SICK_REPORT = "sick_report", _("Nieuwe ziekmelding")
    SICK_REPORT_RECEIVED = "sick_report_received", _("Uw ziekmelding is ontvangen")
    RECOVERY = "recovery", _("Herstelmelding")
    TASK_DUE_SOON = "task_due_soon", _("Een taak verloopt binnenkort")
    TASK_OVERDUE = "task_overdue", _("De termijn van een taak is verstreken")
    DEADLINE_PASSED = "deadline_passed", _("Een wettelijke termijn is verstreken")
    ADVICE_PUBLISHED = "advice_published", _("Nieuw advies van de bedrijfsarts")
    PLAN_TO_SIGN = "plan_to_sign", _("Plan van aanpak wacht op uw reactie en ondertekening")
    EMERGENCY_INFO_WITHDRAWN = "emergency_info_withdrawn", _("Noodinformatie ingetrokken")
    CONSULTATION = "consultation", _("Afspraak spreekuur gepland, verzet of afgezegd")
    #: HR hears that the employee did not attend (a fact HR may act on), never why.
    CONSULTATION_NO_SHOW = "consultation_no_show", _("Werknemer niet verschenen op het spreekuur")
    #: The doctor hears that the employee confirmed or asked for another time (issue 19).
    CONSULTATION_ANSWERED = (
        "consultation_answered",
        _("Reactie op een uitnodiging voor het spreekuur"),
    )
    #: The employee reads the note of a conversation about them and may react to it.
    CONVERSATION_NOTE = "conversation_note", _("Nieuw gespreksverslag, u kunt erop reageren")
    #: Four eyes on medical roles (R-ACC-1): the second person hears that a request
    #: waits, the requester that it was decided; never for whom or which role.
    ROLE_REQUEST = "role_request", _("Een aanvraag (vier ogen) wacht op een besluit")
    ROLE_REQUEST_DECIDED = "role_request_decided", _("Er is besloten over uw aanvraag")


#: Legally required signals (overdue Poortwachter steps): always in the app, and by
#: e-mail at least in the daily digest, whatever the user chose (docs/notifications.md).
MANDATORY_KINDS = frozenset({Kind.TASK_OVERDUE, Kind.DEADLINE_PASSED})


#: A path inside the product, at most this long.
LINK_MAX = 300


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("soort"), max_length=32, choices=Kind.choices)
    #: A path inside the product ("/verzuim/..."), never an outside address.
    link = models.CharField(max_length=LINK_MAX)
    created_at = models.DateTimeField(_("gemaakt op"))
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [
            # The header's count: one index range per user.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_newest"),
            models.Index(fields=["emailed_at", "created_at"], name="notification_to_mail"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(link__startswith="/"), name="notification_local_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_mandatory(self) -> bool:
        return self.kind in MANDATORY_KINDS


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Direct per e-mail")
    DIGEST = "digest", _("Eén keer per dag een overzicht per e-mail")
    IN_APP = "in_app", _("Alleen in Poortwachter, geen e-mail")


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")


DEFAULT_DIGEST_HOUR = 8


class Preference(TimeStampedModel):
    """How a user hears of notifications. No row: immediately, in Dutch (or the language
    picked in the header), digest at 8."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(
        _("e-mail"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("uur van het dagoverzicht"), default=DEFAULT_DIGEST_HOUR
    )
    language = models.CharField(
        _("taal van de e-mails"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    #: Chosen on the preferences page. Until then the e-mails follow the language the user
    #: last picked in the header (``services.language_follow``, issue 19).
    language_chosen = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__gte=0, digest_hour__lte=23), name="preference_hour_0_23"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.delivery}"


class Digest(models.Model):
    """One row per user and day the digest went out: the claim that makes it once a day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    day = models.DateField()
    sent_at = models.DateTimeField()
    notifications = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
