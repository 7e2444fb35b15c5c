"""Pages of the assignment area: roles, forms, the preview and its save, query counts."""

import pytest
from django.urls import reverse

from grants.enums import CallState
from reviews.assignment_solver import Shortfall
from reviews.enums import AssignmentMethod
from reviews.models import Assignment, PanelMember, ReviewerProfile
from tests.factories import (
    CallFactory,
    CallInReviewFactory,
    EligibleProposalFactory,
    PanelMemberFactory,
    ReviewerFactory,
    Role,
    tax_id,
    user_with,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(officer):
    return CallInReviewFactory(officers=[officer], created_by=officer, reviewers_per_proposal=2)


def panel_url(call):
    return reverse("reviews:call_panel", kwargs={"slug": call.slug})


def auto_url(call):
    return reverse("reviews:auto_assign", kwargs={"slug": call.slug})


# ---------------------------------------------------------------- profile


def test_reviewer_saves_their_profile(client, reviewer):
    client.force_login(reviewer)
    url = reverse("reviews:reviewer_profile")
    response = client.post(
        url,
        {
            "organisation_name": "มหาวิทยาลัยเชียงใหม่",
            "organisation_tax_id": tax_id(11),
            "max_per_call": "8",
            "expertise": ["1"],
        },
    )
    assert response.status_code == 302
    profile = ReviewerProfile.objects.get(user=reviewer)
    assert (profile.organisation_name, profile.max_per_call) == ("มหาวิทยาลัยเชียงใหม่", 8)


def test_a_wrong_tax_id_is_refused_at_the_field(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:reviewer_profile"),
        {"organisation_tax_id": "1234567890123", "max_per_call": "8"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisation_tax_id"]
    assert not ReviewerProfile.objects.exists()


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.OFFICER, Role.COMMITTEE])
def test_the_profile_page_is_for_reviewers_only(client, role):
    client.force_login(user_with(role))
    response = client.get(reverse("reviews:reviewer_profile"))
    assert response.status_code == 403
    assert not ReviewerProfile.objects.exists()


# ---------------------------------------------------------------- panel


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER, Role.COMMITTEE])
def test_panel_pages_are_forbidden_to_other_roles(client, call, role):
    client.force_login(user_with(role))
    for url in (panel_url(call), auto_url(call)):
        response = client.get(url)
        assert response.status_code == 403, url
    response = client.post(auto_url(call))
    assert response.status_code == 403
    assert Assignment.objects.count() == 0


def test_an_officer_of_another_call_is_forbidden(client, call, other_officer):
    client.force_login(other_officer)
    response = client.get(panel_url(call))
    assert response.status_code == 403
    assert b"panel-members" not in response.content


def test_the_panel_of_a_draft_call_is_not_found_for_outsiders(client, officer, reviewer):
    draft = CallFactory(state=CallState.DRAFT, officers=[officer], created_by=officer)
    client.force_login(reviewer)
    assert client.get(panel_url(draft)).status_code == 404


def test_officer_adds_a_reviewer_by_email(client, call, officer):
    expert = ReviewerFactory(email="expert-by-mail@example.org")
    client.force_login(officer)
    response = client.post(
        reverse("reviews:panel_add", kwargs={"slug": call.slug}),
        {"email": "EXPERT-by-mail@example.org", "max_proposals": "5"},
        follow=True,
    )
    assert list(PanelMember.objects.values_list("reviewer", "max_proposals")) == [(expert.pk, 5)]
    assert expert.get_full_name() in response.content.decode()


def test_the_panel_lists_members_with_load_and_cap(client, call, officer):
    expert = ReviewerFactory(profile__organisation_name="สถาบันวิจัย", profile__max_per_call=7)
    PanelMemberFactory(call=call, reviewer=expert)
    Assignment.objects.create(
        proposal=EligibleProposalFactory(call=call), reviewer=expert, method=AssignmentMethod.MANUAL
    )
    client.force_login(officer)
    page = client.get(panel_url(call)).content.decode()
    assert "สถาบันวิจัย" in page
    assert "1 / 7" in page


