"""A grant's organisation by role: every member reads the grant; owners and editors act for
it (accept the agreement, write reports, ask for amendments), a viewer does not."""

import pytest

from proposals.enums import MemberRole
from proposals.models import OrganisationMembership
from tests.factories import Role, user_with

PERMS = [
    "awards.view_grant",
    "awards.accept_agreement",
    "awards.request_amendment",
]


@pytest.fixture
def colleagues(issued):
    grant = issued.grant
    people = {}
    for role in (MemberRole.EDITOR, MemberRole.VIEWER):
        people[role] = user_with(Role.APPLICANT, email=f"{role}@example.org")
        OrganisationMembership.objects.create(
            organisation=grant.organisation, user=people[role], role=role
        )
    return grant, people


def test_a_viewer_reads_the_grant_and_does_not_accept_its_agreement(colleagues, grantee):
    grant, people = colleagues
    allowed = {
        who: [perm for perm in PERMS if user.has_perm(perm, grant)]
        for who, user in {"owner": grantee, **people}.items()
    }
    assert allowed == {
        "owner": ["awards.view_grant", "awards.accept_agreement"],
        MemberRole.EDITOR: ["awards.view_grant", "awards.accept_agreement"],
        MemberRole.VIEWER: ["awards.view_grant"],
    }


def test_a_viewer_does_not_write_a_report_of_an_active_grant(active_grant, grantee):
    viewer = user_with(Role.APPLICANT, email="viewer@example.org")
    OrganisationMembership.objects.create(
        organisation=active_grant.organisation, user=viewer, role=MemberRole.VIEWER
    )
    report = active_grant.reports.order_by("due_on").first()
    assert [
        (u.has_perm("awards.view_report", report), u.has_perm("awards.change_report", report))
        for u in (grantee, viewer)
    ] == [(True, True), (True, False)]
    assert [u.has_perm("awards.request_amendment", active_grant) for u in (grantee, viewer)] == [
        True,
        False,
    ]
