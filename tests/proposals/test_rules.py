"""The named permissions the proposal views are guarded by (proposals/rules.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grants.enums import CallState
from portal.models import User
from proposals.enums import ProposalState
from proposals.models import Attachment, Proposal
from tests.factories import CallFactory

S = ProposalState


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (S.DRAFT, True),
        (S.NEEDS_INFO, True),
        (S.SUBMITTED, True),
        (S.WITHDRAWN, False),
        (S.ELIGIBLE, False),
        (S.INELIGIBLE, False),
        (S.AWARDED, False),
    ],
)
def test_attempt_submission_by_state(draft, applicant, state, expected):
    Proposal.objects.filter(pk=draft.pk).update(state=state)
    draft.refresh_from_db()
    assert applicant.has_perm("proposals.attempt_submission", draft) is expected


def test_attempt_submission_lets_a_late_draft_through_for_its_reason(draft, applicant):
    call = draft.call
    call.opens_at = timezone.now() - timedelta(days=10)
    call.deadline = timezone.now() - timedelta(minutes=1)
    call.save()
    draft.refresh_from_db()
    assert not applicant.has_perm("proposals.submit_proposal", draft)
    assert applicant.has_perm("proposals.attempt_submission", draft)


def test_applicant_pages_are_for_members_only(submitted, applicant, other_applicant, officer):
    members = [
        user.has_perm("proposals.view_own_proposal", submitted)
        for user in (applicant, other_applicant, officer)
    ]
    assert members == [True, False, False]
    assert officer.has_perm("proposals.view_proposal", submitted)


def test_receipt_only_once_submitted(draft, submitted, applicant):
    assert applicant.has_perm("proposals.view_receipt", submitted)
    Proposal.objects.filter(pk=draft.pk).update(reference="", submitted_at=None)
    draft.refresh_from_db()
    assert not applicant.has_perm("proposals.view_receipt", draft)


def test_officer_permissions_need_a_received_proposal(draft, officer, other_officer):
    perms = [
        "proposals.view_received_proposal",
        "proposals.screen_proposal",
        "proposals.request_information",
        "proposals.grant_extension",
    ]
    assert [officer.has_perm(p, draft) for p in perms] == [False] * 4
    Proposal.objects.filter(pk=draft.pk).update(state=S.SUBMITTED, submitted_at=timezone.now())
    draft.refresh_from_db()
    assert [officer.has_perm(p, draft) for p in perms] == [True] * 4
    assert [other_officer.has_perm(p, draft) for p in perms] == [False] * 4


def test_edit_organisation_is_the_applicants_not_a_superusers(applicant, officer):
    superuser = User.objects.create_superuser("root@example.org", "x")
    assert [
        user.has_perm("proposals.edit_organisation") for user in (applicant, officer, superuser)
    ] == [True, False, False]


def test_apply_to_call(applicant, other_applicant, officer, organisation, open_call):
    # other_applicant has no organisation yet: they may go on, to be asked for it.
    assert [
        user.has_perm("proposals.apply_to_call", open_call)
        for user in (applicant, other_applicant, officer)
    ] == [True, True, False]


def test_apply_to_a_closed_call_only_to_the_proposal_one_has(draft, applicant, other_applicant):
    call = draft.call
    call.opens_at = timezone.now() - timedelta(days=10)
    call.deadline = timezone.now() - timedelta(minutes=1)
    call.save()
    assert applicant.has_perm("proposals.apply_to_call", call)
    Proposal.objects.filter(pk=draft.pk).delete()
    assert not applicant.has_perm("proposals.apply_to_call", call)


def test_nobody_applies_to_a_draft_call_they_cannot_see(applicant, officer, organisation):
    call = CallFactory(state=CallState.DRAFT, officers=[officer], created_by=officer)
    assert not applicant.has_perm("proposals.apply_to_call", call)


def test_view_attachment_follows_the_proposal(submitted, applicant, other_applicant, officer):
    attachment = Attachment.objects.create(
        proposal=submitted, original_name="a.pdf", content_type="application/pdf", size=1
    )
    assert [
        user.has_perm("proposals.view_attachment", attachment)
        for user in (applicant, other_applicant, officer)
    ] == [True, False, True]
