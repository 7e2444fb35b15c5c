"""An organisation's team: inviting colleagues by email with a role, accepting, cancelling,
changing roles, removing people and leaving.

Every change keeps an owner: the organisation's row is locked while owners are counted, so
two owners demoting each other at the same moment cannot leave it with none. A refusal is a
`portal.refusals.Refusal` with one of the codes below.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.enums import Role
from portal.models import RoleGrant, User
from portal.outbox import queue_notification
from portal.refusals import Refusal

from ..enums import MemberRole
from ..models import Organisation, OrganisationMembership, TeamInvitation
from ..queries import role_in

LAST_OWNER = "last_owner"
NOT_OWNER = "not_owner"
ALREADY_MEMBER = "already_member"
ALREADY_INVITED = "already_invited"
OTHER_EMAIL = "other_email"
NOT_USABLE = "not_usable"


def _normalise(email: str) -> str:
    return email.strip().lower()


def _refuse_unless_owner(organisation: Organisation, by) -> None:
    if role_in(by, organisation) != MemberRole.OWNER:
        raise Refusal(_("Only an owner of the organisation manages its team."), code=NOT_OWNER)


def _lock(organisation: Organisation) -> None:
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _refuse_if_last_owner(membership: OrganisationMembership, message: str) -> None:
    """Refuse when `membership` is its organisation's only owner (the organisation locked)."""
    if membership.role != MemberRole.OWNER:
        return
    owners = OrganisationMembership.objects.filter(
        organisation_id=membership.organisation_id, role=MemberRole.OWNER
    )
    if not owners.exclude(pk=membership.pk).exists():
        raise Refusal(message, field="role", code=LAST_OWNER)


def join_url(invitation: TeamInvitation) -> str:
    return settings.SITE_URL.rstrip("/") + invitation.get_absolute_url()


