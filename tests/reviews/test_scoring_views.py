"""The reviewer's pages: queue, dashboard panel, declaration, scoring page, attachments."""

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import Notification
from reviews.enums import AssignmentState, ReviewState
from reviews.forms import points_field_name
from reviews.models import Review
from reviews.scoring import weighted_total
from tests.factories import (
    FILE_NAME,
    ORGANISATION_NAME,
    PASSWORD,
    PDF_BYTES,
    AssignmentFactory,
    AttachmentFactory,
    CallInReviewFactory,
    ConflictFactory,
    ProposalToReviewFactory,
    ReviewFactory,
    Role,
    full_points,
    user_with,
)


@pytest.fixture
def signed_in(client, reviewer):
    client.force_login(reviewer)
    return client


def page_url(proposal):
    return reverse("reviews:review_proposal", kwargs={"pk": proposal.pk})


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def criteria(call):
    return list(call.criteria.order_by("position", "pk"))


def form_data(call, points=None, action="save", comment="ชัดเจน"):
    points = full_points(call) if points is None else points
    data = {points_field_name(c): str(points[c.pk]) for c in criteria(call) if c.pk in points}
    return {**data, "comment": comment, "feedback": "", "action": action}


# The queue and the dashboard panel


def test_queue_groups_assignments_by_call_with_their_state_and_action(signed_in, reviewer, officer):
    first_call = CallInReviewFactory(officers=[officer], created_by=officer)
    later_call = CallInReviewFactory(
        officers=[officer],
        created_by=officer,
        review_ends_at=first_call.review_ends_at + timedelta(days=3),
    )
    awaiting = AssignmentFactory(
        proposal=ProposalToReviewFactory(call=first_call, title="ก awaiting"), reviewer=reviewer
    )
    to_score = AssignmentFactory(
        proposal=ProposalToReviewFactory(call=first_call, title="ข to score"),
        reviewer=reviewer,
        state=AssignmentState.ACTIVE,
    )
    draft = AssignmentFactory(
        proposal=ProposalToReviewFactory(call=later_call, title="ค draft"),
        reviewer=reviewer,
        state=AssignmentState.ACTIVE,
    )
    Review.objects.create(assignment=draft)
    done = AssignmentFactory(
        proposal=ProposalToReviewFactory(call=later_call, title="ง done"),
        reviewer=reviewer,
        state=AssignmentState.ACTIVE,
    )
    ReviewFactory(assignment=done)
    ended = AssignmentFactory(
        proposal=ProposalToReviewFactory(call=later_call, title="จ conflict"), reviewer=reviewer
    )
    ConflictFactory(proposal=ended.proposal, reviewer=reviewer)
    AssignmentFactory(
        proposal=ProposalToReviewFactory(call=later_call, title="ฉ removed"),
        reviewer=reviewer,
        state=AssignmentState.REMOVED,
    )

    response = signed_in.get(reverse("reviews:my_reviews"))

    groups = response.context["groups"]
    assert [group.call for group in groups] == [first_call, later_call]
    assert [[(row.assignment, row.state) for row in group.rows] for group in groups] == [
        [(awaiting, "awaiting"), (to_score, "to_score")],
        [(draft, "draft"), (done, "submitted"), (ended, "conflict")],
    ]
    html = response.content.decode()
    assert "ฉ removed" not in html
    assert first_call.title in html
    assert 'class="countdown"' in html
    assert html.count(page_url(awaiting.proposal)) == 2  # the title and the button
    assert page_url(ended.proposal) not in html  # no action once ended by a conflict


def test_queue_is_for_reviewers_only(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("reviews:my_reviews"))
    assert response.status_code == 403
    assert b"reviews/proposal/" not in response.content


def test_queue_without_assignments_says_so(signed_in):
    response = signed_in.get(reverse("reviews:my_reviews"))
    assert response.context["groups"] == []
    assert _("No proposals to review yet") in response.content.decode()


def _fill_queue(reviewer, officer, calls: int, per_call: int):
    for _number in range(calls):
        call = CallInReviewFactory(officers=[officer], created_by=officer, blind_review=True)
        for n in range(per_call):
            state = AssignmentState.ACTIVE if n % 2 else AssignmentState.AWAITING_DECLARATION
            assignment = AssignmentFactory(
                proposal=ProposalToReviewFactory(call=call), reviewer=reviewer, state=state
            )
            if n % 3 == 1:
                Review.objects.create(assignment=assignment)


