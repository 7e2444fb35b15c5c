"""The pages of a multi-stage call: the shortlist, the later stage's visibility and refusal
of new proposals, the applicant's stage status; query counts at two sizes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.enums import CallState
from grants.models import Call
from grants.queries import open_calls, public_calls
from portal.models import Notification
from proposals.enums import ProposalState
from proposals.models import Proposal
from reviews.models import StageResult
from reviews.services.shortlist import shortlist_stage
from tests.factories import (
    PASSWORD,
    EligibleProposalFactory,
    OrganisationFactory,
    Role,
    user_with,
)
from tests.stages_fixtures import staged_call

pytestmark = pytest.mark.django_db


DASHBOARD = "/dashboard/applicant/"  # portal:role_dashboard


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def shortlist_url(call, name="reviews:shortlist"):
    return reverse(name, kwargs={"slug": call.slug})


def test_shortlist_page_shows_the_ranking_with_a_running_total(client, officer):
    (first, _second), (a, b, c) = staged_call(officer=officer)
    response = login(client, officer).get(shortlist_url(first))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.pk for row in rows] == [a.pk, b.pk, c.pk]
    assert [row.stage_running_total for row in rows] == [
        a.requested_amount,
        a.requested_amount + b.requested_amount,
        a.requested_amount + b.requested_amount + c.requested_amount,
    ]
    assert response.context["budget"] == first.budget_total
    assert f'value="{a.pk}"' in response.content.decode()


def test_confirming_the_shortlist_invites_and_shows_the_results(client, officer):
    (first, second), (a, b, c) = staged_call(officer=officer)
    response = login(client, officer).post(
        shortlist_url(first, "reviews:shortlist_confirm"),
        {"shortlisted": [a.pk, b.pk], "reason": "คะแนนต่ำกว่าเกณฑ์"},
    )
    assert response.status_code == 302
    assert sorted(StageResult.objects.values_list("proposal_id", "advanced")) == sorted(
        [(a.pk, True), (b.pk, True), (c.pk, False)]
    )
    page = client.get(shortlist_url(first))
    assert page.context["confirmed"] is True
    assert page.context["chosen_total"] == a.requested_amount + b.requested_amount
    assert "คะแนนต่ำกว่าเกณฑ์" in page.content.decode()
    assert Proposal.objects.filter(call=second).count() == 2


def test_a_shortlist_without_a_reason_keeps_what_was_ticked(client, officer):
    (first, _second), (a, _b, _c) = staged_call(officer=officer)
    response = login(client, officer).post(
        shortlist_url(first, "reviews:shortlist_confirm"), {"shortlisted": [a.pk], "reason": ""}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    assert [row.ticked for row in response.context["rows"]] == [True, False, False]
    assert StageResult.objects.count() == 0 and Notification.objects.count() == 0


def test_the_final_stage_has_no_shortlist_page(client, officer):
    (_first, second), _proposals = staged_call(officer=officer)
    assert login(client, officer).get(shortlist_url(second)).status_code == 403


def test_an_applicant_cannot_shortlist(client, officer):
    (first, _second), (a, _b, _c) = staged_call(officer=officer)
    outsider = user_with(Role.APPLICANT, email="outsider@example.org")
    response = login(client, outsider).post(
        shortlist_url(first, "reviews:shortlist_confirm"), {"shortlisted": [a.pk], "reason": "x"}
    )
    assert response.status_code == 403
    assert StageResult.objects.count() == 0


def test_a_later_stage_is_not_public_but_its_invited_applicant_sees_it(client, officer):
    (first, second), (a, _b, _c) = staged_call(officer=officer)
    assert list(public_calls()) == [first]
    assert second not in open_calls()
    outsider = user_with(Role.APPLICANT, email="outsider@example.org")
    assert login(client, outsider).get(second.get_absolute_url()).status_code == 404
    shortlist_stage(first, shortlisted=[a.pk], reason="ไม่ผ่าน", by=officer)
    invited = a.organisation.members.first()
    page = login(client, invited).get(second.get_absolute_url())
    assert page.status_code == 200
    assert [s.pk for s in page.context["stages"]] == [first.pk, second.pk]
    assert 'id="later-stage-note"' in page.content.decode()
    # The public first stage shows the stages' timeline and the final ranking rule.
    public = client.get(first.get_absolute_url()).content.decode()
    assert 'id="call-stages"' in public and 'id="final-ranking-rule"' in public


def test_nobody_starts_a_proposal_on_a_later_stage(client, officer):
    from portal.refusals import Refusal
    from proposals.services.drafting import start_proposal

    (_first, second), _proposals = staged_call(officer=officer)
    newcomer = user_with(Role.APPLICANT, email="newcomer@example.org")
    OrganisationFactory(members=[newcomer])
    with pytest.raises(Refusal) as refused:
        start_proposal(second, by=newcomer)
    assert refused.value.code == "later_stage"
    assert not newcomer.has_perm("proposals.start_proposal", second)


def test_the_applicants_dashboard_says_where_they_stand(client, officer):
    (first, _second), (a, _b, c) = staged_call(officer=officer)
    shortlist_stage(first, shortlisted=[a.pk], reason="ไม่ผ่าน", by=officer)
    member = a.organisation.members.first()
    html = login(client, member).get(DASHBOARD).content.decode()
    assert html.count("data-stage-status") == 2  # the concept note and the full proposal's draft
    carried = Proposal.objects.get(previous_stage=a)
    assert carried.get_absolute_url() in html
    edit = client.get(reverse("proposals:proposal_edit", kwargs={"pk": carried.pk}))
    assert edit.status_code == 200
    assert edit.context["editor"].form.initial["title"] == a.title
    assert edit.context["stage_status"].number == 2
    other = c.organisation.members.first()
    detail = login(client, other).get(c.get_absolute_url())
    assert detail.context["stage_status"].not_shortlisted is True


def test_the_concept_stage_shows_the_short_form(client, officer):
    (first, _second), (a, _b, _c) = staged_call(officer=officer)
    Proposal.objects.filter(pk=a.pk).update(state=ProposalState.DRAFT)
    Call.objects.filter(pk=first.pk).update(
        state=CallState.PUBLISHED, deadline=timezone.now() + timedelta(days=3)
    )
    member = a.organisation.members.first()
    response = login(client, member).get(reverse("proposals:proposal_edit", kwargs={"pk": a.pk}))
    html = response.content.decode()
    assert response.context["editor"].short_form is True
    assert 'id="budget-heading"' not in html and 'id="team-heading"' not in html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [3, 12])
def test_shortlist_page_queries_do_not_grow(client, officer, size, django_assert_num_queries):
    (first, _second), _proposals = staged_call(officer=officer, proposals=size)
    login(client, officer)
    client.get(shortlist_url(first))  # the ranking computed and cached
    with django_assert_num_queries(SHORTLIST_QUERIES):
        client.get(shortlist_url(first))


@pytest.mark.parametrize("size", [3, 12])
def test_a_refused_shortlist_keeps_the_ticks_and_its_queries_do_not_grow(
    client, officer, size, django_assert_num_queries
):
    """Without a reason: the page again, the ticks as they were, the message (in Thai) under
    the reason's field; nothing written, in as many queries whatever the number of rows."""
    (first, _second), proposals = staged_call(officer=officer, proposals=size)
    login(client, officer)
    client.get(shortlist_url(first))  # the ranking computed and cached
    ticked = [proposals[0].pk, proposals[-1].pk]  # also one past the line
    with django_assert_num_queries(SHORTLIST_REFUSED_QUERIES):
        response = client.post(
            shortlist_url(first, "reviews:shortlist_confirm"),
            {"shortlisted": ticked, "reason": ""},
        )
    assert response.status_code == 400
    assert sorted(row.pk for row in response.context["rows"] if row.ticked) == sorted(ticked)
    html = response.content.decode()
    assert html.count('name="shortlisted"') == size
    for pk in ticked:
        assert f'value="{pk}"' in html and f'id="pick-{pk}" checked' in html
    assert html.count(" checked ") == 2  # nobody else ticked for the officer
    reason_field = html[html.index('name="reason"') :]
    assert (
        '<div class="invalid-feedback d-block">โปรดระบุเหตุผลสำหรับข้อเสนอที่ไม่ผ่านการคัดเลือก'
        in reason_field[: reason_field.index("</textarea>") + 200]
    )
    assert StageResult.objects.count() == 0 and Notification.objects.count() == 0


