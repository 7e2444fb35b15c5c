"""Demo people, one per role, for `manage.py seed_demo`."""

from django.db import transaction

from .enums import Role
from .models import Consent, RoleGrant, User

DEMO_PASSWORD = "nia-demo-2026"  # noqa: S105 - published demo login, demo data only

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
