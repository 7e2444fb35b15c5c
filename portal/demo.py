"""Demo people, one per role, for `manage.py seed_demo`."""

from django.db import transaction

from .enums import Role
from .models import Consent, RoleGrant, User

DEMO_PASSWORD = "nia-demo-2026"  # noqa: S105 - published demo login, demo data only
# The demo's authenticator app: officers, committee members and administrators must give a
# second factor (portal.two_factor). Add this secret to an authenticator app (or run
# `oathtool --totp -b <secret>`) to log in as them; published with the demo logins.
DEMO_TOTP_SECRET = "NIADEMOTWOFACTORNIADEMOTWOFACTOR"  # noqa: S105 - published, demo data only

DEMO_USERS = [
    ("admin@example.org", "ผู้ดูแลระบบ สาธิต", [Role.ADMINISTRATOR]),
    ("officer@example.org", "วิไลวรรณ เจ้าหน้าที่โครงการ", [Role.OFFICER]),
    ("reviewer@example.org", "ดร.สมศักดิ์ ผู้ทรงคุณวุฒิ", [Role.REVIEWER]),
    ("committee@example.org", "ศ.ประภา กรรมการ", [Role.COMMITTEE]),
    ("applicant@example.org", "มานี รักชุมชน", [Role.APPLICANT]),
]


@transaction.atomic
def seed_users(*, notice_version: str) -> dict[str, User]:
    """Create (or keep) one demo user per role; returns them by role."""
    people = {}
    for email, full_name, roles in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"full_name": full_name, "is_staff": Role.ADMINISTRATOR in roles},
        )
        if created:
            user.is_superuser = Role.ADMINISTRATOR in roles
            user.set_password(DEMO_PASSWORD)
            user.save()
            Consent.objects.create(user=user, notice_version=notice_version)
        for role in roles:
            RoleGrant.objects.get_or_create(user=user, role=role)
            people[role] = user
    return people


@transaction.atomic
def seed_accounts() -> int:
    """Every demo person's address verified, and the demo authenticator app's secret for
    those who need a second factor. Returns how many were enrolled now."""
    from allauth.account.models import EmailAddress

    from . import two_factor

    enrolled = 0
    for user in User.objects.filter(email__endswith="@example.org"):
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if two_factor.is_required_of(user) and not two_factor.has_second_factor(user):
            two_factor.enrol_totp(user, DEMO_TOTP_SECRET)
            enrolled += 1
    return enrolled
