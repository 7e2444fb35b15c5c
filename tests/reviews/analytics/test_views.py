"""The analytics pages: who reads them, the filters, the CSV downloads, and a number of
queries that does not grow with the number of proposals."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.models import Programme
from proposals.enums import ProposalState
from reviews.enums import AssignmentState, DecisionOutcome
from tests.factories import (
    AssignmentFactory,
    CallInReviewFactory,
    DecisionFactory,
    EligibleProposalFactory,
    ProposalFactory,
    ReviewFactory,
    SubmittedProposalFactory,
)

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("reviews:analytics:overview")


def call_url(call) -> str:
    return reverse("reviews:analytics:call", kwargs={"slug": call.slug})


def test_the_officer_sees_the_calls_they_run_in_the_overview(client, world, officer):
    client.force_login(officer)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    assert [c.slug for c in response.context["calls"]] == ["r-now", "p-2017"]
    funnel = response.context["charts"][0].dataset
    assert funnel.rows[0].values == [13]
    assert 'role="img"' in response.text
    assert '<title id="chart-funnel-title">' in response.text


def test_the_other_officer_sees_only_their_own_call(client, world, other_officer):
    client.force_login(other_officer)
    response = client.get(OVERVIEW)
    assert [c.slug for c in response.context["calls"]] == ["o-open"]
    assert response.context["charts"][0].dataset.rows[0].values == [1]
    assert client.get(call_url(world["review"])).status_code == 404
    assert client.get(call_url(world["other"])).status_code == 200


def test_the_committee_sees_every_call(client, world, committee_member):
    client.force_login(committee_member)
    response = client.get(OVERVIEW)
    assert {c.slug for c in response.context["calls"]} == {"r-now", "p-2017", "o-open"}
    assert client.get(call_url(world["review"])).status_code == 200


@pytest.mark.parametrize("role", ["applicant", "reviewer"])
def test_applicants_and_reviewers_are_refused(client, world, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(OVERVIEW).status_code == 403
    assert client.get(call_url(world["review"])).status_code == 404


def test_anonymous_people_are_sent_to_log_in(client, world):
    response = client.get(call_url(world["review"]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_filters_by_year_and_programme(client, world, officer):
    client.force_login(officer)
    response = client.get(OVERVIEW, {"year": "2017"})
    assert [c.slug for c in response.context["calls"]] == ["p-2017"]
    years = response.context["charts"][-1].dataset
    # Every year stays on the line, the chosen one highlighted.
    assert [(row.key, row.highlight) for row in years.rows] == [
        ("2017", True),
        (str(timezone.localtime(world["review"].deadline).year), False),
    ]
    other = Programme.objects.exclude(code="project-grants").first()
    response = client.get(OVERVIEW, {"programme": other.code})
    assert response.context["calls"] == []


def test_an_unknown_year_is_left_out(client, world, officer):
    client.force_login(officer)
    response = client.get(OVERVIEW, {"year": "1999"})
    assert response.status_code == 200
    assert len(response.context["calls"]) == 2


def test_csv_download_of_a_chart(client, world, officer):
    client.force_login(officer)
    url = reverse("reviews:analytics:call_csv", kwargs={"slug": "p-2017", "chart": "funnel"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="p-2017-funnel.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row[1] for row in rows[1:]] == ["7", "5", "4", "2", "2"]


def test_overview_csv_keeps_the_filters(client, world, officer):
    client.force_login(officer)
    url = reverse("reviews:analytics:overview_csv", kwargs={"chart": "money"})
    text = b"".join(client.get(url, {"year": "2017"}).streaming_content).decode()
    assert len(list(csv.reader(io.StringIO(text)))) == 2  # the header and the 2017 call


def test_an_unknown_chart_is_not_found(client, world, officer):
    client.force_login(officer)
    url = reverse("reviews:analytics:overview_csv", kwargs={"chart": "nope"})
    assert client.get(url).status_code == 404


def test_the_call_page_links_to_its_analytics(client, world, officer, applicant):
    client.force_login(officer)
    page = client.get(world["review"].get_absolute_url()).text
    assert call_url(world["review"]) in page
    client.force_login(applicant)
    assert call_url(world["review"]) not in client.get(world["review"].get_absolute_url()).text


def test_the_dashboards_link_to_the_overview(client, world, officer, committee_member):
    for user, role in [(officer, "officer"), (committee_member, "committee")]:
        client.force_login(user)
        page = client.get(reverse("portal:role_dashboard", kwargs={"role": role})).text
        assert OVERVIEW in page


# ---------------------------------------------------------------- queries


def _grow(call, reviewer, committee_member, n: int) -> None:
    """n more proposals of each kind in `call`: reviewed and decided, submitted, drafts."""
    for _ in range(n):
        proposal = EligibleProposalFactory(call=call)
        ReviewFactory(assignment__proposal=proposal, assignment__reviewer=reviewer)
        AssignmentFactory(proposal=proposal, state=AssignmentState.ACTIVE)
        DecisionFactory(
            proposal=proposal, outcome=DecisionOutcome.NOT_SELECTED, decided_by=committee_member
        )
        SubmittedProposalFactory(call=call)
        ProposalFactory(call=call, state=ProposalState.DRAFT)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["overview", "call"])
def test_queries_do_not_grow_with_the_proposals(client, officer, reviewer, committee_member, page):
    call = CallInReviewFactory(officers=[officer], created_by=officer)
    url = OVERVIEW if page == "overview" else call_url(call)
    client.force_login(officer)
    _grow(call, reviewer, committee_member, 1)
    small = _queries(client, url)
    _grow(call, reviewer, committee_member, 6)
    large = _queries(client, url)
    assert large == small
