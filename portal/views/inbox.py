"""The in-app inbox: every notification a person was sent, newest first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import Load, guard, load
from portal.enums import NotificationState
from portal.models import Notification
from portal.outbox import mark_read, retry_notification
from portal.queries import outbox_visible_to
from portal.rules import is_administrator


@guard()  # any signed-in person: their own inbox
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user).only(
        "kind", "subject", "body_text", "link", "created_at", "read_at"
    )
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    return render(request, "portal/inbox.html", {"page": page})


# Somebody else's notification is a 404: its existence must not leak.
@guard("portal.open_notification", load=Load(Notification, pk="pk"))
def notification_open(request, notification):
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("portal:inbox")


@guard()  # any signed-in person: their own inbox
@require_POST
def inbox_read_all(request):
    mark_read(request.user)
    return redirect("portal:inbox")


@guard("portal.manage_outbox")
def outbox(request):
    """Officers see the messages of the calls they run (administrators all of them), those
    that could not be delivered first, and send them again."""
    state = request.GET.get("state", NotificationState.FAILED)
    if state not in NotificationState.values:
        state = NotificationState.FAILED
    visible = outbox_visible_to(request.user)
    rows = visible.filter(state=state).only(
        "kind", "email", "subject", "state", "attempts", "last_error", "created_at"
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    counts = dict(visible.values_list("state").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "portal/outbox.html",
        {
            "page": page,
            "state": state,
            "states": [(v, label, counts.get(v, 0)) for v, label in NotificationState.choices],
            "sees_everything": is_administrator(request.user),
        },
    )


# Anonymous people log in first, then anything but a POST is refused (405), then the
# permission (403) before any row is looked up: the outbox is no business of other people.
# An officer's outbox holds the messages of the calls they run: another call's is a 404.
@login_required
@require_POST
@guard("portal.manage_outbox")
def outbox_retry(request, pk: int):
    notification = load(request.user, Notification, perm="portal.resend_notification", pk=pk)
    if retry_notification(notification):
        messages.success(request, _("The message will be sent again."))
    else:
        messages.info(request, _("This message had not failed; nothing was done."))
    return redirect(f"{reverse('portal:outbox')}?state=failed")
