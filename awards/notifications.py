"""The messages of a grant's life, each an outbox row (portal.outbox), rendered in the
recipient's language; templates in templates/notifications/<kind>_*.txt."""

from portal.outbox import queue_notification

from .models import Grant


def grantee_members(grant: Grant):
    return grant.organisation.members.filter(is_active=True)


def notify_grantee(grant: Grant, kind: str, key: str, *, link: str = "", **context) -> None:
    """`kind` to every member of the grantee organisation, once per `key` and member."""
    for member in grantee_members(grant):
        queue_notification(
            kind=kind,
            recipient=member,
            dedupe_key=f"{key}:{member.pk}",
            about=f"grant:{grant.pk}",
            call=grant.call,
            link=link or grant.get_absolute_url(),
            context={"grant": grant, **context},
        )


def notify_officer(grant: Grant, kind: str, key: str, *, officer=None, link: str = "", **context):
    """`kind` to the officer in charge of `grant` (or `officer`), once per `key`."""
    officer = officer or grant.officer
    if officer is None or not officer.is_active:
        return
    queue_notification(
        kind=kind,
        recipient=officer,
        dedupe_key=f"{key}:{officer.pk}",
        about=f"grant:{grant.pk}",
        call=grant.call,
        link=link or grant.get_absolute_url(),
        context={"grant": grant, **context},
    )
