"""portal.services: sign-up, profile, invitations."""

import smtplib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext

from portal import services
from portal.enums import Role
from portal.models import Consent, Invitation, RoleGrant, User
from portal.refusals import Refusal
from tests.factories import PASSWORD, user_with

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok

pytestmark = pytest.mark.django_db


def register(**overrides) -> User:
    fields = {
        "email": "Somsri@Example.org",
        "full_name": "สมศรี รักชุมชน",
        "password": PASSWORD,
        "language": "en",
    }
    return services.register_applicant(**(fields | overrides))


@time_machine.travel(NOW, tick=False)
def test_register_applicant_creates_the_applicant_with_consent_to_the_current_notice(settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"

    user = register()

    assert user.email == "somsri@example.org"
    assert user.full_name == "สมศรี รักชุมชน"
    assert user.language == "en"
    assert user.check_password(PASSWORD)
    assert user.roles == {Role.APPLICANT}
    assert list(user.consents.values_list("notice_version", "given_at")) == [("2026-11", NOW)]


def test_register_applicant_refuses_an_address_taken_in_another_letter_case():
    user_with(Role.REVIEWER, email="somsri@example.org")

    with pytest.raises(Refusal) as refusal:
        register(email="SOMSRI@example.ORG")

    assert refusal.value.code == services.EMAIL_TAKEN
    assert refusal.value.errors == {
        "email": [
            gettext(
                "An account with this email address already exists. Log in, or reset your "
                "password if you have forgotten it."
            )
        ]
    }

    assert User.objects.count() == 1
    assert Consent.objects.count() == 0


def test_update_profile_saves_name_and_language(applicant):
    services.update_profile(applicant, full_name="  มานี มีนา  ", language="en")

    applicant.refresh_from_db()
    assert (applicant.full_name, applicant.language) == ("มานี มีนา", "en")


def test_save_language_preference_ignores_a_language_the_portal_does_not_offer(applicant):
    services.save_language_preference(applicant, language="fr")
    applicant.refresh_from_db()
    assert applicant.language == "th"

    services.save_language_preference(applicant, language="en")
    applicant.refresh_from_db()
    assert applicant.language == "en"


@time_machine.travel(NOW, tick=False)
def test_invite_person_creates_an_invitation_valid_for_the_configured_days(officer, settings):
    settings.INVITATION_VALID_DAYS = 14

    invitation = services.invite_person(
        email=" Expert@Example.org ", full_name="ดร.วิชัย", role=Role.REVIEWER, invited_by=officer
    )

    assert invitation.email == "expert@example.org"
    assert invitation.role == Role.REVIEWER
    assert invitation.invited_by == officer
    assert invitation.expires_at == NOW + timedelta(days=14)
    assert invitation.status == "pending"


def test_invitation_email_is_sent_only_after_commit(
    officer, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://grants.example.org"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation = services.invite_person(
            email="expert@example.org", full_name="ดร.วิชัย", role=Role.REVIEWER, invited_by=officer
        )
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [["expert@example.org"]]
    message = mail.outbox[0]
    link = f"https://grants.example.org/invitations/{invitation.token}/"
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0].content
    assert "\n" not in message.subject


def test_invitation_email_is_written_in_the_invitation_language(
    officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_person(
            email="expert@example.org",
            full_name="Dr Wichai",
            role=Role.COMMITTEE,
            invited_by=officer,
            language="en",
        )

    html = mail.outbox[0].alternatives[0].content
    assert '<html lang="en">' in html
    assert "Hello Dr Wichai," in mail.outbox[0].body


def test_invitation_is_kept_when_the_mail_server_fails(
    officer, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        services.invite_person(
            email="expert@example.org", full_name="", role=Role.REVIEWER, invited_by=officer
        )

    assert list(Invitation.objects.values_list("email", flat=True)) == ["expert@example.org"]


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.OFFICER, Role.ADMINISTRATOR])
def test_invite_person_refuses_roles_that_are_not_invited(officer, role):
    with pytest.raises(ValueError, match="not invited"):
        services.invite_person(
            email="someone@example.org", full_name="", role=role, invited_by=officer
        )
    assert Invitation.objects.count() == 0


