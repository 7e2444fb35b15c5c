"""The ranking page's calibration: intervals and rank ranges for all who read it, the
reviewers' leniency for the call's officers only, and one more reviewer in one click."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reviews.enums import AssignmentMethod, AssignmentState
from reviews.models import Assignment
from tests.factories import (
    PASSWORD,
    CallInReviewFactory,
    ConflictFactory,
    EligibleProposalFactory,
    PanelMemberFactory,
    ReviewFactory,
    Role,
    user_with,
)


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def call(db, officer):
    return CallInReviewFactory(
        officers=[officer], budget_total=Decimal("250000"), rubric=[{"weight": 60}, {"weight": 40}]
    )


@pytest.fixture
def reviewers(call):
    """Three reviewers on the panel; the third is harsh (30 points under the others)."""
    return [
        PanelMemberFactory(call=call, reviewer=user_with(Role.REVIEWER, full_name=name)).reviewer
        for name in ("กนก ใจดี", "ขวัญ ตรงไป", "คม เข้มงวด")
    ]


@pytest.fixture
def disputed(call, reviewers):
    """Four proposals each reviewed by all three; P1's reviewers disagree (90, 90, 50)."""
    proposals = []
    for points in (9, 8, 7, 6):
        proposal = EligibleProposalFactory(call=call)
        for reviewer, given in zip(reviewers, (points, points, points - 3), strict=True):
            ReviewFactory(
                assignment__proposal=proposal, assignment__reviewer=reviewer, points=[given] * 2
            )
        proposals.append(proposal)
    return proposals


def page(client, call):
    return client.get(reverse("reviews:ranking", kwargs={"slug": call.slug}))


def test_officer_sees_intervals_rank_ranges_and_the_reviewers_leniency(
    client, officer, call, disputed, reviewers
):
    response = page(login(client, officer), call)
    html = response.content.decode()
    rows = response.context["rows"]
    assert all(row.calibrated_low < row.calibrated < row.calibrated_high for row in rows)
    assert 'class="small text-muted text-nowrap interval"' in html
    leniency = response.context["leniency"]
    # Harshest first: the third reviewer, about 30 points under the other two.
    assert leniency[0]["reviewer"] == reviewers[2]
    assert leniency[1]["estimate"].leniency - leniency[0]["estimate"].leniency > 20
    assert 'id="reviewer-leniency"' in html and "คม เข้มงวด" in html


def test_committee_sees_intervals_but_never_the_leniency(client, committee_member, call, disputed):
    response = page(login(client, committee_member), call)
    html = response.content.decode()
    assert response.context["leniency"] is None
    assert 'id="reviewer-leniency"' not in html
    assert "interval" in html
    assert "extra-reviewer" not in html  # the committee does not assign


def test_one_more_reviewer_from_the_ranking_follows_the_assignment_rules(
    client, officer, call, disputed, reviewers
):
    free = user_with(Role.REVIEWER, full_name="ง่าย ว่าง")
    conflicted = user_with(Role.REVIEWER, full_name="จน ขัดกัน")
    full = user_with(Role.REVIEWER, full_name="ฉัน เต็ม")
    PanelMemberFactory(call=call, reviewer=free)
    PanelMemberFactory(call=call, reviewer=conflicted)
    PanelMemberFactory(call=call, reviewer=full, max_proposals=0)
    ConflictFactory(proposal=disputed[0], reviewer=conflicted)
    login(client, officer)
    assert "extra-reviewer" in page(client, call).content.decode()  # P1 is flagged
    url = reverse("reviews:extra_reviewer", kwargs={"pk": disputed[0].pk})
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"#row-{disputed[0].pk}")
    added = Assignment.objects.get(proposal=disputed[0], reviewer=free)
    assert added.state == AssignmentState.AWAITING_DECLARATION
    assert added.method == AssignmentMethod.AUTOMATIC
    assert "ง่าย ว่าง" in response.content.decode()
    # Again: the only free member is taken now; conflict and cap leave nobody.
    response = client.post(url, follow=True)
    assert Assignment.objects.filter(proposal=disputed[0]).count() == 4
    assert "ไม่มีผู้ทรงคุณวุฒิในคณะที่ว่างพอจะประเมิน" in response.content.decode()


def test_one_more_reviewer_is_refused_to_the_committee(client, committee_member, call, disputed):
    response = login(client, committee_member).post(
        reverse("reviews:extra_reviewer", kwargs={"pk": disputed[0].pk})
    )
    assert response.status_code == 403
    assert Assignment.objects.filter(proposal=disputed[0]).count() == 3


@pytest.mark.parametrize("size", [10, 60])
def test_officer_ranking_page_queries_do_not_grow(
    client, officer, call, reviewers, size, django_assert_num_queries
):
    for n in range(size):
        proposal = EligibleProposalFactory(call=call)
        for k, reviewer in enumerate(reviewers):
            ReviewFactory(
                assignment__proposal=proposal,
                assignment__reviewer=reviewer,
                points=[(n + 3 * k) % 11, (n * 3) % 11],
            )
    login(client, officer)
    page(client, call)  # computed and cached
    # The same at both sizes; the awarded total is cached with the ranking.
    with django_assert_num_queries(15):
        response = page(client, call)
    assert len(response.context["leniency"]) == 3
