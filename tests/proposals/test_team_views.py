"""The team pages, joining by the invitation link, and what each role sees of a proposal."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal.enums import Role
from portal.models import Notification
from proposals.enums import MemberRole
from proposals.models import OrganisationMembership, TeamInvitation
from proposals.queries import role_in
from proposals.services.team import accept_team_invitation, invite_to_team
from tests.factories import PASSWORD, user_with

from .test_applicant_views import form_data


def _member(organisation, owner, email, role, **fields):
    user = user_with(Role.APPLICANT, email=email, **fields)
    invitation = invite_to_team(organisation, email=email, role=role, by=owner)
    accept_team_invitation(invitation, user=user)
    return user


@pytest.fixture
def editor(organisation, applicant):
    return _member(
        organisation, applicant, "editor@example.org", MemberRole.EDITOR, full_name="สุดา ช่วยเขียน"
    )


@pytest.fixture
def viewer(organisation, applicant):
    return _member(
        organisation, applicant, "viewer@example.org", MemberRole.VIEWER, full_name="วีระ อ่าน"
    )


def _team_url(organisation, name="proposals:team"):
    return reverse(name, kwargs={"pk": organisation.pk})


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_team_page_lists_members_roles_and_pending_invitations(
    client, organisation, applicant, editor, viewer
):
    waiting = invite_to_team(organisation, email="waiting@example.org", role="viewer", by=applicant)
    client.force_login(applicant)
    response = client.get(_team_url(organisation))
    page = response.content.decode()
    assert response.status_code == 200
    assert [(m.user, m.role) for m, _form in response.context["memberships"]] == [
        (applicant, MemberRole.OWNER),
        (editor, MemberRole.EDITOR),
        (viewer, MemberRole.VIEWER),
    ]
    assert [i.email for i in response.context["invitations"]] == ["waiting@example.org"]
    assert "ทีมของหน่วยงาน" in page
    assert _team_url(organisation, "proposals:team_invite") in page  # the owner's form
    assert reverse("proposals:team_invitation_cancel", args=[waiting.pk]) in page


def test_a_viewer_sees_the_team_without_the_owners_controls(client, organisation, viewer):
    client.force_login(viewer)
    response = client.get(_team_url(organisation))
    page = response.content.decode()
    assert response.status_code == 200
    assert (response.context["can_manage"], response.context["form"]) == (False, None)
    assert _team_url(organisation, "proposals:team_invite") not in page
    assert "/role/" not in page and "/remove/" not in page


def test_somebody_elses_team_does_not_exist_for_them(client, organisation, other_applicant):
    client.force_login(other_applicant)
    assert client.get(_team_url(organisation)).status_code == 404
    invite = client.post(_team_url(organisation, "proposals:team_invite"), {"email": "x@e.org"})
    assert invite.status_code == 404
    assert TeamInvitation.objects.count() == 0


def test_an_owner_invites_a_colleague(client, organisation, applicant):
    client.force_login(applicant)
    response = client.post(
        _team_url(organisation, "proposals:team_invite"),
        {"email": "colleague@example.org", "role": "editor"},
        follow=True,
    )
    invitation = TeamInvitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "colleague@example.org",
        MemberRole.EDITOR,
        applicant,
    )
    assert Notification.objects.filter(kind="team_invitation").count() == 1
    assert response.redirect_chain[-1][0] == _team_url(organisation)
    assert _messages(response) == ["ส่งคำเชิญถึง colleague@example.org ในฐานะผู้แก้ไขแล้ว"]


def test_inviting_a_member_again_is_refused_at_the_email_field(
    client, organisation, applicant, editor
):
    client.force_login(applicant)
    response = client.post(
        _team_url(organisation, "proposals:team_invite"),
        {"email": "editor@example.org", "role": "viewer"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["editor@example.org เป็นสมาชิกของหน่วยงานอยู่แล้ว"]
    }
    assert response.context["form"]["email"].value() == "editor@example.org"
    assert TeamInvitation.objects.filter(email="editor@example.org").count() == 1  # accepted


def test_a_viewer_may_not_invite(client, organisation, viewer):
    client.force_login(viewer)
    response = client.post(
        _team_url(organisation, "proposals:team_invite"),
        {"email": "friend@example.org", "role": "owner"},
    )
    assert response.status_code == 403
    assert not TeamInvitation.objects.filter(email="friend@example.org").exists()


def test_removing_the_only_owner_is_refused_with_a_clear_message(client, organisation, applicant):
    client.force_login(applicant)
    owner = OrganisationMembership.objects.get(user=applicant)
    response = client.post(reverse("proposals:member_remove", args=[owner.pk]), follow=True)
    assert _messages(response) == [
        "หน่วยงานต้องมีเจ้าของอย่างน้อยหนึ่งคน: ตั้งสมาชิกคนอื่นเป็นเจ้าของก่อน จึงจะนำเจ้าของคนนี้ออกได้"
    ]
    assert role_in(applicant, organisation) == MemberRole.OWNER


def test_an_owner_changes_a_role_and_removes_a_member(
    client, organisation, applicant, editor, viewer
):
    client.force_login(applicant)
    membership = OrganisationMembership.objects.get(user=viewer)
    client.post(
        reverse("proposals:member_role", args=[membership.pk]), {f"m{membership.pk}-role": "editor"}
    )
    assert role_in(viewer, organisation) == MemberRole.EDITOR
    client.post(reverse("proposals:member_remove", args=[membership.pk]))
    assert role_in(viewer, organisation) is None
    assert role_in(editor, organisation) == MemberRole.EDITOR


def test_an_owner_cancels_an_invitation(client, organisation, applicant):
    invitation = invite_to_team(organisation, email="c@example.org", role="viewer", by=applicant)
    client.force_login(applicant)
    client.post(reverse("proposals:team_invitation_cancel", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    link = client.get(invitation.get_absolute_url())
    assert (link.status_code, link.context["reason"]) == (410, "หน่วยงานได้ยกเลิกคำเชิญนี้แล้ว")


def test_a_member_leaves_after_confirming(client, organisation, viewer):
    client.force_login(viewer)
    unconfirmed = client.post(_team_url(organisation, "proposals:team_leave"))
    assert role_in(viewer, organisation) == MemberRole.VIEWER
    left = client.post(_team_url(organisation, "proposals:team_leave"), {"confirm": "1"})
    assert (unconfirmed.status_code, left.url) == (302, reverse("portal:dashboard"))
    assert role_in(viewer, organisation) is None


def test_the_join_link_asks_an_existing_account_to_log_in_and_back(client, organisation, applicant):
    user_with(Role.APPLICANT, email="known@example.org")
    invitation = invite_to_team(
        organisation, email="known@example.org", role="editor", by=applicant
    )
    response = client.get(invitation.get_absolute_url())
    assert response.context["mode"] == "log_in"
    login_url = f"{reverse('login')}?next={invitation.get_absolute_url()}"
    assert response.context["login_url"] == login_url
    logged_in = client.post(
        login_url,
        {
            "login": "known@example.org",
            "password": PASSWORD,
            "next": invitation.get_absolute_url(),
        },
    )
    assert logged_in.url == invitation.get_absolute_url()


def test_a_new_person_signs_up_comes_back_and_accepts(client, organisation, applicant):
    invitation = invite_to_team(
        organisation, email="newbie@example.org", role="viewer", by=applicant
    )
    join = client.get(invitation.get_absolute_url())
    assert join.context["mode"] == "sign_up"
    signup_url = join.context["signup_url"]
    assert signup_url == (
        f"{reverse('portal:signup')}?next={invitation.get_absolute_url()}"
        "&email=newbie%40example.org"
    )
    form = client.get(signup_url).context["form"]
    assert form["email"].value() == "newbie@example.org"  # the invited address, ready
    signed_up = client.post(
        signup_url,
        {
            "email": "newbie@example.org",
            "full_name": "น้องใหม่ ใจดี",
            "password1": "a-Long-pass-2026!",
            "password2": "a-Long-pass-2026!",
            "language": "th",
            "consent": "on",
            "next": invitation.get_absolute_url(),
        },
    )
    assert signed_up.status_code == 302, signed_up.context["form"].errors
    assert signed_up.url == invitation.get_absolute_url()
    assert client.get(signed_up.url).context["mode"] == "confirm"
    accepted = client.post(invitation.get_absolute_url())
    assert accepted.url == _team_url(organisation)
    newbie = OrganisationMembership.objects.get(user__email="newbie@example.org")
    assert newbie.role == MemberRole.VIEWER


def test_a_link_for_another_address_or_an_expired_one_is_refused(
    client, organisation, applicant, other_applicant
):
    invitation = invite_to_team(organisation, email="x@example.org", role="editor", by=applicant)
    client.force_login(other_applicant)
    other = client.post(invitation.get_absolute_url())
    assert (other.status_code, other.context["mode"]) == (403, "other")
    assert role_in(other_applicant, organisation) is None
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        expired = client.get(invitation.get_absolute_url())
    assert (expired.status_code, expired.context["reason"]) == (410, "คำเชิญนี้หมดอายุแล้ว")


def test_a_viewer_reads_the_proposal_without_edit_controls(client, draft, viewer):
    client.force_login(viewer)
    page = client.get(draft.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("proposals:proposal_edit", args=[draft.pk]) not in body
    assert reverse("proposals:proposal_submit", args=[draft.pk]) not in body
    assert "คุณเป็นผู้ดูในหน่วยงานนี้" in body
    assert client.get(reverse("proposals:proposal_edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("proposals:proposal_submit", args=[draft.pk])).status_code == 403
    saved = client.post(reverse("proposals:proposal_autosave", args=[draft.pk]), form_data(draft))
    assert saved.status_code == 403


def test_an_editor_edits_and_the_pages_show_who_saved_last(client, draft, editor):
    client.force_login(editor)
    response = client.post(
        reverse("proposals:proposal_edit", args=[draft.pk]), form_data(draft, title="ใหม่")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.last_saved_by) == ("ใหม่", editor)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "บันทึกล่าสุดโดย สุดา ช่วยเขียน เมื่อ" in page
    assert "เวลาประเทศไทย" in page  # Bangkok time


def test_two_editors_the_later_stale_autosave_is_refused(client, draft, applicant, editor):
    stale_form = form_data(draft, title="ของสุดา")  # both opened version 1
    client.force_login(applicant)
    first = client.post(
        reverse("proposals:proposal_autosave", args=[draft.pk]), form_data(draft, title="ของมานี")
    )
    assert (first.status_code, first.json()["version"]) == (200, 2)
    assert first.json()["last_saved"].startswith(f"บันทึกล่าสุดโดย {applicant.full_name}")
    client.force_login(editor)
    second = client.post(reverse("proposals:proposal_autosave", args=[draft.pk]), stale_form)
    assert (second.status_code, second.json()["stale"]) == (409, True)
    assert second.json()["error"].startswith(f"{applicant.full_name} บันทึกร่างนี้เมื่อเวลา")
    draft.refresh_from_db()
    assert (draft.title, draft.version, draft.last_saved_by) == ("ของมานี", 2, applicant)


def test_an_editor_reads_the_organisation_details_but_does_not_change_them(
    client, organisation, editor
):
    client.force_login(editor)
    page = client.get(reverse("proposals:organisation"))
    assert page.status_code == 200
    assert all(field.disabled for field in page.context["form"].fields.values())
    refused = client.post(reverse("proposals:organisation"), {"name": "ชื่อใหม่"})
    organisation.refresh_from_db()
    assert (refused.status_code, organisation.name) == (403, "วิสาหกิจชุมชนบ้านดอนแก้ว")