@pytest.mark.parametrize("url_name", ["reviews:my_reviews", "dashboard"])
def test_queue_and_panel_queries_do_not_grow_with_the_assignments(
    client, reviewer, officer, django_assert_num_queries, url_name
):
    url = (
        reverse("portal:role_dashboard", kwargs={"role": Role.REVIEWER})
        if url_name == "dashboard"
        else reverse(url_name)
    )
    client.force_login(reviewer)
    _fill_queue(reviewer, officer, calls=1, per_call=2)
    client.get(url)  # warm up the session and caches
    with django_assert_num_queries(count := _count(client, url)):
        client.get(url)
    _fill_queue(reviewer, officer, calls=3, per_call=4)
    with django_assert_num_queries(count):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("reviews/proposal/") == 2 * 14


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_dashboard_panel_shows_the_queue_to_reviewers(signed_in, reviewer, proposal):
    AssignmentFactory(proposal=proposal, reviewer=reviewer)
    response = signed_in.get(reverse("portal:role_dashboard", kwargs={"role": Role.REVIEWER}))
    html = response.content.decode()
    assert proposal.title in html
    assert reverse("reviews:my_reviews") in html
    assert page_url(proposal) in html


def test_dashboard_panel_is_left_out_without_assignments(signed_in):
    response = signed_in.get(reverse("portal:role_dashboard", kwargs={"role": Role.REVIEWER}))
    assert reverse("reviews:my_reviews") not in response.content.decode()
    assert response.status_code == 200


# Declaration


def test_awaiting_reviewer_sees_only_the_declaration(signed_in, reviewer, proposal):
    AssignmentFactory(proposal=proposal, reviewer=reviewer)
    response = signed_in.get(page_url(proposal))
    html = response.content.decode()
    assert response.templates[0].name == "reviews/scoring/declare.html"
    assert proposal.title in html
    assert ORGANISATION_NAME in html  # not blind: the organisation is the point of declaring
    for content in (proposal.summary, proposal.problem, proposal.innovation, "เซนเซอร์ 20 ชุด"):
        assert content not in html
    assert reverse("reviews:declare_conflict", kwargs={"pk": proposal.pk}) in html


def test_declaring_no_conflict_opens_the_content(signed_in, reviewer, proposal):
    assignment = AssignmentFactory(proposal=proposal, reviewer=reviewer)
    response = signed_in.post(
        reverse("reviews:declare_conflict", kwargs={"pk": proposal.pk}),
        {"declaration": "no", "reason": ""},
        follow=True,
    )
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.ACTIVE
    assert response.redirect_chain == [(page_url(proposal), 302)]
    html = response.content.decode()
    assert proposal.problem in html
    assert "เซนเซอร์ 20 ชุด" in html


def test_declaring_a_conflict_ends_it_and_the_page_answers_404(
    signed_in, reviewer, proposal, officer
):
    assignment = AssignmentFactory(proposal=proposal, reviewer=reviewer)
    response = signed_in.post(
        reverse("reviews:declare_conflict", kwargs={"pk": proposal.pk}),
        {"declaration": "yes", "reason": "เป็นกรรมการมูลนิธิ"},
    )
    assert response.url == reverse("reviews:my_reviews")
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.CONFLICT
    assert list(Notification.objects.values_list("kind", "recipient")) == [
        ("conflict_declared", officer.pk)
    ]
    after = signed_in.get(page_url(proposal))
    assert after.status_code == 404
    assert proposal.problem not in after.content.decode()


def test_a_conflict_without_a_reason_is_refused_at_the_field(signed_in, reviewer, proposal):
    assignment = AssignmentFactory(proposal=proposal, reviewer=reviewer)
    response = signed_in.post(
        reverse("reviews:declare_conflict", kwargs={"pk": proposal.pk}),
        {"declaration": "yes", "reason": "  "},
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["reason"]
    assert response.context["form"]["declaration"].value() == "yes"  # the choice is kept
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.AWAITING_DECLARATION


def test_declare_is_post_only_and_404_for_the_unassigned(client, proposal):
    client.force_login(user_with(Role.REVIEWER))
    url = reverse("reviews:declare_conflict", kwargs={"pk": proposal.pk})
    assert client.get(url).status_code == 405
    response = client.post(url, {"declaration": "no"})
    assert response.status_code == 404
    assert list(proposal.assignments.all()) == []


# The scoring page


def test_unassigned_reviewer_gets_404_on_the_page_and_the_attachment(client, proposal):
    attachment = AttachmentFactory(proposal=proposal)
    client.force_login(user_with(Role.REVIEWER))
    page = client.get(page_url(proposal))
    download = client.get(reverse("reviews:blind_attachment", kwargs={"pk": attachment.pk}))
    assert (page.status_code, download.status_code) == (404, 404)
    assert proposal.problem not in page.content.decode()


def test_wrong_roles_get_404_on_the_page(client, proposal, officer, applicant, committee_member):
    for user in (officer, applicant, committee_member):
        client.force_login(user)
        response = client.get(page_url(proposal))
        assert response.status_code == 404, user
        assert proposal.problem not in response.content.decode()


def test_removed_assignment_gets_404(signed_in, reviewer, proposal):
    AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.REMOVED)
    assert signed_in.get(page_url(proposal)).status_code == 404


