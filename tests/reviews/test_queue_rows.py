"""The reviewer's queue rows in plain Python (reviews/templatetags/queue_rows.py): the same
markup as the row loop they replace (queue_rows_reference.html, beside this file), for every
state a row can have, on the queue and on the dashboard panel, and nothing from a proposal
unescaped."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from reviews.enums import AssignmentState
from reviews.models import Review
from reviews.templatetags.queue_rows import queue_rows
from reviews.templatetags.ranking_rows import url_with_pk
from tests.factories import (
    AssignmentFactory,
    CallInReviewFactory,
    ConflictFactory,
    OrganisationFactory,
    ProposalToReviewFactory,
    ReviewFactory,
    Role,
    user_with,
)

REFERENCE = Path(__file__).with_name("queue_rows_reference.html")
HOSTILE_TITLE = '<script>alert("x")</script> \'โครงการ\' & "น้ำท่วม" </li>'
HOSTILE_ORGANISATION = "<img src=x onerror=\"alert(1)\"> มูลนิธิ & 'เพื่อน'"
ESCAPED_TITLE = (
    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#x27;โครงการ&#x27; &amp; "
    "&quot;น้ำท่วม&quot; &lt;/li&gt;"
)
ESCAPED_ORGANISATION = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; มูลนิธิ &amp; &#x27;เพื่อน&#x27;"
LIST = '<ul class="list-group list-group-flush">\n      '


@pytest.fixture
def every_kind_of_row(reviewer, officer):
    """Assignments in each state a row can show, in three calls: one whose applicants the
    reviewer may see (with a hostile title and organisation name), one in blind review, one
    whose review has ended (a draft left overdue). A removed assignment is not shown."""
    calls = {
        "open": CallInReviewFactory(officers=[officer], created_by=officer),
        "blind": CallInReviewFactory(
            officers=[officer],
            created_by=officer,
            blind_review=True,
            review_ends_at=timezone.now() + timedelta(days=20),
        ),
        "ended": CallInReviewFactory(
            officers=[officer],
            created_by=officer,
            review_ends_at=timezone.now() - timedelta(days=1),
        ),
    }
    hostile = OrganisationFactory(name=HOSTILE_ORGANISATION)

    def assignment(call, state=AssignmentState.ACTIVE, **fields):
        proposal = ProposalToReviewFactory(call=calls[call], **fields)
        return AssignmentFactory(proposal=proposal, reviewer=reviewer, state=state)

    for call in calls:
        assignment(call, AssignmentState.AWAITING_DECLARATION)
        assignment(call)  # to score
        Review.objects.create(assignment=assignment(call))  # a draft
        ReviewFactory(assignment=assignment(call))  # submitted
        ended = assignment(call, AssignmentState.AWAITING_DECLARATION)
        ConflictFactory(proposal=ended.proposal, reviewer=reviewer)
        assignment(call, AssignmentState.REMOVED, title=f"removed from {call}")
        for state in (AssignmentState.AWAITING_DECLARATION, AssignmentState.ACTIVE):
            assignment(call, state, title=HOSTILE_TITLE, organisation=hostile)
    conflicted = assignment("open", title=HOSTILE_TITLE, organisation=hostile)
    ConflictFactory(proposal=conflicted.proposal, reviewer=reviewer)
    return calls


def reference_rows(rows) -> str:
    """The rows as the template's loop rendered them, without the indent before the first."""
    html = engines["django"].from_string(REFERENCE.read_text()).render({"rows": rows})
    assert html.startswith("      ") and html.endswith("\n")
    return html[6:-1]


def lists_of(html: str) -> list[str]:
    """What each call's list holds on a page: its rows."""
    return re.findall(re.escape(LIST) + r"(.*?)\n    </ul>", html, flags=re.DOTALL)


def queue_and_panel(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in (
        reverse("reviews:my_reviews"),
        reverse("portal:role_dashboard", kwargs={"role": Role.REVIEWER}),
    ):
        response = client.get(url)
        assert response.status_code == 200
        yield response


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_rows_are_the_markup_the_row_loop_made(client, reviewer, every_kind_of_row, language):
    client.force_login(reviewer)
    seen = []
    for response in queue_and_panel(client, language):
        groups = response.context["groups"]
        assert [group.call for group in groups] == [
            every_kind_of_row[name] for name in ("ended", "open", "blind")
        ]
        html = response.content.decode()
        with translation.override(language):
            expected = [reference_rows(group.rows) for group in groups]
            assert [queue_rows(group.rows) for group in groups] == expected
        # And the page holds exactly those rows, call by call.
        assert lists_of(html) == expected
        seen.extend(expected)
    shown = "".join(seen)
    # The rows covered what they should: each state's badge and button, the organisation
    # where it may be seen and not where the review is blind, nothing removed.
    for kind in [
        "text-bg-warning",
        "text-bg-primary",
        "text-bg-info",
        "text-bg-success",
        "text-bg-secondary",
        "btn btn-sm btn-primary",
        "btn btn-sm btn-outline-secondary",
        '<span class="fw-semibold text-muted">',
        '<a class="fw-semibold" href="/',
        f" · {ESCAPED_ORGANISATION}</div>",
    ]:
        assert kind in shown, kind
    blind = lists_of(response.content.decode())[2]
    assert ESCAPED_TITLE in blind and " · " not in blind
    assert "removed from" not in shown


def test_a_hostile_title_and_organisation_stay_escaped(client, reviewer, every_kind_of_row):
    client.force_login(reviewer)
    for language in ("th", "en"):
        for response in queue_and_panel(client, language):
            html = response.content.decode()
            assert "<script>alert" not in html
            assert "<img src=x" not in html
            assert html.count(ESCAPED_TITLE) == 7
            # In two rows of each call that is not blind and the conflict; never in the blind one.
            assert html.count(ESCAPED_ORGANISATION) == 5


def test_the_queue_url_with_its_pk_put_in_is_the_reversed_one():
    review = url_with_pk("reviews:review_proposal")
    for pk in (1, 7, 42, 987654321, 10**12):
        assert review(pk) == reverse("reviews:review_proposal", kwargs={"pk": pk})


def test_no_row_asks_the_database_for_more(client, reviewer, officer, every_kind_of_row):
    """The queue reads only some fields of each assignment (reviews.queries.QUEUE_FIELDS):
    with every kind of row in three calls it asks as many queries as with one row."""
    other = user_with(Role.REVIEWER)
    AssignmentFactory(
        proposal=ProposalToReviewFactory(call=every_kind_of_row["open"]), reviewer=other
    )

    def count(user, url) -> int:
        client.force_login(user)
        client.get(url)  # the session and caches warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for url in (
        reverse("reviews:my_reviews"),
        reverse("portal:role_dashboard", kwargs={"role": Role.REVIEWER}),
    ):
        assert count(reviewer, url) == count(other, url)
