"""Who holds which role: the predicates every app builds its permissions on."""

import rules

from .enums import ROLE_PRIORITY, Role
from .outbox_scope import messages_answered_for_by


def _holds(role: str):
    @rules.predicate(name=f"holds_{role}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.has_role(role))

    return predicate


is_applicant = _holds(Role.APPLICANT)
is_officer = _holds(Role.OFFICER)
is_reviewer = _holds(Role.REVIEWER)
is_committee_member = _holds(Role.COMMITTEE)
is_administrator = _holds(Role.ADMINISTRATOR)


# Each role's predicate, for code that goes through the roles (the dashboard switcher).
HOLDS_ROLE = {
    Role.APPLICANT: is_applicant,
    Role.OFFICER: is_officer,
    Role.REVIEWER: is_reviewer,
    Role.COMMITTEE: is_committee_member,
    Role.ADMINISTRATOR: is_administrator,
}


def roles_held(user) -> list[Role]:
    """The roles `user` holds, in the order of ROLE_PRIORITY; none for anonymous people."""
    return [role for role in ROLE_PRIORITY if HOLDS_ROLE[role](user)]


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_staff_member(user) -> bool:
    """Program officers and administrators: the people who run calls."""
    return bool(is_officer(user) or is_administrator(user))


@rules.predicate
def is_own_dashboard(user, role) -> bool:
    return bool(is_signed_in(user) and user.has_role(role))


@rules.predicate
def is_portal_role(user, role) -> bool:
    """One of the portal's roles (their dashboards are no secret), not a made-up name."""
    return role in Role.values


@rules.predicate
def is_notification_recipient(user, notification) -> bool:
    return bool(
        notification is not None
        and getattr(user, "pk", None)
        and notification.recipient_id == user.pk
    )


@rules.predicate
def answers_for_message(user, notification) -> bool:
    """A message of a call `user` runs, or of an invitation they sent (the same query as the
    outbox's list, so the list and the resend button always agree)."""
    return bool(
        notification is not None
        and messages_answered_for_by(user).filter(pk=notification.pk).exists()
    )


@rules.predicate
def is_invitation_sender(user, invitation) -> bool:
    return bool(
        invitation is not None and getattr(user, "pk", None) and invitation.invited_by_id == user.pk
    )


@rules.predicate
def is_invitee(user, invitation) -> bool:
    """Signed in with the email address the invitation was sent to."""
    return bool(
        invitation is not None
        and is_signed_in(user)
        and user.email.lower() == invitation.email.lower()
    )


@rules.predicate
def is_usable_invitation(user, invitation) -> bool:
    return bool(invitation is not None and invitation.is_usable)


@rules.predicate
def is_accepted_invitation(user, invitation) -> bool:
    return bool(invitation is not None and invitation.accepted_at is not None)


rules.add_perm("portal.invite_people", is_officer | is_administrator)
rules.add_perm("portal.see_dashboard", is_signed_in & is_portal_role)
rules.add_perm("portal.view_dashboard", is_own_dashboard)
rules.add_perm("portal.view_people", is_administrator)
# A notification is its recipient's: to anybody else it does not exist.
rules.add_perm("portal.open_notification", is_signed_in & is_notification_recipient)
# Administrators see every invitation, officers those they sent (as invitations_visible_to).
rules.add_perm("portal.view_invitation", (is_officer & is_invitation_sender) | is_administrator)
# Officers resend their own invitations; administrators any. An accepted one is done with, but
# an expired one may be resent: that is what resending is for.
rules.add_perm(
    "portal.resend_invitation",
    ((is_officer & is_invitation_sender) | is_administrator) & ~is_accepted_invitation,
)
rules.add_perm("portal.accept_invitation", is_invitee & is_usable_invitation)
# The outbox page: officers and administrators. Which messages it lists and which of them may
# be sent again: every one for administrators, for an officer those of the calls they run
# and of the invitations they sent; any other message does not exist for them (404).
rules.add_perm("portal.manage_outbox", is_officer | is_administrator)
rules.add_perm("portal.resend_notification", is_administrator | (is_officer & answers_for_message))


@rules.predicate
def is_export_owner(user, export) -> bool:
    return bool(export is not None and getattr(user, "pk", None) and export.user_id == user.pk)


# PDPA rights: every signed-in person over their own data. A copy of someone's data exists
# for them alone: to anybody else it does not exist (404).
rules.add_perm("portal.manage_privacy", is_signed_in)
rules.add_perm("portal.request_data_export", is_signed_in)
rules.add_perm("portal.download_data_export", is_signed_in & is_export_owner)
rules.add_perm("portal.erase_account", is_signed_in)
