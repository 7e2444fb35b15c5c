"""Whose messages: the part of the outbox an officer answers for.

An officer answers for the messages of the calls they run and for the invitations they sent.
(Administrators answer for every message: `portal.queries.outbox_visible_to` and the
"portal.resend_notification" permission add them on top of this.)

The portal knows nothing of calls: a message keeps its call's id (`Notification.call_ref`,
given by `queue_notification(call=...)`), and the app that owns calls says which calls a person
runs, by registering a function from its AppConfig.ready(), as it registers its dashboard
panels (portal.panels):

    register_calls_run_by(call_ids_run_by)   # user -> the ids of the calls they run

Without a registered function an officer answers for no call's messages: the outbox stays
closed rather than open to all.
"""

from collections.abc import Callable

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from .models import Invitation, Notification

_CALLS_RUN_BY: list[Callable] = []


def register_calls_run_by(call_ids: Callable) -> None:
    """`call_ids(user)`: the ids of the calls `user` runs (a queryset of ids or a list)."""
    if call_ids not in _CALLS_RUN_BY:  # ready() can run more than once (tests, autoreload)
        _CALLS_RUN_BY.append(call_ids)


def _invitations_sent_by(user) -> QuerySet:
    """The `about` of the messages inviting people `user` invited ("invitation:<id>")."""
    return (
        Invitation.objects.filter(invited_by=user)
        .annotate(ref=Concat(Value("invitation:"), Cast("pk", CharField())))
        .values("ref")
    )


def messages_answered_for_by(user) -> QuerySet[Notification]:
    """The messages of the calls `user` runs, and of the invitations they sent."""
    if not getattr(user, "pk", None):
        return Notification.objects.none()
    condition = Q(call_ref__isnull=True, about__in=_invitations_sent_by(user))
    for call_ids in _CALLS_RUN_BY:
        condition |= Q(call_ref__in=call_ids(user))
    return Notification.objects.filter(condition)
