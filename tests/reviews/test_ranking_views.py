"""The committee's ranking page, its exports, the decision page and the ranking panels."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.enums import CallState
from grants.models import Call
from reviews.enums import DecisionOutcome
from reviews.models import Conflict, Decision
from reviews.ranking import ranking
from tests.factories import (
    PASSWORD,
    CallInReviewFactory,
    EligibleProposalFactory,
    OrganisationFactory,
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
def reviewers(db):
    return [user_with(Role.REVIEWER) for _ in range(3)]


@pytest.fixture
def ranked(call, reviewers):
    """Four proposals: means 90, 80, 70, 60 (each by the same three reviewers), 100k each;
    the budget of 250,000 funds two. P3 is in the health sector."""
    proposals = []
    for points, sector in [(9, "urban"), (8, "urban"), (7, "health"), (6, "urban")]:
        proposal = EligibleProposalFactory(call=call, primary_sector__code=sector)
        for reviewer in reviewers:
            ReviewFactory(
                assignment__proposal=proposal,
                assignment__reviewer=reviewer,
                points=[points, points],
            )
        proposals.append(proposal)
    return proposals


def page(client, call, **query):
    return client.get(reverse("reviews:ranking", kwargs={"slug": call.slug}), query)


def test_ranking_loader_uses_the_stored_totals_in_four_queries(
    call, ranked, django_assert_num_queries
):
    # One query for the cache key (the call's version number), then what the loader knows it
    # read before (one aggregate), the four of the loader (the rubric, the proposals'
    # numbers, the reviews, the scores) and the proposal objects. A second call finds the
    # numbers in the cache (the key's query) and loads the proposal objects (one query), or
    # only the key's query when the caller does not need the objects.
    with django_assert_num_queries(1 + 1 + 4 + 1):
        rows = ranking(call)
    with django_assert_num_queries(1 + 1):
        assert [row.obj for row in ranking(call)] == [row.obj for row in rows]
    with django_assert_num_queries(1):
        assert [row.pk for row in ranking(call, with_proposals=False)] == [r.pk for r in rows]
    assert [row.pk for row in rows] == [p.pk for p in ranked]
    assert [row.mean for row in rows] == [90.0, 80.0, 70.0, 60.0]
    assert [row.above_line for row in rows] == [True, True, False, False]


def test_a_cached_ranking_is_recomputed_after_a_decision(call, ranked, committee_member):
    from reviews.services.decisions import record_decision

    def decisions():
        return [getattr(row.obj, "decision", None) for row in ranking(call)]

    assert decisions() == [None] * 4  # computed and cached
    record_decision(
        ranked[0],
        outcome=DecisionOutcome.AWARD,
        amount=Decimal("100000"),
        reason="ดีมาก",
        by=committee_member,
    )
    assert decisions()[0].outcome == DecisionOutcome.AWARD


def test_committee_sees_the_ranking_with_the_funding_line(client, committee_member, call, ranked):
    response = page(login(client, committee_member), call)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.pk for row in rows] == [p.pk for p in ranked]
    assert [row.line_after for row in rows] == [False, True, False, False]
    html = response.content.decode()
    assert html.count('id="funding-line"') == 1
    assert (
        html.index(ranked[1].reference)
        < html.index('id="funding-line"')
        < html.index(ranked[2].reference)
    )
    assert 'id="ranking-method"' in html


def test_sector_filter_keeps_the_query_string_in_exports(client, committee_member, call, ranked):
    response = page(login(client, committee_member), call, sector="health", o="mean")
    assert [row.pk for row in response.context["rows"]] == [ranked[2].pk]
    html = response.content.decode()
    assert (
        reverse("reviews:ranking_csv", kwargs={"slug": call.slug}) + "?sector=health&amp;o=mean"
        in html
    )


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("rank", [0, 1, 2, 3]),
        ("-rank", [3, 2, 1, 0]),
        ("mean", [0, 1, 2, 3]),
        ("-mean", [3, 2, 1, 0]),
    ],
)
def test_sorting(client, committee_member, call, ranked, ordering, expected):
    response = page(login(client, committee_member), call, o=ordering)
    assert [row.pk for row in response.context["rows"]] == [ranked[i].pk for i in expected]


def test_sort_by_amount_puts_the_largest_request_first(client, committee_member, call, ranked):
    ranked[3].requested_amount = Decimal("150000")
    ranked[3].save()
    response = page(login(client, committee_member), call, o="amount")
    assert next(row.pk for row in response.context["rows"]) == ranked[3].pk
    assert not any(row.line_after for row in response.context["rows"])


def test_conflicted_committee_member_sees_no_scores_of_that_proposal(
    client, committee_member, call, ranked
):
    Conflict.objects.create(proposal=ranked[0], reviewer=committee_member, source="declared")
    response = page(login(client, committee_member), call)
    rows = {row.pk: row for row in response.context["rows"]}
    assert (rows[ranked[0].pk].hide_scores, rows[ranked[1].pk].hide_scores) == (True, False)
    html = response.content.decode()
    row_html = html[html.index(f'data-proposal="{ranked[0].pk}"') :]
    row_html = row_html[: row_html.index("</tr>")]
    assert "90.00" not in row_html
    assert reverse("reviews:decide", kwargs={"pk": ranked[0].pk}) not in html
    csv_text = client.get(reverse("reviews:ranking_csv", kwargs={"slug": call.slug})).getvalue()
    lines = list(csv.reader(io.StringIO(csv_text.decode("utf-8-sig"))))
    first = next(line for line in lines if line[1] == ranked[0].reference)
    assert first[7:11] == ["", "", "", ""]


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER, Role.OFFICER])
def test_ranking_is_forbidden_to_other_roles(client, call, ranked, role):
    response = page(login(client, user_with(role)), call)
    assert response.status_code == 403
    assert "rows" not in (response.context or {})


def test_the_calls_own_officer_may_read_the_ranking(client, officer, call, ranked):
    response = page(login(client, officer), call)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 4
    assert response.context["may_decide"] is False


def test_ranking_of_a_draft_call_is_not_found(client, applicant, call):
    call.state = CallState.DRAFT
    call.save()
    response = page(login(client, applicant), call)
    assert response.status_code == 404
    assert "rows" not in (response.context or {})


@pytest.mark.parametrize("size", [30, 300])
def test_ranking_page_queries_do_not_grow(
    client, committee_member, call, reviewers, size, django_assert_num_queries
):
    organisation = OrganisationFactory(name="มูลนิธิทดสอบ")
    for n in range(size):
        proposal = EligibleProposalFactory(
            call=call, organisation=organisation, primary_sector__code=["urban", "health"][n % 2]
        )
        for reviewer in reviewers:
            ReviewFactory(
                assignment__proposal=proposal,
                assignment__reviewer=reviewer,
                points=[n % 11, (n * 3) % 11],
            )
    Decision.objects.create(
        proposal=proposal, outcome=DecisionOutcome.AWARD, amount=Decimal("1"), reason="x"
    )
    login(client, committee_member)
    # Twelve, the ranking's cache key, and (computed here, not cached yet) what the loader
    # read before and the loader's proposal numbers apart from the page's objects.
    with django_assert_num_queries(15):
        response = page(client, call)
    assert response.context["filtered_count"] == size
    assert len(response.context["rows"]) == min(size, 100)  # a page of rows


def test_csv_export_has_a_bom_thai_text_and_neutralised_formulas(
    client, committee_member, call, ranked
):
    ranked[0].title = '=HYPERLINK("http://evil.example","กดที่นี่")'
    ranked[0].save()
    response = client_get_csv(login(client, committee_member), call)
    body = response.getvalue()
    assert body.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert lines[0][6] == "จำนวนผลประเมิน"  # a count of reviews, headed as one
    assert lines[1][:3] == ["1", ranked[0].reference, "'" + ranked[0].title]
    assert lines[1][3] == "ความเป็นเมือง"
    assert [line[0] for line in lines[1:]] == ["1", "2", "3", "4"]
    assert response["Content-Disposition"] == f'attachment; filename="{call.code}-ranking.csv"'


def client_get_csv(client, call):
    return client.get(reverse("reviews:ranking_csv", kwargs={"slug": call.slug}))


def test_xlsx_export_keeps_numbers_and_neutralises_formulas(client, committee_member, call, ranked):
    ranked[1].title = "@SUM(A1:A9)"
    ranked[1].save()
    response = login(client, committee_member).get(
        reverse("reviews:ranking_xlsx", kwargs={"slug": call.slug})
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[2][2] == "'@SUM(A1:A9)"
    assert values[1][0] == 1
    assert values[1][5] == 100000
    assert values[1][7] == 90


def test_export_is_forbidden_to_an_applicant(client, applicant, call, ranked):
    response = login(client, applicant).get(
        reverse("reviews:ranking_csv", kwargs={"slug": call.slug})
    )
    assert response.status_code == 403
    assert not response.has_header("Content-Disposition")


# --- the decision page -----------------------------------------------------------------


def decide_url(proposal):
    return reverse("reviews:decide", kwargs={"pk": proposal.pk})


def test_committee_records_an_award_from_the_decision_page(client, committee_member, call, ranked):
    login(client, committee_member)
    assert page(client, call).context["awarded"] == Decimal("0")  # cached with the ranking
    form = client.get(decide_url(ranked[0]))
    assert form.status_code == 200
    assert form.context["remaining"] == Decimal("250000")
    response = client.post(
        decide_url(ranked[0]), {"outcome": "award", "amount": "100000", "reason": "โดดเด่น"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:ranking", kwargs={"slug": call.slug})
    decision = Decision.objects.get()
    assert (decision.proposal, decision.amount, decision.final) == (
        ranked[0],
        Decimal("100000"),
        False,
    )
    after = page(client, call)
    assert after.context["awarded"] == Decimal("100000")
    assert after.context["remaining"] == Decimal("150000")


def test_award_beyond_the_budget_is_refused_at_the_amount_field(
    client, committee_member, call, ranked
):
    login(client, committee_member)
    for proposal in ranked[:2]:
        client.post(decide_url(proposal), {"outcome": "award", "amount": "100000", "reason": "ดี"})
    response = client.post(
        decide_url(ranked[2]), {"outcome": "award", "amount": "60000", "reason": "ดี"}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["amount"]
    assert "50,000" in response.context["form"].errors["amount"][0]
    assert Decision.objects.count() == 2


def test_award_above_the_request_is_refused_at_the_amount_field(
    client, committee_member, call, ranked
):
    response = login(client, committee_member).post(
        decide_url(ranked[0]), {"outcome": "award", "amount": "100001", "reason": "ดี"}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["amount"]
    assert Decision.objects.count() == 0


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"outcome": "award"}, "amount", "Enter the amount awarded."),
        ({"outcome": "reserve"}, "reserve_rank", "Give the place on the reserve list."),
    ],
)
def test_the_services_refusal_lands_on_the_decision_form_at_its_field(
    client_en, committee_member, call, ranked, posted, field, message
):
    client_en.force_login(committee_member)
    response = client_en.post(decide_url(ranked[0]), {**posted, "reason": "ดี"})
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.REVIEWER, Role.OFFICER])
def test_decisions_only_by_the_committee(client, call, ranked, role):
    # People who cannot see the call's ranking do not learn that the proposal exists: 404.
    response = login(client, user_with(role)).post(
        decide_url(ranked[0]), {"outcome": "award", "amount": "1000", "reason": "ดี"}
    )
    assert response.status_code == 404
    assert Decision.objects.count() == 0


def test_decision_page_refused_after_publication(client, committee_member, call, ranked):
    call.state = CallState.RESULTS_PUBLISHED
    call.save()
    response = login(client, committee_member).post(
        decide_url(ranked[0]), {"outcome": "award", "amount": "1000", "reason": "ดี"}
    )
    assert response.status_code == 403
    assert Decision.objects.count() == 0


def test_conflicted_committee_member_cannot_decide(client, committee_member, call, ranked):
    Conflict.objects.create(proposal=ranked[0], reviewer=committee_member, source="declared")
    response = login(client, committee_member).get(decide_url(ranked[0]))
    assert response.status_code == 403
    assert Decision.objects.count() == 0


# --- panels ------------------------------------------------------------------------------


def test_committee_dashboard_lists_calls_in_review_with_counts(
    client, committee_member, call, ranked
):
    Decision.objects.create(
        proposal=ranked[0], outcome=DecisionOutcome.AWARD, amount=Decimal("90000"), reason="x"
    )
    response = login(client, committee_member).get(
        reverse("portal:role_dashboard", kwargs={"role": "committee"})
    )
    html = response.content.decode()
    assert 'id="committee-ranking-panel"' in html
    assert reverse("reviews:ranking", kwargs={"slug": call.slug}) in html
    assert "90,000" in html


def test_call_page_links_the_ranking_for_committee_only(client, committee_member, applicant, call):
    url = call.get_absolute_url()
    assert 'id="call-ranking-panel"' in login(client, committee_member).get(url).content.decode()
    client.logout()
    assert 'id="call-ranking-panel"' not in login(client, applicant).get(url).content.decode()


def test_a_review_in_one_call_leaves_another_calls_ranking_cached(
    call, ranked, reviewers, monkeypatch
):
    from reviews.ranking import load

    other = CallInReviewFactory(rubric=[{"weight": 60}, {"weight": 40}])
    elsewhere = EligibleProposalFactory(call=other)
    ReviewFactory(assignment__proposal=elsewhere, assignment__reviewer=reviewers[0], points=[5, 5])
    ranking(call)
    ranking(other)
    computed = []
    real = load.load_ranking_and_reviewers

    def counting(of_call):
        computed.append(of_call.pk)
        return real(of_call)

    monkeypatch.setattr(load, "load_ranking_and_reviewers", counting)
    ReviewFactory(assignment__proposal=elsewhere, assignment__reviewer=reviewers[1], points=[9, 9])
    ranking(Call.objects.get(pk=call.pk), with_proposals=False)
    ranking(Call.objects.get(pk=other.pk), with_proposals=False)
    assert computed == [other.pk]  # only the call that changed is computed again
    # A rubric change (a criterion's minimum) is an input too: computed again.
    call.criteria.filter(position=0).update(min_points=Decimal("9.5"))
    rows = ranking(Call.objects.get(pk=call.pk), with_proposals=False)
    assert computed == [other.pk, call.pk]
    assert [row.above_line for row in rows] == [False, False, False, False]
    ranking(Call.objects.get(pk=call.pk), with_proposals=False)
    assert computed == [other.pk, call.pk]  # and cached again


def test_a_remembered_ranking_gives_each_request_rows_of_its_own(call, ranked):
    # Computed, then read from the cache (and remembered), then served from memory: the
    # page sets per-user attributes on the rows (hide_scores), which must not carry over.
    ranking(call, with_proposals=False)
    first = ranking(call, with_proposals=False)
    first[0].hide_scores = True
    again = ranking(call, with_proposals=False)
    assert [row.pk for row in again] == [row.pk for row in first]
    assert again[0] is not first[0]
    assert not getattr(again[0], "hide_scores", False)


def test_a_remembered_ranking_goes_with_the_cached_one(call, ranked, monkeypatch):
    from django.core.cache import cache

    from reviews.ranking import load

    ranking(call, with_proposals=False)
    ranking(call, with_proposals=False)  # read from the cache and remembered
    computed = []
    real = load.load_ranking_and_reviewers

    def counting(of_call):
        computed.append(of_call.pk)
        return real(of_call)

    monkeypatch.setattr(load, "load_ranking_and_reviewers", counting)
    ranking(call, with_proposals=False)
    assert computed == []  # from memory
    cache.clear()  # as when the cached ranking expires
    ranking(call, with_proposals=False)
    assert computed == [call.pk]


@pytest.mark.parametrize("change", ["points", "back to draft"])
def test_a_changed_review_rereads_only_the_reviews_changed_since(
    call, ranked, change, django_assert_num_queries
):
    from django.core.cache import cache
    from django.utils import timezone

    from reviews.enums import ReviewState
    from reviews.models import Review
    from reviews.ranking import load

    def numbers(rows):
        return [
            (r.pk, r.rank, r.n_reviews, r.mean, r.calibrated, r.criterion_means, r.above_line)
            for r in rows
        ]

    before = numbers(ranking(call, with_proposals=False))
    review = Review.objects.filter(assignment__proposal=ranked[0]).order_by("pk").first()
    if change == "points":
        Review.objects.filter(pk=review.pk).update(total=Decimal("10"), updated_at=timezone.now())
        review.scores.update(points=Decimal("1"))
    else:
        Review.objects.filter(pk=review.pk).update(
            state=ReviewState.DRAFT, updated_at=timezone.now()
        )
    # The rubric, the key, what changed since the last read (one aggregate), the reviews
    # changed since the last read and their scores: the proposals and the call's other
    # reviews are not read again.
    again = Call.objects.get(pk=call.pk)
    with django_assert_num_queries(5):
        rows = numbers(ranking(again, with_proposals=False))
    assert rows != before
    cache.clear()  # forgets what was read: everything is read again
    load._INPUTS.clear()
    assert rows == numbers(ranking(Call.objects.get(pk=call.pk), with_proposals=False))


def test_the_ranking_page_leaves_the_rows_it_shares_with_other_requests_unchanged(
    client, committee_member, call, ranked
):
    from reviews.ranking import ranking_and_reviewers

    login(client, committee_member)
    assert page(client, call).status_code == 200
    assert page(client, call).status_code == 200  # served from the remembered rows

    shared, _reviewers = ranking_and_reviewers(call, read_only=True)
    assert [row.pk for row in shared] == [p.pk for p in ranked]
    assert all(row.proposal.obj is None for row in shared)  # numbers only, no objects
    assert not any(hasattr(row, "hide_scores") or hasattr(row, "line_after") for row in shared)