def test_resend_extends_an_expired_invitation_and_sends_it_again(
    make_invitation, settings, django_capture_on_commit_callbacks
):
    invitation = make_invitation(expired=True)
    later = timezone.now() + timedelta(days=30)

    with time_machine.travel(later, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.resend_invitation(invitation)

        invitation.refresh_from_db()
        assert invitation.expires_at == later + timedelta(days=settings.INVITATION_VALID_DAYS)
        assert invitation.status == "pending"
    assert [message.to for message in mail.outbox] == [["expert@example.org"]]


def test_resend_refuses_an_accepted_invitation(make_invitation, django_capture_on_commit_callbacks):
    invitation = make_invitation(accepted=True)
    expires_at = invitation.expires_at

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Refusal) as refusal,
    ):
        services.resend_invitation(invitation)

    assert refusal.value.code == "accepted"
    assert refusal.value.messages == [
        gettext("This invitation has been accepted; there is nothing to resend.")
    ]

    invitation.refresh_from_db()
    assert invitation.expires_at == expires_at
    assert mail.outbox == []


@time_machine.travel(NOW, tick=False)
def test_accept_as_a_new_person_creates_the_account_with_the_invited_role(make_invitation, officer):
    invitation = make_invitation(email="expert@example.org", role=Role.COMMITTEE)

    user = services.accept_invitation(
        invitation, full_name="ดร.วิชัย", password=PASSWORD, language="en"
    )

    assert (user.email, user.full_name, user.language) == ("expert@example.org", "ดร.วิชัย", "en")
    assert user.check_password(PASSWORD)
    assert user.roles == {Role.COMMITTEE}
    assert list(user.role_grants.values_list("role", "granted_by")) == [
        (Role.COMMITTEE, officer.pk)
    ]
    assert list(user.consents.values_list("given_at", flat=True)) == [NOW]
    invitation.refresh_from_db()
    assert (invitation.accepted_at, invitation.accepted_by) == (NOW, user)


def test_accept_as_an_existing_person_adds_the_role_and_keeps_the_others(make_invitation):
    person = user_with(Role.APPLICANT, email="Expert@example.org")
    invitation = make_invitation(email="expert@example.org", role=Role.REVIEWER)

    services.accept_invitation(invitation, user=person)

    assert person.roles == {Role.APPLICANT, Role.REVIEWER}
    assert person.consents.count() == 0  # they consented when they signed up
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_accept_for_a_role_already_held_marks_it_used_without_a_second_grant(make_invitation):
    person = user_with(Role.REVIEWER, email="expert@example.org")
    invitation = make_invitation(email="expert@example.org", role=Role.REVIEWER)

    services.accept_invitation(invitation, user=person)

    assert RoleGrant.objects.filter(user=person).count() == 1
    invitation.refresh_from_db()
    assert invitation.status == "accepted"


def test_accept_refuses_a_person_with_another_address(make_invitation, reviewer):
    invitation = make_invitation(email="expert@example.org", role=Role.COMMITTEE)

    with pytest.raises(Refusal) as refusal:
        services.accept_invitation(invitation, user=reviewer)

    assert refusal.value.code == services.OTHER_EMAIL == "other_email"
    assert refusal.value.messages == [gettext("This invitation is for another email address.")]
    assert reviewer.roles == {Role.REVIEWER}
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize(
    ("state", "reason"), [({"expired": True}, "expired"), ({"accepted": True}, "accepted")]
)
def test_accept_refuses_an_expired_or_used_invitation(make_invitation, state, reason):
    invitation = make_invitation(**state)

    with pytest.raises(Refusal) as refusal:
        services.accept_invitation(invitation, full_name="ดร.วิชัย", password=PASSWORD, language="th")

    assert refusal.value.code == reason
    assert not User.objects.filter(email="expert@example.org").exists()


def test_a_second_accept_of_the_same_invitation_is_refused(make_invitation):
    invitation = make_invitation()
    stale_copy = Invitation.objects.get(pk=invitation.pk)  # the other click, loaded before
    services.accept_invitation(invitation, full_name="คนแรก", password=PASSWORD, language="th")

    with pytest.raises(Refusal) as refusal:
        services.accept_invitation(stale_copy, full_name="คนที่สอง", password=PASSWORD, language="th")

    assert refusal.value.code == "accepted"

    invited = User.objects.filter(email="expert@example.org")
    assert list(invited.values_list("full_name", flat=True)) == ["คนแรก"]


def test_accept_as_new_person_when_the_address_got_an_account_saves_nothing(make_invitation):
    invitation = make_invitation(email="expert@example.org")
    user_with(email="EXPERT@example.org")

    with pytest.raises(Refusal) as refusal:
        services.accept_invitation(invitation, full_name="ดร.", password=PASSWORD, language="th")

    assert refusal.value.code == services.EMAIL_TAKEN

    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert User.objects.count() == 2  # the officer and the existing account
