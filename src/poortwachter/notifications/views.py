"""The notification centre and the user's notification preferences (issue 19)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from poortwachter.core.access import actor_required
from poortwachter.core.errors import ServiceError
from poortwachter.core.forms import add_service_error
from poortwachter.core.pages import PageRequest
from poortwachter.notifications import delivery, forms, policies, selectors, services
from poortwachter.notifications.models import Language

PAGE_SIZE = 25


@require_GET
@actor_required(policies.can_use_notifications)
def notification_list(request, *, actor):
    unread_only = request.GET.get("filter") == "ongelezen"
    page = selectors.notification_page(
        actor=actor, page=PageRequest(number=request.GET.get("page"), size=PAGE_SIZE),
        unread_only=unread_only,
    )  # fmt: skip
    return render(request, "notifications/list.html", {"page": page, "unread_only": unread_only})


@require_GET
@actor_required(policies.can_use_notifications)
def notification_open(request, notification_id, *, actor):
    """Where an e-mail's link goes: after sign-in, on to the page the notification is
    about. Only one's own notifications; reading does not mark it read (a POST does)."""
    notification = policies.get_notification_for(actor, notification_id)
    if not url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        raise Http404
    return redirect(notification.link)


@require_POST
@actor_required(policies.can_use_notifications)
def notification_read(request, notification_id, *, actor):
    notification = policies.get_notification_for(actor, notification_id)
    services.mark_read(actor=actor, notification=notification)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts=None
    ):
        return redirect(notification.link)
    return redirect("notifications:list")


@require_POST
@actor_required(policies.can_use_notifications)
def notification_read_all(request, *, actor):
    count = services.mark_all_read(actor=actor)
    if count:
        messages.success(request, _("Alle meldingen zijn als gelezen gemarkeerd."))
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@actor_required(policies.can_use_notifications)
def preferences(request, *, actor):
    current = selectors.preference_get(actor=actor)
    form = forms.PreferenceForm(
        request.POST or None,
        initial={
            "delivery": current.delivery, "digest_hour": current.digest_hour,
            # Never chosen: the language the user is reading this page in.
            "language": current.language if current.pk else _page_language(),
        },
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(actor=actor, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Uw voorkeuren voor meldingen zijn opgeslagen."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def _page_language() -> str:
    language = (get_language() or "nl")[:2]
    return language if language in Language.values else Language.DUTCH


def language_set(request):
    """Django's language switch (``set_language``); a signed-in user's e-mails follow
    the language picked here until they choose one on the preferences page (issue 19)."""
    response = set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if request.user.is_authenticated and language and check_for_language(language):
        services.language_follow(user_id=request.user.pk, language=language[:2])
    return response


# RFC 8058 one-click: the mail client POSTs without a session or CSRF cookie; the
# signed token in the path is the authority, and all it can do is switch e-mail off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The digest's unsubscribe link: GET asks to confirm, POST (the page's button, or a
    mail client's one-click) switches the e-mail off. No sign-in needed."""
    if delivery.unsubscribe_user_id(token) is None:
        raise Http404
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "notifications/unsubscribed.html")
    return render(request, "notifications/unsubscribe.html", {"token": token})