@transaction.atomic
def invite_to_team(organisation: Organisation, *, email: str, role: str, by) -> TeamInvitation:
    """Invite `email` to join `organisation` as `role` (owner, editor or viewer).

    Side effects: a TeamInvitation valid for settings.INVITATION_VALID_DAYS, and a
    "team_invitation" message in the outbox with the link to accept: to the person's inbox
    and in their language when they have an account, else to the address in the inviter's
    language. Refuses (Refusal) anybody but an owner (NOT_OWNER), an address that is a
    member already (ALREADY_MEMBER) or has a pending invitation (ALREADY_INVITED), both on
    the email field.
    """
    _refuse_unless_owner(organisation, by)
    role = MemberRole(role)
    email = _normalise(email)
    if organisation.members.filter(email__iexact=email).exists():
        raise Refusal(
            _("%(email)s is already a member of the organisation.") % {"email": email},
            field="email",
            code=ALREADY_MEMBER,
        )
    if TeamInvitation.objects.pending().filter(organisation=organisation, email=email).exists():
        raise Refusal(
            _(
                "%(email)s has already been invited and has not answered yet. Cancel that "
                "invitation first to send a new one."
            )
            % {"email": email},
            field="email",
            code=ALREADY_INVITED,
        )
    invitation = TeamInvitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitee = User.objects.filter(email__iexact=email, is_active=True).first()
    queue_notification(
        kind="team_invitation",
        recipient=invitee,
        email=email,
        language=by.language,
        dedupe_key=f"team_invitation:{invitation.pk}",
        about=f"organisation:{organisation.pk}",
        link=invitation.get_absolute_url(),
        context={
            "invitation": invitation,
            "organisation": organisation,
            "inviter": by,
            "join_url": join_url(invitation),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )
    return invitation


@transaction.atomic
def cancel_team_invitation(invitation: TeamInvitation, *, by) -> TeamInvitation:
    """Cancel a pending invitation: its link stops working.

    Side effects: `cancelled_at`, written only while the invitation is still pending.
    Refuses anybody but an owner (NOT_OWNER) and an invitation accepted, cancelled or
    expired meanwhile (NOT_USABLE).
    """
    _refuse_unless_owner(invitation.organisation, by)
    now = timezone.now()
    cancelled = TeamInvitation.objects.pending().filter(pk=invitation.pk).update(cancelled_at=now)
    if not cancelled:
        raise Refusal(
            _("This invitation has already been accepted, cancelled or has expired."),
            code=NOT_USABLE,
        )
    invitation.cancelled_at = now
    return invitation


def invitation_refusal(invitation: TeamInvitation) -> Refusal:
    """Why the invitation's link no longer works, in the words the invitee reads."""
    if invitation.accepted_at is not None:
        message = _("This invitation has already been used.")
    elif invitation.cancelled_at is not None:
        message = _("This invitation was cancelled by the organisation.")
    else:
        message = _("This invitation has expired.")
    return Refusal(message, code=NOT_USABLE)


@transaction.atomic
def accept_team_invitation(invitation: TeamInvitation, *, user) -> OrganisationMembership:
    """Join the invitation's organisation as `user`, with the invited role.

    Side effects: `accepted_at` and `accepted_by`, claimed with a conditional update so that
    the link works once; a membership with the role, added by the inviter (a person who is a
    member already keeps the role they have); the applicant role when the person did not
    hold it, so that the organisation's proposals are on their dashboard. Refuses a `user`
    with another address (OTHER_EMAIL) and an invitation accepted, cancelled or expired
    (NOT_USABLE); nothing is saved then.
    """
    if _normalise(user.email) != invitation.email:
        raise Refusal(_("This invitation is for another email address."), code=OTHER_EMAIL)
    now = timezone.now()
    claimed = (
        TeamInvitation.objects.pending()
        .filter(pk=invitation.pk)
        .update(accepted_at=now, accepted_by=user)
    )
    if not claimed:
        invitation.refresh_from_db()
        raise invitation_refusal(invitation)
    invitation.accepted_at, invitation.accepted_by = now, user
    membership, _created = OrganisationMembership.objects.get_or_create(
        organisation=invitation.organisation,
        user=user,
        defaults={"role": invitation.role, "added_by": invitation.invited_by, "added_at": now},
    )
    RoleGrant.objects.get_or_create(
        user=user, role=Role.APPLICANT, defaults={"granted_by_id": invitation.invited_by_id}
    )
    user.__dict__.pop("roles", None)  # the cached roles (portal.models.User.roles)
    return membership


@transaction.atomic
def change_member_role(membership: OrganisationMembership, *, role: str, by):
    """Give a member another role.

    Side effects: the membership's role. Refuses anybody but an owner (NOT_OWNER), and
    making the only owner an editor or viewer (LAST_OWNER, on the role field).
    """
    _refuse_unless_owner(membership.organisation, by)
    role = MemberRole(role)
    _lock(membership.organisation)
    membership.refresh_from_db()
    if role != MemberRole.OWNER:
        _refuse_if_last_owner(
            membership,
            _(
                "The organisation must keep an owner: make another member an owner first, "
                "then change this role."
            ),
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(membership: OrganisationMembership, *, by) -> None:
    """Take a person out of the organisation: they no longer see its proposals.

    Side effects: the membership is deleted. Refuses anybody but an owner (NOT_OWNER), and
    removing the only owner (LAST_OWNER).
    """
    _refuse_unless_owner(membership.organisation, by)
    _lock(membership.organisation)
    _refuse_if_last_owner(
        membership,
        _(
            "The organisation must keep an owner: make another member an owner before "
            "removing this one."
        ),
    )
    membership.delete()


@transaction.atomic
def leave_organisation(organisation: Organisation, *, user) -> None:
    """`user` leaves `organisation`: they no longer see its proposals.

    Side effects: their membership is deleted. Refuses the only owner (LAST_OWNER): they
    make another member an owner first.
    """
    _lock(organisation)
    membership = OrganisationMembership.objects.filter(organisation=organisation, user=user).first()
    if membership is None:
        return
    _refuse_if_last_owner(
        membership,
        _("You are the organisation's only owner: make another member an owner before you leave."),
    )
    membership.delete()
