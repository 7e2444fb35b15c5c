"""Blind review: nothing that names the applicant reaches the reviewer's pages or files."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from reviews import blind
from reviews.enums import AssignmentState
from tests.factories import (
    ADDRESS,
    FILE_NAME,
    MEMBER_NAME,
    ORGANISATION_NAME,
    PDF_BYTES,
    PHONE,
    TAX_ID,
    TEAM_NAME,
    TEAM_ORGANISATION,
    AssignmentFactory,
    AttachmentFactory,
    CallInReviewFactory,
    FileAnswerFactory,
    ProposalToReviewFactory,
    Role,
    user_with,
)

IDENTIFYING = [
    ORGANISATION_NAME,
    MEMBER_NAME,
    TEAM_NAME,
    TEAM_ORGANISATION,
    TAX_ID,
    ADDRESS,
    PHONE,
    FILE_NAME,
    "แผนงาน",  # part of the file's name
]


@pytest.fixture
def blind_call(officer):
    return CallInReviewFactory(officers=[officer], created_by=officer, blind_review=True)


@pytest.fixture
def proposal(blind_call):
    proposal = ProposalToReviewFactory(call=blind_call)
    attachment = AttachmentFactory(proposal=proposal)
    FileAnswerFactory(attachment=attachment)
    return proposal


def leaks(html: str) -> list[str]:
    return [text for text in IDENTIFYING if text in html]


def test_no_reviewer_page_names_the_applicant(client, reviewer, proposal):
    """Queue, dashboard and declaration page while awaiting, then the scoring page."""
    other = ProposalToReviewFactory(call=proposal.call, title="โครงการที่สอง")
    AssignmentFactory(proposal=other, reviewer=reviewer, state=AssignmentState.ACTIVE)
    AssignmentFactory(proposal=proposal, reviewer=reviewer)
    client.force_login(reviewer)
    pages = {
        "queue": reverse("reviews:my_reviews"),
        "dashboard": reverse("portal:role_dashboard", kwargs={"role": Role.REVIEWER}),
        "declaration": reverse("reviews:review_proposal", kwargs={"pk": proposal.pk}),
        "scoring": reverse("reviews:review_proposal", kwargs={"pk": other.pk}),
    }
    seen = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        seen[name] = leaks(response.content.decode())
        expected_title = other.title if name == "scoring" else proposal.title
        assert expected_title in response.content.decode(), name
    assert seen == {"queue": [], "dashboard": [], "declaration": [], "scoring": []}


def test_scoring_page_shows_content_but_not_the_applicant(client, reviewer, proposal):
    AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)
    client.force_login(reviewer)
    response = client.get(reverse("reviews:review_proposal", kwargs={"pk": proposal.pk}))
    html = response.content.decode()
    assert leaks(html) == []
    assert proposal.problem in html
    assert "หัวหน้าโครงการ" in html  # the team's roles stay
    assert blind.neutral_attachment_name(proposal.attachments.get(), 1) in html
    assert [row["label"] for row in response.context["attachments"]] == [
        blind.neutral_attachment_name(proposal.attachments.get(), 1)
    ]
    assert [text for _answer, text in response.context["answers"]] == [
        blind.neutral_attachment_name(proposal.attachments.get(), 1)
    ]


def test_blind_download_has_a_neutral_file_name(client, reviewer, proposal):
    AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)
    client.force_login(reviewer)
    attachment = proposal.attachments.get()
    response = client.get(reverse("reviews:blind_attachment", kwargs={"pk": attachment.pk}))
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="attachment-1.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_without_blind_review_the_reviewer_sees_the_applicant(client, reviewer, officer):
    proposal = ProposalToReviewFactory(
        call=CallInReviewFactory(officers=[officer], created_by=officer, blind_review=False)
    )
    AttachmentFactory(proposal=proposal)
    AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)
    client.force_login(reviewer)
    html = client.get(reverse("reviews:review_proposal", kwargs={"pk": proposal.pk})).content
    assert leaks(html.decode()) == [
        ORGANISATION_NAME,
        TEAM_NAME,
        TEAM_ORGANISATION,
        FILE_NAME,
        "แผนงาน",
    ]


# The functions other parts call


def test_applicant_label_and_organisation_by_viewer(proposal, reviewer, officer, committee_member):
    applicant = proposal.organisation.members.get()
    administrator = user_with(Role.ADMINISTRATOR)
    outsider_officer = user_with(Role.OFFICER)
    assert proposal.reference in blind.applicant_label(proposal, reviewer)
    assert ORGANISATION_NAME not in blind.applicant_label(proposal, reviewer)
    assert blind.visible_organisation(proposal, reviewer) is None
    assert blind.visible_organisation(proposal, outsider_officer) is None
    # The committee decides blind too (reviews.blind); the people who run the call do not.
    assert blind.visible_organisation(proposal, committee_member) is None
    assert ORGANISATION_NAME not in blind.applicant_label(proposal, committee_member)
    for sees in (officer, administrator, applicant):
        assert blind.applicant_label(proposal, sees) == ORGANISATION_NAME, sees
        assert blind.visible_organisation(proposal, sees) == proposal.organisation


def test_visible_team_keeps_roles_and_numbers_the_members(proposal, reviewer, officer):
    hidden = [(r.name, r.role, r.organisation) for r in blind.visible_team(proposal, reviewer)]
    assert hidden == [(_("Team member %(number)d") % {"number": 1}, "หัวหน้าโครงการ", "")]
    assert [row.name for row in blind.visible_team(proposal, officer)] == [TEAM_NAME]
    assert TEAM_NAME not in [row.name for row in blind.visible_team(proposal, reviewer)]


def test_label_of_a_proposal_without_a_reference_is_still_neutral(blind_call, reviewer):
    proposal = ProposalToReviewFactory(call=blind_call)
    proposal.reference = ""
    assert ORGANISATION_NAME not in blind.applicant_label(proposal, reviewer)
    assert blind.applicant_label(proposal, reviewer) != ""


def test_reviewer_checks_cost_no_query(proposal, reviewer, django_assert_num_queries):
    proposal = type(proposal).objects.select_related("call", "organisation").get(pk=proposal.pk)
    reviewer.roles  # noqa: B018 - load the cached roles first
    with django_assert_num_queries(0):
        assert blind.hides_applicant(proposal, reviewer) is True
        assert blind.visible_organisation(proposal, reviewer) is None
