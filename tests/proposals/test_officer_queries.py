"""Officer-side reads: the review pool, the counts of the list and of the panels, the task."""

from datetime import timedelta

import pytest
import time_machine
from django.db.models import Q
from django.utils import timezone

from grants.models import Province, Sector
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.panels import call_proposals_context
from proposals.pool import review_pool
from proposals.tasks import return_overdue_information_requests_task
from proposals.views.officer import breakdown, breakdowns
from tests.factories import (
    CallFactory,
    EligibleProposalFactory,
    OrganisationFactory,
    ProposalFactory,
    SubmittedProposalFactory,
)

S = ProposalState


@pytest.fixture
def mixed(open_call):
    org = OrganisationFactory(name="กลุ่มเยาวชนรักษ์ถิ่น")
    return [
        EligibleProposalFactory(call=open_call, organisation=org, primary_sector__code="health"),
        ProposalFactory(call=open_call, organisation=org, state=S.INELIGIBLE),
        EligibleProposalFactory(call=open_call, organisation=org, province__code="TH-10"),
        SubmittedProposalFactory(
            call=open_call, organisation=org, primary_sector=None, province=None
        ),
    ]


def test_review_pool_is_the_eligible_proposals_of_the_call(open_call, mixed):
    other_call = CallFactory()
    EligibleProposalFactory(call=other_call, organisation=mixed[0].organisation)
    assert list(review_pool(open_call)) == [mixed[0], mixed[2]]


def test_breakdown_counts_with_unknowns_last(open_call, mixed, django_assert_num_queries):
    queryset = Proposal.objects.filter(call=open_call)
    with django_assert_num_queries(2):
        rows = breakdown(queryset, "primary_sector", Sector)
    assert [(row["item"].code if row["item"] else None, row["count"]) for row in rows] == [
        ("urban", 2),
        ("health", 1),
        (None, 1),
    ]
    rows = breakdown(queryset.filter(~Q(state=S.INELIGIBLE)), "province", Province)
    assert [(row["item"].code if row["item"] else None, row["count"]) for row in rows] == [
        ("TH-10", 1),
        ("TH-50", 1),
        (None, 1),
    ]


def test_call_panel_counts_by_status(rf, officer, applicant, open_call, mixed):
    request = rf.get("/")
    request.user = officer
    context = call_proposals_context(request, call=open_call)
    assert context["total"] == 4
    assert [(row["state"], row["count"]) for row in context["by_state"]] == [
        (S.SUBMITTED, 1),
        (S.ELIGIBLE, 2),
        (S.INELIGIBLE, 1),
    ]
    request.user = applicant
    assert call_proposals_context(request, call=open_call) is None


def test_overdue_task_runs_twice_and_changes_once(open_call):
    org = OrganisationFactory(name="มูลนิธิเพื่อนชุมชน")
    waiting = ProposalFactory(call=open_call, organisation=org, state=S.NEEDS_INFO)
    Proposal.objects.filter(pk=waiting.pk).update(info_due=timezone.now() + timedelta(days=1))
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        assert return_overdue_information_requests_task() == 1
        assert return_overdue_information_requests_task() == 0
    waiting.refresh_from_db()
    assert waiting.state == S.SUBMITTED


def test_breakdowns_in_one_grouped_query_match_the_separate_ones(
    open_call, mixed, django_assert_num_queries
):
    queryset = Proposal.objects.filter(call=open_call)
    for scope in (queryset, queryset.filter(~Q(state=S.INELIGIBLE)), queryset.none()):
        # One grouped query for the count and both breakdowns, one per model for the names.
        with django_assert_num_queries(3 if scope.exists() else 0):
            total, (sectors, provinces) = breakdowns(
                scope, ("primary_sector", Sector), ("province", Province)
            )
        assert total == scope.count()
        assert sectors == breakdown(scope, "primary_sector", Sector)
        assert provinces == breakdown(scope, "province", Province)
