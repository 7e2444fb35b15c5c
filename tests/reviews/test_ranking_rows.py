"""The ranking table's rows in plain Python (reviews/templatetags/ranking_rows.py): the same
markup as the row template they replace (ranking_rows_reference.html, beside this file), for
every state a row can have, and nothing from a proposal unescaped."""

import itertools
import math
import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, engines
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation

from proposals.enums import ProposalState
from reviews.enums import DecisionOutcome
from reviews.models import Conflict
from reviews.templatetags.ranking_rows import fixed, ranking_rows, url_with_pk
from tests.factories import (
    PASSWORD,
    CallInReviewFactory,
    DecisionFactory,
    EligibleProposalFactory,
    OrganisationFactory,
    ReviewFactory,
    Role,
    user_with,
)

REFERENCE = Path(__file__).with_name("ranking_rows_reference.html")
HOSTILE_TITLE = '<script>alert("x")</script> \'โครงการ\' & "น้ำท่วม" </td>'
HOSTILE_ORGANISATION = "<img src=x onerror=\"alert(1)\"> มูลนิธิ & 'เพื่อน'"


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def call(db, officer):
    call = CallInReviewFactory(
        officers=[officer],
        budget_total=Decimal("250000"),
        min_total_score=Decimal("40"),
        rubric=[{"weight": 60, "min_points": Decimal("3")}, {"weight": 40}],
    )
    return call


@pytest.fixture
def every_kind_of_row(call):
    """Proposals for each state of a row: an award (with a hostile title), a reserve with
    and one without its place, one not selected, one published as awarded, reviewers who
    disagree, one under the thresholds, one without reviews, one without a province, and
    one whose reviewers are few enough for its rank to be uncertain."""
    reviewers = [user_with(Role.REVIEWER) for _ in range(4)]

    def proposal(points, **fields):
        made = EligibleProposalFactory(call=call, **fields)
        for reviewer, given in zip(reviewers, points, strict=False):
            ReviewFactory(assignment__proposal=made, assignment__reviewer=reviewer, points=given)
        return made

    hostile = OrganisationFactory(name=HOSTILE_ORGANISATION)
    made = {
        "award": proposal([[9, 9], [9, 8], [10, 9]], title=HOSTILE_TITLE, organisation=hostile),
        "reserve": proposal([[8, 8], [8, 7], [9, 8]]),
        "reserve_unplaced": proposal([[8, 7], [7, 7], [8, 8]]),
        "not_selected": proposal([[5, 6], [6, 6], [5, 5]], primary_sector__code="health"),
        "published": proposal([[9, 8], [8, 8], [9, 9]]),
        "disagree": proposal([[10, 10], [2, 2], [6, 7]]),
        "below": proposal([[2, 9], [2, 8], [3, 9]]),
        "unreviewed": proposal([]),
        "no_province": proposal([[7, 7], [7, 6]], province=None),
        "single": proposal([[7, 8]]),
    }
    DecisionFactory(proposal=made["award"], outcome=DecisionOutcome.AWARD)
    DecisionFactory(proposal=made["reserve"], outcome=DecisionOutcome.RESERVE, reserve_rank=2)
    DecisionFactory(proposal=made["reserve_unplaced"], outcome=DecisionOutcome.RESERVE)
    DecisionFactory(proposal=made["not_selected"], outcome=DecisionOutcome.NOT_SELECTED)
    DecisionFactory(proposal=made["published"], outcome=DecisionOutcome.AWARD)
    made["published"].state = ProposalState.AWARDED
    made["published"].save(update_fields=["state"])
    return made


def reference_rows(context: dict) -> str:
    """The rows as the template rendered them, without the indent before the first row."""
    html = engines["django"].from_string(REFERENCE.read_text()).render(context)
    assert html.startswith("      ") and html.endswith("\n")
    return html[6:-1]


def page_context(response) -> dict:
    keys = ["rows", "hidden", "may_decide", "may_read_dossiers", "may_add_reviewer"]
    context = {key: response.context[key] for key in keys}
    context |= {
        "budget": response.context["budget"],
        "interval_percent": response.context["interval_percent"],
        "csrf_token": response.context["csrf_token"],
    }
    return context