def test_a_refused_manual_assignment_says_why(client, call, officer):
    expert = ReviewerFactory(profile__organisation_tax_id=tax_id(5))
    PanelMemberFactory(call=call, reviewer=expert)
    proposal = EligibleProposalFactory(call=call)
    proposal.organisation.tax_id = tax_id(5)
    proposal.organisation.save()
    client.force_login(officer)
    response = client.post(
        reverse("reviews:panel_assign", kwargs={"slug": call.slug}),
        {"proposal": proposal.pk, "reviewer": expert.pk},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert tax_id(5) in messages[0]
    assert Assignment.objects.count() == 0


def test_panel_query_count_does_not_grow_with_the_panel(
    client, call, officer, django_assert_num_queries
):
    client.force_login(officer)

    def grow(n):
        for _ in range(n):
            expert = ReviewerFactory(
                profile__expertise=["urban", "health"], profile__organisation_name="x"
            )
            PanelMemberFactory(call=call, reviewer=expert)
            EligibleProposalFactory(call=call)

    grow(2)
    client.get(panel_url(call))  # warm caches (sessions, sites)
    with django_assert_num_queries(13):
        client.get(panel_url(call))
    grow(5)
    with django_assert_num_queries(13):
        client.get(panel_url(call))


# ---------------------------------------------------------------- proposal page


def test_the_proposal_page_is_not_found_for_a_reviewer(client, call, reviewer):
    proposal = EligibleProposalFactory(call=call)
    client.force_login(reviewer)
    assert (
        client.get(reverse("reviews:proposal_assignments", kwargs={"pk": proposal.pk})).status_code
        == 404
    )


def test_the_proposal_page_shows_conflicted_panel_members_with_the_reason(client, call, officer):
    proposal = EligibleProposalFactory(call=call)
    proposal.organisation.name = "Green Foundation"
    proposal.organisation.save()
    expert = ReviewerFactory(profile__organisation_name="green   FOUNDATION")
    PanelMemberFactory(call=call, reviewer=expert)
    PanelMemberFactory(call=call)
    client.force_login(officer)
    page = client.get(
        reverse("reviews:proposal_assignments", kwargs={"pk": proposal.pk})
    ).content.decode()
    assert "Green Foundation" in page
    assert page.count('name="back" value="proposal"') == 1  # only the free one can be assigned


def test_removing_an_assignment_from_the_proposal_page(client, call, officer):
    expert = PanelMemberFactory(call=call).reviewer
    assignment = Assignment.objects.create(
        proposal=EligibleProposalFactory(call=call), reviewer=expert, method=AssignmentMethod.MANUAL
    )
    client.force_login(officer)
    response = client.post(reverse("reviews:assignment_remove", kwargs={"pk": assignment.pk}))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == "removed"


# ---------------------------------------------------------------- automatic


def test_preview_shows_counts_and_uncovered_reasons_and_writes_nothing(client, call, officer):
    PanelMemberFactory(call=call)
    proposal = EligibleProposalFactory(call=call)
    client.force_login(officer)
    response = client.get(auto_url(call))
    page = response.content.decode()
    assert response.context["plan"].new_count == 1
    assert proposal.reference in page
    assert [u.reason for u in response.context["plan"].solution.uncovered] == [
        Shortfall.PANEL_TOO_SMALL
    ]
    assert 'id="uncovered"' in page
    assert Assignment.objects.count() == 0


def test_preview_in_english_names_the_reason(client_en, call, officer):
    PanelMemberFactory(call=call)
    EligibleProposalFactory(call=call)
    client_en.force_login(officer)
    page = client_en.get(auto_url(call)).content.decode()
    assert "the panel is smaller than the reviewers needed per proposal" in page


def test_save_applies_the_previewed_plan(client_en, call, officer):
    PanelMemberFactory.create_batch(2, call=call)
    EligibleProposalFactory(call=call)
    client_en.force_login(officer)
    digest = client_en.get(auto_url(call)).context["plan"].digest
    response = client_en.post(auto_url(call), {"digest": digest}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["2 assignments saved."]
    assert Assignment.objects.filter(method=AssignmentMethod.AUTOMATIC).count() == 2


def test_save_says_so_when_the_data_changed_since_the_preview(client_en, call, officer):
    PanelMemberFactory.create_batch(2, call=call)
    EligibleProposalFactory(call=call)
    client_en.force_login(officer)
    digest = client_en.get(auto_url(call)).context["plan"].digest
    EligibleProposalFactory(call=call)
    response = client_en.post(auto_url(call), {"digest": digest}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 2
    assert "changed since the preview" in messages[0]
    assert messages[1] == "4 assignments saved."


def test_an_open_call_cannot_be_assigned_and_says_so(client_en, officer):
    call = CallInReviewFactory(officers=[officer], created_by=officer, state=CallState.PUBLISHED)
    client_en.force_login(officer)
    response = client_en.get(auto_url(call))
    assert "closed or in review" in response.content.decode()
    assert client_en.post(auto_url(call)).status_code == 403


def test_the_call_page_shows_the_panel_card_to_its_officers(client_en, call, officer, reviewer):
    PanelMemberFactory(call=call, reviewer=reviewer)
    client_en.force_login(officer)
    page = client_en.get(call.get_absolute_url()).content.decode()
    assert "Review panel" in page
    assert "1 reviewer" in page


def test_preview_query_count_does_not_grow_with_the_call(
    client, call, officer, django_assert_num_queries
):
    client.force_login(officer)

    def grow(n):
        for _ in range(n):
            PanelMemberFactory(
                call=call,
                reviewer=ReviewerFactory(
                    profile__expertise=["urban"], profile__organisation_name="x"
                ),
            )
            EligibleProposalFactory(call=call)

    grow(2)
    client.get(auto_url(call))
    with django_assert_num_queries(QUERIES_PREVIEW):
        client.get(auto_url(call))
    grow(6)
    with django_assert_num_queries(QUERIES_PREVIEW):
        client.get(auto_url(call))


def test_proposal_page_query_count_does_not_grow_with_the_panel(
    client, call, officer, django_assert_num_queries
):
    proposal = EligibleProposalFactory(call=call)
    client.force_login(officer)
    url = reverse("reviews:proposal_assignments", kwargs={"pk": proposal.pk})

    def grow(n):
        for _ in range(n):
            expert = ReviewerFactory(profile__expertise=["urban"], profile__organisation_name="x")
            PanelMemberFactory(call=call, reviewer=expert)
            Assignment.objects.create(
                proposal=proposal, reviewer=expert, method=AssignmentMethod.MANUAL
            )
            PanelMemberFactory(call=call)

    grow(1)
    client.get(url)
    with django_assert_num_queries(QUERIES_PROPOSAL):
        client.get(url)
    grow(4)
    with django_assert_num_queries(QUERIES_PROPOSAL):
        client.get(url)


QUERIES_PREVIEW = 17  # 2 of them read the reviewers' texts (reviews.matching)
QUERIES_PROPOSAL = 13


def test_the_reviewer_dashboard_links_to_the_profile(client_en, reviewer):
    client_en.force_login(reviewer)
    page = client_en.get(reverse("portal:role_dashboard", kwargs={"role": "reviewer"}))
    assert reverse("reviews:reviewer_profile") in page.content.decode()
    assert "Fill in your profile" in page.content.decode()