def test_scoring_page_shows_the_content_and_the_rubric(signed_in, reviewer, proposal, call):
    AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)
    attachment = AttachmentFactory(proposal=proposal)
    response = signed_in.get(page_url(proposal))
    html = response.content.decode()
    for text in (
        proposal.summary,
        proposal.problem,
        proposal.innovation,
        proposal.target_group,
        "80,000",
        "เซนเซอร์ 20 ชุด",
        "หัวหน้าโครงการ",
        "แจ้งเตือนล่วงหน้า",
        ORGANISATION_NAME,
        FILE_NAME,
        reverse("reviews:blind_attachment", kwargs={"pk": attachment.pk}),
        "js/review_form.js",
    ):
        assert text in html, text
    for criterion in criteria(call):
        assert criterion.title in html
        assert f'name="{points_field_name(criterion)}"' in html
    assert 'step="0.5"' in html
    assert response.context["running_total"] == Decimal("0.000")
    assert "<script>" not in html


def test_save_draft_keeps_points_and_shows_the_running_total(signed_in, reviewer, proposal, call):
    assignment = AssignmentFactory(
        proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE
    )
    first = criteria(call)[0]
    response = signed_in.post(
        page_url(proposal), form_data(call, points={first.pk: Decimal("7.5")}), follow=True
    )
    review = Review.objects.get(assignment=assignment)
    assert review.state == ReviewState.DRAFT
    assert list(review.scores.values_list("points", flat=True)) == [Decimal("7.50")]
    assert messages_of(response) == [_("Your draft has been saved.")]
    expected = weighted_total({first.pk: Decimal("7.5")}, criteria(call))
    assert response.context["running_total"] == expected
    assert 'value="7.5"' in response.content.decode()


@pytest.mark.parametrize("points", ["10.5", "-1", "7.25"])
def test_points_outside_the_range_or_step_are_refused_at_the_field(
    signed_in, reviewer, proposal, call, points
):
    AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)
    first = criteria(call)[0]
    data = form_data(call)
    data[points_field_name(first)] = points
    response = signed_in.post(page_url(proposal), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [points_field_name(first)]
    assert list(Review.objects.all()) == []


def test_submit_requires_every_criterion_and_keeps_the_draft(signed_in, reviewer, proposal, call):
    assignment = AssignmentFactory(
        proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE
    )
    first = criteria(call)[0]
    response = signed_in.post(
        page_url(proposal), form_data(call, points={first.pk: Decimal("5")}, action="submit")
    )
    review = Review.objects.get(assignment=assignment)
    assert review.state == ReviewState.DRAFT
    assert review.scores.count() == 1
    missing, saved = messages_of(response)
    assert criteria(call)[1].title in missing
    assert saved == _("Your draft has been saved.")


def test_submit_stores_the_weighted_total(signed_in, reviewer, proposal, call):
    assignment = AssignmentFactory(
        proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE
    )
    points = full_points(call, share=Decimal("0.6"))
    response = signed_in.post(
        page_url(proposal), form_data(call, points, action="submit"), follow=True
    )
    review = Review.objects.get(assignment=assignment)
    assert review.state == ReviewState.SUBMITTED
    assert review.total == weighted_total(points, criteria(call))
    html = response.content.decode()
    assert f"{review.total:.2f}" in html
    assert 'name="action"' not in html  # no form once submitted


def test_double_submit_is_harmless(signed_in, reviewer, proposal, call):
    AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)
    data = form_data(call, action="submit")
    signed_in.post(page_url(proposal), data)
    first = Review.objects.get()
    response = signed_in.post(page_url(proposal), {**data, "comment": "เปลี่ยน"}, follow=True)
    again = Review.objects.get()
    assert (again.total, again.submitted_at, again.comment) == (
        first.total,
        first.submitted_at,
        first.comment,
    )
    assert response.redirect_chain == [(page_url(proposal), 302)]
    assert proposal.events.filter(kind="review").count() == 1


