"""The committee's dossier of a proposal: the proposal (blind where the call is blind) and
every submitted review's points per criterion and comments, from the ranking and the
decision page; for the committee and the call's officers only, flat in queries."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.enums import CallState
from proposals.enums import ProposalState
from reviews.enums import DecisionOutcome, ReviewState
from reviews.models import Conflict, Decision, Review
from tests.factories import (
    FILE_NAME,
    MEMBER_NAME,
    ORGANISATION_NAME,
    TEAM_NAME,
    TEAM_ORGANISATION,
    CallInReviewFactory,
    ConflictFactory,
    FileAnswerFactory,
    ProposalToReviewFactory,
    ReviewFactory,
    Role,
    full_points,
    user_with,
)
from tests.i18n_recorder import record_missing_thai

pytestmark = pytest.mark.django_db

IDENTIFYING = [ORGANISATION_NAME, MEMBER_NAME, TEAM_NAME, TEAM_ORGANISATION, FILE_NAME]
# (name, share of each criterion's maximum, comment for the committee, feedback)
REVIEWS = [
    ("ศ.ดร.สมศักดิ์ ผู้ประเมิน", Decimal("0.8"), "จุดแข็งคือชุมชนเป็นเจ้าของ", "ควรเพิ่มตัวชี้วัด"),
    ("ดร.วิภา ผู้ตรวจ", Decimal("0.5"), "ความเสี่ยงด้านงบประมาณสูง", ""),
]


def dossier_url(proposal):
    return reverse("reviews:proposal_dossier", kwargs={"pk": proposal.pk})


def add_review(proposal, name, share, comment, feedback, *, hours_ago):
    return ReviewFactory(
        assignment__proposal=proposal,
        assignment__reviewer=user_with(Role.REVIEWER, full_name=name),
        assignment__assigned_at=timezone.now() - timedelta(hours=hours_ago),
        points=full_points(proposal.call, share),
        comment=comment,
        feedback=feedback,
    )


def reviewed_proposal(call):
    proposal = ProposalToReviewFactory(call=call)
    FileAnswerFactory(attachment__proposal=proposal)
    for n, item in enumerate(REVIEWS):
        add_review(proposal, *item, hours_ago=10 - n)
    return proposal


@pytest.fixture
def blind_call(officer):
    return CallInReviewFactory(officers=[officer], created_by=officer, blind_review=True)


@pytest.fixture
def proposal(blind_call):
    return reviewed_proposal(blind_call)


def read(client, user, proposal):
    client.force_login(user)
    response = client.get(dossier_url(proposal))
    assert response.status_code == 200
    return response, response.content.decode()


def leaks(html: str) -> list[str]:
    return [text for text in IDENTIFYING if text in html]


def expected_points(call):
    """Each criterion's points per review, in the reviewers' order."""
    shares = [share for _name, share, _c, _f in REVIEWS]
    return [
        (criterion.pk, [full_points(call, share)[criterion.pk] for share in shares])
        for criterion in call.criteria.order_by("position", "pk")
    ]


# ---------------------------------------------------------------- what the committee reads


def test_the_committee_reads_the_proposal_and_every_review_blind(
    client, committee_member, proposal
):
    response, html = read(client, committee_member, proposal)
    assert proposal.problem in html and proposal.innovation in html
    assert "หัวหน้าโครงการ" in html  # the team's roles stay
    for _name, _share, comment, feedback in REVIEWS:
        assert comment in html
        assert not feedback or feedback in html
    reviews = response.context["reviews"]
    assert [r.label for r in reviews] == ["ผู้ทรงคุณวุฒิคนที่ 1", "ผู้ทรงคุณวุฒิคนที่ 2"]
    assert [r.review.total for r in reviews] == [
        Review.objects.get(comment=comment).total for _n, _s, comment, _f in REVIEWS
    ]
    assert [
        (line["criterion"].pk, line["points"]) for line in response.context["rows"]
    ] == expected_points(proposal.call)
    assert leaks(html) == []
    assert [name for name, *_rest in REVIEWS if name in html] == []
    assert "การประเมินแบบปกปิดชื่อ" in html


def test_only_submitted_reviews_that_count_are_shown(client, committee_member, proposal):
    ReviewFactory(
        assignment__proposal=proposal,
        state=ReviewState.DRAFT,
        submitted_at=None,
        points=False,
        comment="ร่างที่ยังไม่ส่ง",
    )
    ended = add_review(proposal, "ผู้มีส่วนได้เสีย", Decimal("1"), "ความเห็นที่ถูกตัดออก", "", hours_ago=1)
    ConflictFactory(proposal=proposal, reviewer=ended.assignment.reviewer)
    response, html = read(client, committee_member, proposal)
    assert len(response.context["reviews"]) == len(REVIEWS)
    assert "ร่างที่ยังไม่ส่ง" not in html
    assert "ความเห็นที่ถูกตัดออก" not in html


def test_the_officer_of_a_blind_call_sees_the_applicant_and_the_reviewers(
    client, officer, proposal
):
    response, html = read(client, officer, proposal)
    assert ORGANISATION_NAME in html and FILE_NAME in html
    assert [r.label for r in response.context["reviews"]] == [name for name, *_r in REVIEWS]


def test_without_blind_review_the_committee_sees_the_applicant_and_the_reviewers(
    client, committee_member, officer
):
    proposal = reviewed_proposal(
        CallInReviewFactory(officers=[officer], created_by=officer, blind_review=False)
    )
    response, html = read(client, committee_member, proposal)
    assert ORGANISATION_NAME in html
    assert [r.label for r in response.context["reviews"]] == [name for name, *_r in REVIEWS]
    assert "การประเมินแบบปกปิดชื่อ" not in html


def test_in_english_the_reviewers_are_numbered(client_en, committee_member, proposal):
    _response, html = read(client_en, committee_member, proposal)
    assert "Reviewer 1" in html and "Reviewer 2" in html
    assert "Comment for the committee" in html


def test_the_dossier_has_no_missing_thai(client, committee_member, officer, proposal):
    Decision.objects.create(
        proposal=proposal, outcome=DecisionOutcome.AWARD, amount=Decimal("80000"), reason="ดี"
    )
    with record_missing_thai() as missing:
        read(client, committee_member, proposal)
        read(client, officer, proposal)
    assert sorted(missing) == []


def test_after_publication_the_dossier_still_opens_with_the_final_decision(
    client, committee_member, proposal
):
    Decision.objects.create(
        proposal=proposal,
        outcome=DecisionOutcome.AWARD,
        amount=Decimal("80000"),
        reason="ชุมชนร่วมออกแบบ",
        final=True,
    )
    proposal.state = ProposalState.AWARDED
    proposal.save(update_fields=["state"])
    proposal.call.state = CallState.RESULTS_PUBLISHED
    proposal.call.save(update_fields=["state"])
    response, html = read(client, committee_member, proposal)
    assert "ชุมชนร่วมออกแบบ" in html
    assert len(response.context["reviews"]) == len(REVIEWS)
    assert response.context["may_decide"] is False


def test_the_committee_downloads_an_attachment_under_a_neutral_name(
    client, committee_member, proposal
):
    client.force_login(committee_member)
    attachment = proposal.attachments.get()
    response = client.get(reverse("reviews:blind_attachment", kwargs={"pk": attachment.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="attachment-1.pdf"'


# ---------------------------------------------------------------- who may not


@pytest.mark.parametrize("who", ["applicant", "reviewer", "other_officer", "in_conflict"])
def test_others_are_answered_404(client, proposal, other_officer, committee_member, who):
    people = {
        "applicant": proposal.organisation.members.get(),
        "reviewer": Review.objects.order_by("pk").first().assignment.reviewer,
        "other_officer": other_officer,
        "in_conflict": committee_member,
    }
    Conflict.objects.create(proposal=proposal, reviewer=committee_member, source="declared")
    client.force_login(people[who])
    response = client.get(dossier_url(proposal))
    assert response.status_code == 404
    assert REVIEWS[0][2] not in response.content.decode()


def test_anonymous_people_are_sent_to_log_in(client, proposal):
    response = client.get(dossier_url(proposal))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("call_state", "proposal_state"),
    [
        (CallState.CLOSED, ProposalState.ELIGIBLE),  # the review has not started
        (CallState.IN_REVIEW, ProposalState.INELIGIBLE),  # not on the ranking
        (CallState.IN_REVIEW, ProposalState.DRAFT),
    ],
)
def test_no_dossier_before_review_nor_off_the_ranking(
    client, committee_member, officer, proposal, call_state, proposal_state
):
    proposal.state = proposal_state
    proposal.save(update_fields=["state"])
    proposal.call.state = call_state
    proposal.call.save(update_fields=["state"])
    for person in (committee_member, officer):
        client.force_login(person)
        assert client.get(dossier_url(proposal)).status_code == 404


# ---------------------------------------------------------------- how it is reached


def test_the_ranking_links_each_row_to_its_dossier_but_a_conflicted_one(
    client, committee_member, proposal
):
    other = ProposalToReviewFactory(call=proposal.call, title="ห้องสมุดเคลื่อนที่")
    Conflict.objects.create(proposal=other, reviewer=committee_member, source="declared")
    client.force_login(committee_member)
    html = client.get(reverse("reviews:ranking", kwargs={"slug": proposal.call.slug})).content
    links = re.findall(r'href="(/reviews/proposal/\d+/dossier/)"', html.decode())
    assert links == [dossier_url(proposal)]


def test_the_decision_page_links_to_the_dossier_and_names_no_applicant_when_blind(
    client, committee_member, proposal
):
    client.force_login(committee_member)
    response = client.get(reverse("reviews:decide", kwargs={"pk": proposal.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{dossier_url(proposal)}"' in html
    assert ORGANISATION_NAME not in html
    assert proposal.reference in html


@pytest.mark.parametrize("size", [1, 6])
def test_dossier_queries_do_not_grow_with_the_reviews(
    client, committee_member, blind_call, size, django_assert_num_queries
):
    proposal = ProposalToReviewFactory(call=blind_call)
    FileAnswerFactory(attachment__proposal=proposal)
    for n in range(size):
        add_review(proposal, f"ผู้ทรงคุณวุฒิ {n}", Decimal("0.5"), f"ความเห็น {n}", "", hours_ago=n)
    client.force_login(committee_member)
    # The ranking's row is computed here (nothing cached yet): its key, what the loader may
    # reuse, and the loader's own queries are part of the count.
    with django_assert_num_queries(24):
        response = client.get(dossier_url(proposal))
    assert len(response.context["reviews"]) == size
