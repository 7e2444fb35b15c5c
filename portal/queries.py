"""Reads about people that more than one view, panel or service needs."""

from allauth.account.models import EmailAddress
from django.db.models import Count, QuerySet

from .enums import ROLE_PRIORITY, Role
from .models import Invitation, Notification, RoleGrant, User
from .outbox_scope import messages_answered_for_by
from .rules import is_administrator, is_officer


def email_is_registered(email: str) -> bool:
    """Whether an account uses this address, in any letter case."""
    return User.objects.filter(email__iexact=email.strip()).exists()


def user_with_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def email_is_verified(user) -> bool:
    """Whether the person followed the verification link sent to their address (allauth)."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def invitations_visible_to(user) -> QuerySet[Invitation]:
    """Administrators see every invitation, officers the ones they sent, others none."""
    invitations = Invitation.objects.select_related("invited_by", "accepted_by")
    if is_administrator(user):
        return invitations
    if is_officer(user):
        return invitations.filter(invited_by=user)
    return invitations.none()


def outbox_visible_to(user) -> QuerySet[Notification]:
    """Administrators see every message; officers those of the calls they run and of the
    invitations they sent (portal.outbox_scope); others none."""
    if is_administrator(user):
        return Notification.objects.all()
    if is_officer(user):
        return messages_answered_for_by(user)
    return Notification.objects.none()


def has_pending_invitation(email: str, role: str) -> bool:
    return Invitation.objects.pending().filter(email__iexact=email.strip(), role=role).exists()


def role_counts() -> list[tuple[Role, int]]:
    """Active people per role, in the order of ROLE_PRIORITY, roles nobody holds included."""
    counts = dict(
        RoleGrant.objects.filter(user__is_active=True)
        .values_list("role")
        .annotate(people=Count("user", distinct=True))
        .order_by()
    )
    return [(Role(role), counts.get(role, 0)) for role in ROLE_PRIORITY]
