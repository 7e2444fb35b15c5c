"""The organisation's team: invitations, accepting, roles, removing, leaving, and who saved a
draft last (proposals.services.team, proposals.services.drafting)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from grants.models import Province
from portal.enums import Role
from portal.models import Notification
from portal.refusals import Refusal
from proposals.enums import MemberRole
from proposals.models import OrganisationMembership, TeamInvitation
from proposals.queries import role_in, team_of
from proposals.services.drafting import DraftContent, save_draft, save_organisation
from proposals.services.team import (
    ALREADY_INVITED,
    ALREADY_MEMBER,
    LAST_OWNER,
    NOT_OWNER,
    NOT_USABLE,
    OTHER_EMAIL,
    accept_team_invitation,
    cancel_team_invitation,
    change_member_role,
    invite_to_team,
    leave_organisation,
    remove_member,
)
from tests.factories import user_with


def _join(organisation, user, role, *, by):
    invitation = invite_to_team(organisation, email=user.email, role=role, by=by)
    return accept_team_invitation(invitation, user=user)


@pytest.fixture
def editor(organisation, applicant):
    user = user_with(Role.APPLICANT, email="editor@example.org", full_name="สุดา ช่วยเขียน")
    _join(organisation, user, MemberRole.EDITOR, by=applicant)
    return user


@pytest.fixture
def viewer(organisation, applicant):
    user = user_with(Role.REVIEWER, email="viewer@example.org", language="en")
    _join(organisation, user, MemberRole.VIEWER, by=applicant)
    return user


def test_the_person_who_makes_the_organisation_owns_it(applicant):
    organisation = save_organisation(
        user=applicant,
        fields={
            "name": "กลุ่มใหม่",
            "type": "community_enterprise",
            "province": Province.objects.get(code="TH-10"),
            "address": "กรุงเทพฯ",
            "phone": "02 017 5555",
        },
    )
    membership = OrganisationMembership.objects.get(organisation=organisation)
    assert (membership.user, membership.role, membership.added_by) == (
        applicant,
        MemberRole.OWNER,
        applicant,
    )


def test_an_invitation_to_a_new_address_is_queued_in_the_inviters_language(organisation, applicant):
    applicant.language = "en"
    applicant.save()
    invitation = invite_to_team(
        organisation, email=" New.Person@Example.org ", role="editor", by=applicant
    )
    message = Notification.objects.get(kind="team_invitation")
    assert (invitation.email, invitation.role, invitation.is_usable) == (
        "new.person@example.org",
        MemberRole.EDITOR,
        True,
    )
    assert (message.email, message.recipient, message.language) == (
        "new.person@example.org",
        None,
        "en",
    )
    assert organisation.name in message.subject
    assert invitation.get_absolute_url() in message.body_text
    assert message.link == invitation.get_absolute_url()


def test_an_invitation_to_an_account_goes_to_its_inbox_in_its_language(organisation, applicant):
    colleague = user_with(Role.APPLICANT, email="colleague@example.org", language="en")
    invite_to_team(organisation, email="colleague@example.org", role="viewer", by=applicant)
    message = Notification.objects.get(kind="team_invitation")
    assert (message.recipient, message.language) == (colleague, "en")
    assert "invites you to join the team of" in message.body_text


def test_only_an_owner_invites(organisation, editor):
    with pytest.raises(Refusal) as refused:
        invite_to_team(organisation, email="x@example.org", role="viewer", by=editor)
    assert refused.value.code == NOT_OWNER
    assert TeamInvitation.objects.count() == 1  # the editor's own, accepted


def test_a_member_or_a_pending_address_is_not_invited_twice(organisation, applicant, editor):
    with pytest.raises(Refusal) as member:
        invite_to_team(organisation, email="EDITOR@example.org", role="viewer", by=applicant)
    invite_to_team(organisation, email="new@example.org", role="viewer", by=applicant)
    with pytest.raises(Refusal) as pending:
        invite_to_team(organisation, email="new@example.org", role="editor", by=applicant)
    assert (member.value.code, pending.value.code) == (ALREADY_MEMBER, ALREADY_INVITED)
    assert list(member.value.errors) == ["email"]


def test_accepting_adds_the_role_and_the_applicant_role(organisation, applicant):
    reviewer = user_with(Role.REVIEWER, email="expert@example.org")
    invitation = invite_to_team(
        organisation, email="expert@example.org", role="viewer", by=applicant
    )
    membership = accept_team_invitation(invitation, user=reviewer)
    invitation.refresh_from_db()
    reviewer.refresh_from_db()
    assert (membership.role, membership.added_by) == (MemberRole.VIEWER, applicant)
    assert (invitation.accepted_by, invitation.is_usable) == (reviewer, False)
    assert reviewer.roles == {Role.REVIEWER, Role.APPLICANT}


def test_an_invitation_works_once_and_only_for_its_address(organisation, applicant):
    invitation = invite_to_team(organisation, email="a@example.org", role="editor", by=applicant)
    stranger = user_with(Role.APPLICANT, email="b@example.org")
    with pytest.raises(Refusal) as other:
        accept_team_invitation(invitation, user=stranger)
    invited = user_with(Role.APPLICANT, email="a@example.org")
    accept_team_invitation(invitation, user=invited)
    with pytest.raises(Refusal) as again:
        accept_team_invitation(invitation, user=invited)
    assert (other.value.code, again.value.code) == (OTHER_EMAIL, NOT_USABLE)
    assert role_in(stranger, organisation) is None


def test_an_expired_or_cancelled_invitation_is_refused(organisation, applicant):
    invited = user_with(Role.APPLICANT, email="late@example.org")
    expired = invite_to_team(organisation, email="late@example.org", role="editor", by=applicant)
    later = timezone.now() + timedelta(days=15)
    with time_machine.travel(later), pytest.raises(Refusal) as late:
        accept_team_invitation(expired, user=invited)
    cancelled = invite_to_team(organisation, email="c@example.org", role="editor", by=applicant)
    cancel_team_invitation(cancelled, by=applicant)
    with pytest.raises(Refusal) as gone:
        accept_team_invitation(cancelled, user=user_with(Role.APPLICANT, email="c@example.org"))
    assert (late.value.code, str(late.value)) == (NOT_USABLE, "คำเชิญนี้หมดอายุแล้ว")
    assert str(gone.value) == "หน่วยงานได้ยกเลิกคำเชิญนี้แล้ว"


def test_only_an_owner_cancels_and_only_a_pending_invitation(organisation, applicant, editor):
    invitation = invite_to_team(organisation, email="c@example.org", role="editor", by=applicant)
    with pytest.raises(Refusal) as not_owner:
        cancel_team_invitation(invitation, by=editor)
    cancel_team_invitation(invitation, by=applicant)
    with pytest.raises(Refusal) as twice:
        cancel_team_invitation(invitation, by=applicant)
    assert (not_owner.value.code, twice.value.code) == (NOT_OWNER, NOT_USABLE)
    assert TeamInvitation.objects.pending().count() == 0


def test_the_last_owner_cannot_be_demoted_removed_or_leave(organisation, applicant, editor):
    owner = OrganisationMembership.objects.get(user=applicant)
    refusals = []
    for action in (
        lambda: change_member_role(owner, role="editor", by=applicant),
        lambda: remove_member(owner, by=applicant),
        lambda: leave_organisation(organisation, user=applicant),
    ):
        with pytest.raises(Refusal) as refused:
            action()
        refusals.append(refused.value.code)
    assert refusals == [LAST_OWNER] * 3
    assert role_in(applicant, organisation) == MemberRole.OWNER


def test_with_a_second_owner_the_first_may_step_down_and_leave(organisation, applicant, editor):
    change_member_role(OrganisationMembership.objects.get(user=editor), role="owner", by=applicant)
    change_member_role(OrganisationMembership.objects.get(user=applicant), role="viewer", by=editor)
    leave_organisation(organisation, user=applicant)
    assert [(m.user, m.role) for m in team_of(organisation)] == [(editor, MemberRole.OWNER)]


def test_only_an_owner_changes_roles_and_removes(organisation, applicant, editor, viewer):
    membership = OrganisationMembership.objects.get(user=viewer)
    with pytest.raises(Refusal) as change:
        change_member_role(membership, role="editor", by=editor)
    with pytest.raises(Refusal) as remove:
        remove_member(membership, by=editor)
    remove_member(membership, by=applicant)
    assert (change.value.code, remove.value.code) == (NOT_OWNER, NOT_OWNER)
    assert role_in(viewer, organisation) is None


def test_a_member_leaves(organisation, viewer):
    leave_organisation(organisation, user=viewer)
    assert role_in(viewer, organisation) is None


def test_the_team_lists_owners_then_editors_then_viewers(organisation, applicant, editor, viewer):
    assert [(m.user, m.role) for m in team_of(organisation)] == [
        (applicant, MemberRole.OWNER),
        (editor, MemberRole.EDITOR),
        (viewer, MemberRole.VIEWER),
    ]


def test_each_save_records_who_saved_last(draft, applicant, editor):
    save_draft(draft, by=editor, expected_version=1, content=DraftContent(fields={"title": "ก"}))
    draft.refresh_from_db()
    assert (draft.last_saved_by, draft.version) == (editor, 2)
    save_draft(draft, by=applicant, expected_version=2, content=DraftContent(fields={"title": "ข"}))
    draft.refresh_from_db()
    assert (draft.last_saved_by, draft.version) == (applicant, 3)


def test_a_colleagues_later_stale_save_is_refused_with_the_name(draft, applicant, editor):
    """Editor A and editor B opened version 1; A saves first, B's save is refused."""
    save_draft(draft, by=applicant, expected_version=1, content=DraftContent(fields={"title": "A"}))
    with pytest.raises(Refusal) as stale:
        save_draft(
            draft, by=editor, expected_version=1, content=DraftContent(fields={"title": "B"})
        )
    draft.refresh_from_db()
    assert (draft.title, draft.version, draft.last_saved_by) == ("A", 2, applicant)
    assert stale.value.code == "stale"
    assert stale.value.params["saved_by"] == applicant
    assert str(stale.value).startswith(f"{applicant.full_name} บันทึกร่างนี้เมื่อเวลา")