def test_submit_after_the_review_deadline_is_refused_with_the_deadline(
    client_en, reviewer, proposal, call
):
    client_en.force_login(reviewer)
    assignment = AssignmentFactory(
        proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE
    )
    client_en.post(
        page_url(proposal),
        form_data(call, points={criteria(call)[0].pk: Decimal("4")}),
        follow=True,
    )
    with time_machine.travel(call.review_ends_at + timedelta(seconds=1), tick=False):
        response = client_en.post(page_url(proposal), form_data(call, action="submit"))
    review = Review.objects.get(assignment=assignment)
    assert (review.state, review.scores.count()) == (ReviewState.DRAFT, 1)
    bangkok = call.review_ends_at.astimezone(ZoneInfo("Asia/Bangkok"))
    [message] = messages_of(response)
    assert f"{bangkok:%H:%M} ICT" in message
    assert "no longer be submitted" in message
    assert response.status_code == 200


def test_other_scores_are_hidden_before_own_submission_and_shown_after(
    signed_in, reviewer, proposal, call
):
    other = AssignmentFactory(
        proposal=proposal,
        reviewer__full_name="ดร.สมศักดิ์ ผู้ทรงคุณวุฒิ",
        state=AssignmentState.ACTIVE,
    )
    other_review = ReviewFactory(assignment=other, comment="ความเห็นผู้อื่น")
    AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)

    before = signed_in.get(page_url(proposal))
    assert before.context["others"] == []
    assert "ความเห็นผู้อื่น" not in before.content.decode()

    signed_in.post(page_url(proposal), form_data(call, action="submit"))
    after = signed_in.get(page_url(proposal))
    html = after.content.decode()
    assert [(o.label, o.review) for o in after.context["others"]] == [
        (_("Reviewer %(letter)s") % {"letter": "A"}, other_review)
    ]
    assert "ความเห็นผู้อื่น" in html
    assert f"{other_review.total:.2f}" in html
    assert "สมศักดิ์" not in html


def test_reviewer_in_conflict_sees_no_scores(client, reviewer, proposal, call):
    other = AssignmentFactory(proposal=proposal, state=AssignmentState.ACTIVE)
    ReviewFactory(assignment=other, comment="ความเห็นผู้อื่น")
    mine = AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)
    ReviewFactory(assignment=mine)
    ConflictFactory(proposal=proposal, reviewer=reviewer)
    client.force_login(reviewer)
    response = client.get(page_url(proposal))
    assert response.status_code == 404
    assert "ความเห็นผู้อื่น" not in response.content.decode()


# Attachments


def test_attachment_of_an_open_call_downloads_under_its_own_name(client, reviewer, proposal):
    attachment = AttachmentFactory(proposal=proposal)
    AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)
    client.force_login(reviewer)
    response = client.get(reverse("reviews:blind_attachment", kwargs={"pk": attachment.pk}))
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_attachment_needs_the_declaration_first(client, reviewer, proposal):
    attachment = AttachmentFactory(proposal=proposal)
    AssignmentFactory(proposal=proposal, reviewer=reviewer)
    client.force_login(reviewer)
    response = client.get(reverse("reviews:blind_attachment", kwargs={"pk": attachment.pk}))
    assert response.status_code == 404
    assert "Content-Disposition" not in response


def test_anonymous_visitor_gets_404_on_an_attachment(client, proposal):
    attachment = AttachmentFactory(proposal=proposal)
    response = client.get(reverse("reviews:blind_attachment", kwargs={"pk": attachment.pk}))
    assert response.status_code == 404
    assert "Content-Disposition" not in response


def test_signed_in_with_password_reaches_the_queue(client, reviewer):
    assert client.login(email=reviewer.email, password=PASSWORD)
    response = client.get(reverse("reviews:my_reviews"))
    assert response.status_code == 200
    assert response.context["groups"] == []


def test_committee_member_with_reviewer_role_keeps_the_page(client, proposal):
    both = user_with(Role.REVIEWER, Role.COMMITTEE)
    AssignmentFactory(proposal=proposal, reviewer=both, state=AssignmentState.ACTIVE)
    client.force_login(both)
    response = client.get(page_url(proposal))
    assert proposal.problem in response.content.decode()