def test_a_shortlist_with_an_unknown_proposal_is_refused(client, officer):
    (first, _second), (a, _b, _c) = staged_call(officer=officer)
    other = EligibleProposalFactory()
    response = login(client, officer).post(
        shortlist_url(first, "reviews:shortlist_confirm"),
        {"shortlisted": [a.pk, other.pk], "reason": "x"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["shortlisted"]
    assert StageResult.objects.count() == 0


@pytest.mark.parametrize("size", [1, 6])
def test_stage_dashboard_queries_do_not_grow(client, officer, size, django_assert_num_queries):
    (first, second), proposals = staged_call(officer=officer, proposals=6)
    shortlist_stage(first, shortlisted=[p.pk for p in proposals[:4]], reason="x", by=officer)
    # Submitted at stage 2: a draft's row counts what it still lacks, one draft at a time
    # (the panel's own cost, whatever the stages); the stage statuses are read for all rows
    # at once.
    Proposal.objects.filter(call=second).update(state=ProposalState.SUBMITTED)
    member = user_with(Role.APPLICANT, email="member@example.org")
    for proposal in [*proposals[:size], *Proposal.objects.filter(call=second)[:size]]:
        proposal.organisation.members.add(member)
    login(client, member)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        html = client.get(DASHBOARD).content.decode()
    assert (
        html.count("data-stage-status")
        == Proposal.objects.filter(organisation__members=member).count()
    )


SHORTLIST_QUERIES = 13
SHORTLIST_REFUSED_QUERIES = 20
DASHBOARD_QUERIES = 10
