"""People: users with their roles, and invitations."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from portal import two_factor
from portal.enums import Role
from portal.models import Invitation, RoleGrant, User

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the authenticator app of officers and the like


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"สมชาย ใจดี {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        grant_roles(self, create, extracted or [])


def grant_roles(user: User, create: bool, roles) -> None:
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    user.__dict__.pop("roles", None)  # forget the cached roles
    if create:
        user.save()
        # A verified address, as after following the sign-up link; the roles that must have
        # a second factor have an authenticator app (its secret: TOTP_SECRET).
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if two_factor.is_required_of(user):
            two_factor.enrol_totp(user, TOTP_SECRET)
        user.__dict__.pop("roles", None)  # as before: the roles are read when first asked


def user_with(*roles: str, **kwargs) -> User:
    return UserFactory(roles=list(roles), **kwargs)


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation saved directly (no email sent): pending for two weeks, unless
    `expired=True` or `accepted=True`."""

    class Meta:
        model = Invitation

    class Params:
        expired = False
        accepted = False

    email = "expert@example.org"
    role = Role.REVIEWER
    invited_by = factory.SubFactory(UserFactory, roles=[Role.OFFICER])
    expires_at = factory.LazyAttribute(
        lambda o: timezone.now() + timedelta(days=-1 if o.expired else 14)
    )
    accepted_at = factory.LazyAttribute(lambda o: timezone.now() if o.accepted else None)


# Every kind of notification the portal sends (templates/notifications/<kind>_*.txt).
NOTIFICATION_KINDS = [
    "proposal_submitted",
    "proposal_withdrawn",
    "information_requested",
    "extension_granted",
    "draft_reminder",
    "deadline_changed",
    "new_call",
    "invitation",
    "panel_invitation",
    "reviewer_assigned",
    "conflict_declared",
    "review_reminder",
    "officer_digest",
    "result",
    "appeal_lodged",
    "appeal_decided",
]
