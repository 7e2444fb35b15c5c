"""The in-app inbox: every notification a person was sent, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from portal.models import Notification
from portal.outbox import mark_read


@login_required
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user).only(
        "kind", "subject", "body_text", "link", "created_at", "read_at"
    )
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    return render(request, "portal/inbox.html", {"page": page})


@login_required
def notification_open(request, pk: int):
    # Somebody else's notification is a 404: its existence must not leak.
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("portal:inbox")


@login_required
@require_POST
def inbox_read_all(request):
    mark_read(request.user)
    return redirect("portal:inbox")