def odd_rows(rows):
    """The page's rows and copies with what the database rarely gives: no Proposal object
    (it left the ranking after the ranking was cached), scores that round to -0.00, to a
    half, past 1,000, and given as Decimal and int."""
    extra = []
    for n, values in enumerate(
        [
            (-0.004, -0.04, 0.125, 2.675),
            (99.995, 1234.565, -1.25, 0.05),
            (Decimal("81.255"), 80, Decimal("1E+1"), None),
        ]
    ):
        row = replace(rows[n % len(rows)])
        row.mean, row.calibrated, row.calibrated_low, row.calibrated_high = values
        row.spread = values[0]
        row.hide_scores, row.line_after = False, n == 1
        extra.append(row)
    gone = replace(rows[0], proposal=replace(rows[0].proposal, obj=None))
    gone.hide_scores, gone.line_after = False, False
    return [*rows, *extra, gone]


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_rows_are_the_markup_the_row_template_made(
    client, committee_member, officer, call, every_kind_of_row, language
):
    Conflict.objects.create(
        proposal=every_kind_of_row["reserve"], reviewer=committee_member, source="declared"
    )
    seen = set()
    for user in (committee_member, officer):
        client.logout()
        response = login(client, user).get(reverse("reviews:ranking", kwargs={"slug": call.slug}))
        assert response.status_code == 200
        page = page_context(response)
        rows = odd_rows(page["rows"])
        with translation.override(language):
            # Every combination of what the viewer may do, on the same rows.
            for may in itertools.product([False, True], repeat=3):
                context = page | dict(
                    zip(["may_decide", "may_read_dossiers", "may_add_reviewer"], may, strict=True)
                )
                context["rows"] = rows
                new = ranking_rows(Context(context), rows)
                assert new == reference_rows(context)
                seen.add(new)
    html = "".join(seen)
    # The rows covered what they should: each decision, the flags, the conflict, the line.
    for shown in [
        "text-bg-success",
        "text-bg-info",
        "text-bg-secondary",
        "text-bg-warning",
        "extra-reviewer",
        "csrfmiddlewaretoken",
        "text-danger",
        "rank-range",
        "text-bg-light",
        'id="funding-line"',
        "text-body-secondary",
        "/decide/",
        "/dossier/",
    ]:
        assert shown in html, shown


def test_the_page_shows_the_rows(client, committee_member, call, every_kind_of_row):
    """Through the view: the page's table body is the template's rows."""
    response = login(client, committee_member).get(
        reverse("reviews:ranking", kwargs={"slug": call.slug})
    )
    html = response.content.decode()
    body = html[html.index("<tbody>") + len("<tbody>\n      ") : html.index("\n    </tbody>")]
    assert body == reference_rows(page_context(response))
    assert body.count("<tr") == len(every_kind_of_row) + 1  # and the funding line


def test_a_hostile_title_and_organisation_stay_escaped(
    client, committee_member, officer, call, every_kind_of_row
):
    for user in (committee_member, officer):
        client.logout()
        html = (
            login(client, user)
            .get(reverse("reviews:ranking", kwargs={"slug": call.slug}))
            .content.decode()
        )
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert (
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#x27;โครงการ&#x27; &amp; "
            "&quot;น้ำท่วม&quot; &lt;/td&gt;"
        ) in html
        # The ranking is blind: the organisation is not on it, escaped or not.
        assert "มูลนิธิ &amp;" not in html and "มูลนิธิ &" not in html


@pytest.mark.parametrize("places", [1, 2])
def test_scores_are_rounded_as_floatformat_rounds_them(places):
    generator = random.Random(20261130)  # noqa: S311 (test values, not secrets)
    values = [
        0.0,
        -0.0,
        -0.004,
        -0.005,
        0.005,
        0.125,
        2.675,
        1.005,
        99.995,
        -99.995,
        999.995,
        1000.0,
        1e-7,
        -1e-7,
        12.05,
        math.inf,
        -math.inf,
        math.nan,
        None,
        Decimal("81.255"),
        80,
        "",
    ]
    values += [generator.uniform(-5, 105) for _ in range(3000)]
    values += [round(generator.uniform(0, 100), 3) for _ in range(3000)]
    for language in ("th", "en"):
        with translation.override(language):
            for value in values:
                assert fixed(value, places, ".") == floatformat(value, places), value
    assert fixed(1.5, 2, ",") == floatformat(1.5, 2)


def test_a_url_with_its_pk_put_in_is_the_reversed_one():
    decide = url_with_pk("reviews:decide")
    for pk in (1, 7, 42, 987654321, 10**12):
        assert decide(pk) == reverse("reviews:decide", kwargs={"pk": pk})
