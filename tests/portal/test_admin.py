"""The Django admin for people: every page loads, filters and the read-only consent."""

import pytest
from django.urls import reverse

from portal.enums import Role
from portal.models import Consent, User
from tests.factories import user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_invitation):
    applicant = user_with(Role.APPLICANT, email="applicant@example.org", full_name="สมศรี")
    Consent.objects.create(user=applicant, notice_version="2026-11")
    reviewer = user_with(Role.REVIEWER, email="reviewer@example.org", full_name="ดร.วิชัย")
    make_invitation(email="pending@example.org")
    make_invitation(email="expired@example.org", expired=True)
    make_invitation(email="accepted@example.org", accepted=True)
    return {"applicant": applicant, "reviewer": reviewer}


def listed(response) -> list:
    return list(response.context["cl"].result_list)


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("model", "expected_rows"),
    [("user", 4), ("rolegrant", 4), ("consent", 1), ("invitation", 3)],
)
def test_each_changelist_loads_for_a_superuser(admin_client, model, expected_rows):
    # Users: the admin, applicant, reviewer and the officer who sent the invitations.
    response = admin_client.get(reverse(f"admin:portal_{model}_changelist"))

    assert response.status_code == 200
    assert len(listed(response)) == expected_rows


def test_the_user_list_shows_roles_and_filters_by_role(admin_client, people):
    response = admin_client.get(reverse("admin:portal_user_changelist"), {"role": "reviewer"})

    assert [user.email for user in listed(response)] == ["reviewer@example.org"]
    assert str(Role.REVIEWER.label) in response.content.decode()  # ผู้ทรงคุณวุฒิ in Thai


def test_the_user_list_searches_email_and_name(admin_client, people):
    by_name = admin_client.get(reverse("admin:portal_user_changelist"), {"q": "วิชัย"})
    by_email = admin_client.get(reverse("admin:portal_user_changelist"), {"q": "applicant@"})

    assert [user.email for user in listed(by_name)] == ["reviewer@example.org"]
    assert [user.email for user in listed(by_email)] == ["applicant@example.org"]


@pytest.mark.parametrize(
    ("status", "email"),
    [
        ("pending", "pending@example.org"),
        ("expired", "expired@example.org"),
        ("accepted", "accepted@example.org"),
    ],
)
def test_the_invitation_list_filters_by_status(admin_client, people, status, email):
    response = admin_client.get(reverse("admin:portal_invitation_changelist"), {"status": status})

    assert [invitation.email for invitation in listed(response)] == [email]


def test_the_user_page_shows_roles_and_read_only_consents(admin_client, people):
    applicant = people["applicant"]

    response = admin_client.get(reverse("admin:portal_user_change", args=[applicant.pk]))

    assert response.status_code == 200
    inline_models = [formset.opts.model for formset in response.context["inline_admin_formsets"]]
    assert [model.__name__ for model in inline_models] == ["RoleGrant", "Consent"]
    consent_formset = response.context["inline_admin_formsets"][1]
    assert consent_formset.has_change_permission is False
    assert consent_formset.has_add_permission is False


def test_a_user_added_in_the_admin_logs_in_by_email(admin_client):
    response = admin_client.post(
        reverse("admin:portal_user_add"),
        {
            "email": "New.Officer@Example.org",
            "full_name": "เจ้าหน้าที่ใหม่",
            "language": "th",
            "usable_password": "true",
            "password1": "kaeng-khiao-wan-2569",
            "password2": "kaeng-khiao-wan-2569",
            "role_grants-TOTAL_FORMS": "1",
            "role_grants-INITIAL_FORMS": "0",
            "role_grants-0-role": Role.OFFICER,
            "consents-TOTAL_FORMS": "0",
            "consents-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.officer@example.org")
    assert user.roles == {Role.OFFICER}
    admin = User.objects.get(email="admin@example.com")
    assert list(user.role_grants.values_list("granted_by", flat=True)) == [admin.pk]


def test_consents_cannot_be_added_or_changed_in_the_admin(admin_client, people):
    consent = Consent.objects.get()

    add = admin_client.get(reverse("admin:portal_consent_add"))
    change = admin_client.post(
        reverse("admin:portal_consent_change", args=[consent.pk]), {"notice_version": "forged"}
    )

    assert add.status_code == 403
    consent.refresh_from_db()
    assert consent.notice_version == "2026-11"
    assert change.status_code == 403


def test_invitations_are_not_added_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:portal_invitation_add"))
    assert response.status_code == 403
