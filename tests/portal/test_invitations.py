"""Invitation pages: invite, list, resend, and accept by link."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.enums import Role
from portal.models import Invitation, User
from tests.factories import PASSWORD, user_with

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kaeng-khiao-wan-2569"


def invite_data(**overrides) -> dict:
    data = {
        "email": "expert@example.org",
        "full_name": "ดร.วิชัย",
        "role": Role.REVIEWER,
        "language": "th",
    }
    return data | overrides


def accept_data(**overrides) -> dict:
    data = {
        "full_name": "ดร.วิชัย ใจดี",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "language": "en",
        "consent": "on",
    }
    return data | overrides


# Inviting


@pytest.mark.parametrize("inviter", ["officer", "administrator"])
def test_officers_and_administrators_invite_and_the_email_goes_after_commit(
    client_en, request, inviter, django_capture_on_commit_callbacks
):
    person = request.getfixturevalue(inviter)
    client_en.force_login(person)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_en.post(reverse("portal:invitation_create"), invite_data(), follow=True)

    assert response.redirect_chain == [(reverse("portal:invitation_list"), 302)]
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "expert@example.org",
        Role.REVIEWER,
        person,
    )
    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [["expert@example.org"]]
    assert invitation.get_absolute_url() in mail.outbox[0].body
    assert "Invitation sent to expert@example.org as Reviewer." in response.content.decode()


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER, Role.COMMITTEE])
def test_other_roles_may_not_invite(client, role):
    client.force_login(user_with(role))

    page = client.get(reverse("portal:invitation_create"))
    post = client.post(reverse("portal:invitation_create"), invite_data())
    listing = client.get(reverse("portal:invitation_list"))

    assert (page.status_code, post.status_code, listing.status_code) == (403, 403, 403)
    assert Invitation.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in_to_invite(client):
    response = client.get(reverse("portal:invitation_create"))
    assert response.url == f"{reverse('login')}?next={reverse('portal:invitation_create')}"


def test_the_invite_form_offers_only_reviewer_and_committee(client, officer):
    client.force_login(officer)

    response = client.get(reverse("portal:invitation_create"))

    choices = [value for value, _label in response.context["form"].fields["role"].choices]
    assert choices == [Role.REVIEWER, Role.COMMITTEE]


def test_inviting_as_an_applicant_is_refused_at_the_field(client, officer):
    client.force_login(officer)

    response = client.post(reverse("portal:invitation_create"), invite_data(role=Role.APPLICANT))

    assert list(response.context["form"].errors) == ["role"]
    assert Invitation.objects.count() == 0


def test_inviting_someone_who_holds_the_role_is_refused_and_keeps_the_form(client_en, officer):
    user_with(Role.REVIEWER, email="expert@example.org")
    client_en.force_login(officer)

    response = client_en.post(
        reverse("portal:invitation_create"), invite_data(email="Expert@example.org")
    )

    assert list(response.context["form"].errors) == ["email"]
    html = response.content.decode()
    assert "expert@example.org already holds this role." in html
    assert 'value="ดร.วิชัย"' in html
    assert Invitation.objects.count() == 0


def test_a_second_pending_invitation_for_the_same_role_is_refused(client, officer, make_invitation):
    make_invitation(email="expert@example.org", role=Role.REVIEWER)
    client.force_login(officer)

    refused = client.post(reverse("portal:invitation_create"), invite_data())
    other_role = client.post(reverse("portal:invitation_create"), invite_data(role=Role.COMMITTEE))

    assert list(refused.context["form"].errors) == ["email"]
    assert other_role.status_code == 302
    assert Invitation.objects.count() == 2


# The list and resending


def test_officers_see_their_own_invitations_with_their_status(
    client_en, officer, other_officer, make_invitation
):
    pending = make_invitation(email="pending@example.org")
    expired = make_invitation(email="expired@example.org", expired=True)
    accepted = make_invitation(email="accepted@example.org", accepted=True)
    make_invitation(email="not-mine@example.org", invited_by=other_officer)
    client_en.force_login(officer)

    response = client_en.get(reverse("portal:invitation_list"))

    listed = list(response.context["page"].object_list)
    assert {i.email for i in listed} == {i.email for i in (pending, expired, accepted)}
    assert {i.email: str(i.status.label) for i in listed} == {
        "pending@example.org": "Pending",
        "expired@example.org": "Expired",
        "accepted@example.org": "Accepted",
    }
    html = response.content.decode()
    resend_forms = [
        i.email for i in listed if reverse("portal:invitation_resend", kwargs={"pk": i.pk}) in html
    ]
    assert sorted(resend_forms) == ["expired@example.org", "pending@example.org"]


def test_administrators_see_every_invitation(
    client, administrator, officer, other_officer, make_invitation
):
    make_invitation(email="one@example.org", invited_by=officer)
    make_invitation(email="two@example.org", invited_by=other_officer)
    client.force_login(administrator)

    response = client.get(reverse("portal:invitation_list"))

    emails = sorted(i.email for i in response.context["page"].object_list)
    assert emails == ["one@example.org", "two@example.org"]


@pytest.mark.parametrize("count", [2, 8])
def test_the_invitation_list_queries_do_not_grow_with_its_length(
    client, officer, make_invitation, django_assert_num_queries, count
):
    for number in range(count):
        make_invitation(email=f"expert{number}@example.org", accepted=number % 2 == 0)
    client.force_login(officer)
    client.get(reverse("portal:dashboard"))  # the session now knows the second factor is there

    # session, user, roles, unread messages (navbar), count for the paginator, the page
    with django_assert_num_queries(6):
        response = client.get(reverse("portal:invitation_list"))

    assert len(response.context["page"].object_list) == count


def test_resend_extends_the_expiry_and_sends_again(
    client_en, officer, make_invitation, settings, django_capture_on_commit_callbacks
):
    invitation = make_invitation(expired=True)
    client_en.force_login(officer)
    now = timezone.now()

    with (
        time_machine.travel(now, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_en.post(
            reverse("portal:invitation_resend", kwargs={"pk": invitation.pk}), follow=True
        )

    invitation.refresh_from_db()
    assert invitation.expires_at == now + timedelta(days=settings.INVITATION_VALID_DAYS)
    assert [message.to for message in mail.outbox] == [["expert@example.org"]]
    assert "Invitation sent again to expert@example.org." in response.content.decode()


def test_resend_needs_a_post(client, officer, make_invitation):
    invitation = make_invitation()
    client.force_login(officer)

    response = client.get(reverse("portal:invitation_resend", kwargs={"pk": invitation.pk}))

    assert response.status_code == 405
    assert mail.outbox == []


def test_resend_of_another_officers_invitation_is_not_found(client, other_officer, make_invitation):
    invitation = make_invitation()
    client.force_login(other_officer)

    response = client.post(reverse("portal:invitation_resend", kwargs={"pk": invitation.pk}))

    assert response.status_code == 404
    assert mail.outbox == []


def test_resend_of_an_accepted_invitation_is_forbidden(client, officer, make_invitation):
    invitation = make_invitation(accepted=True)
    client.force_login(officer)

    response = client.post(reverse("portal:invitation_resend", kwargs={"pk": invitation.pk}))

    assert response.status_code == 403
    assert mail.outbox == []


def test_resend_by_a_reviewer_is_forbidden(client, reviewer, make_invitation):
    invitation = make_invitation()
    client.force_login(reviewer)

    response = client.post(reverse("portal:invitation_resend", kwargs={"pk": invitation.pk}))

    assert response.status_code == 403
    assert mail.outbox == []


# Accepting


def test_an_unknown_token_is_not_found(client_en):
    response = client_en.get(reverse("portal:invitation_accept", kwargs={"token": "nope"}))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    ("state", "text"),
    [
        ({"expired": True}, "This invitation has expired"),
        ({"accepted": True}, "This invitation has already been used"),
    ],
)
def test_an_expired_or_used_invitation_says_so(client_en, make_invitation, state, text):
    invitation = make_invitation(**state)

    page = client_en.get(invitation.get_absolute_url())
    post = client_en.post(invitation.get_absolute_url(), accept_data())

    assert (page.status_code, post.status_code) == (410, 410)
    assert text in page.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_a_new_person_accepts_by_creating_an_account(client, make_invitation):
    invitation = make_invitation(email="expert@example.org", role=Role.COMMITTEE)

    form_page = client.get(invitation.get_absolute_url())
    assert form_page.context["mode"] == "new_account"
    response = client.post(invitation.get_absolute_url(), accept_data(), follow=True)

    user = User.objects.get(email="expert@example.org")
    assert user.roles == {Role.COMMITTEE}
    assert user.language == "en"
    assert user.consents.count() == 1
    # The link came to the address: it is verified. A committee member enrols a second
    # factor before anything else.
    assert user.emailaddress_set.get().verified is True
    assert response.redirect_chain == [
        (reverse("portal:dashboard"), 302),
        (reverse("mfa_index"), 302),
    ]
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_accepting_without_consent_is_refused_and_keeps_what_was_typed(client_en, make_invitation):
    invitation = make_invitation()
    data = accept_data()
    del data["consent"]

    response = client_en.post(invitation.get_absolute_url(), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["consent"]
    html = response.content.decode()
    assert 'value="ดร.วิชัย ใจดี"' in html
    assert NEW_PASSWORD not in html
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_existing_person_logs_in_then_accepts(client, make_invitation):
    person = user_with(Role.APPLICANT, email="expert@example.org")
    invitation = make_invitation(email="expert@example.org", role=Role.REVIEWER)
    url = invitation.get_absolute_url()

    ask = client.get(url)
    assert ask.context["mode"] == "log_in"
    assert ask.context["login_url"] == f"{reverse('login')}?next={url}"

    logged_in = client.post(
        ask.context["login_url"], {"login": "expert@example.org", "password": PASSWORD}
    )
    assert logged_in.url == url
    confirm = client.get(url)
    assert confirm.context["mode"] == "confirm"
    response = client.post(url)

    assert response.url == reverse("portal:role_dashboard", args=[Role.REVIEWER])
    person.refresh_from_db()
    assert person.roles == {Role.APPLICANT, Role.REVIEWER}
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_someone_signed_in_with_another_address_is_told_and_cannot_accept(
    client_en, reviewer, make_invitation
):
    invitation = make_invitation(email="expert@example.org", role=Role.COMMITTEE)
    client_en.force_login(reviewer)

    page = client_en.get(invitation.get_absolute_url())
    post = client_en.post(invitation.get_absolute_url())

    assert (page.status_code, post.status_code) == (403, 403)
    assert (
        "You are logged in as reviewer@example.org, but this invitation is for "
        "expert@example.org." in page.content.decode()
    )
    reviewer.refresh_from_db()
    assert reviewer.roles == {Role.REVIEWER}
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_second_click_on_accept_is_refused(client_en, make_invitation):
    invitation = make_invitation(email="expert@example.org")
    client_en.post(invitation.get_absolute_url(), accept_data())
    client_en.logout()
    client_en.cookies["portal_language"] = "en"  # accepting chose Thai for the new account

    again = client_en.post(invitation.get_absolute_url(), accept_data(full_name="อีกคน"))

    assert again.status_code == 410
    assert "This invitation has already been used" in again.content.decode()
    assert list(
        User.objects.filter(email="expert@example.org").values_list("full_name", flat=True)
    ) == ["ดร.วิชัย ใจดี"]


def test_an_account_made_for_the_address_meanwhile_sends_the_new_person_to_log_in(
    client, make_invitation, monkeypatch
):
    invitation = make_invitation(email="expert@example.org")
    user_with(Role.APPLICANT, email="expert@example.org")
    # The page was shown before the account existed: it offered a new account.
    monkeypatch.setattr("portal.views.invitations.email_is_registered", lambda email: False)

    response = client.post(invitation.get_absolute_url(), accept_data())

    assert (response.status_code, response.url) == (302, invitation.get_absolute_url())
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert User.objects.filter(email="expert@example.org").count() == 1
