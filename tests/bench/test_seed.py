"""The bench seeder's bulk path (bench.seed): a tiny round, checked row by row.

COPY on PostgreSQL (DATABASE_URL=postgres://…), bulk_create on SQLite: the same rows either
way, and the search words and fingerprints it writes in bulk must be what the portal's own
indexing (proposals.search.index_proposal) writes for the same proposal."""

from collections import Counter

import pytest
from django.db import connection

from bench.seed import BENCH_USERS, SLUGS, layout, seed
from grants.enums import CallState
from grants.models import Call
from portal.models import Notification, User
from proposals.enums import ProposalState as S
from proposals.models import Proposal
from proposals.search import index_proposal, search_proposals
from reviews.enums import ReviewState
from reviews.models import Assignment, Decision, Publication, Review, Score

pytestmark = pytest.mark.django_db

DECIDED = {S.AWARDED, S.RESERVE, S.NOT_SELECTED}


def test_layout_keeps_the_national_round_and_spreads_more_calls():
    assert layout(10_000, 3) == [
        ("open", "open", 3000),
        ("review", "review", 4000),
        ("results", "results", 3000),
    ]
    calls = layout(100_000, 20)
    assert len(calls) == 20
    assert sum(size for *_rest, size in calls) == 100_000
    # The pages' calls are as big as in the round a tenth the size.
    assert calls[:3] == [
        ("open", "open", 3000),
        ("review", "review", 4000),
        ("results", "results", 3000),
    ]
    assert Counter(kind for _key, kind, _size in calls) == {"open": 1, "review": 3, "results": 16}


@pytest.fixture
def round_of_200():
    seed(200, 12, 7, n_calls=4)


def test_counts_and_states(round_of_200):
    assert Proposal.objects.count() == 200
    calls = {c.slug: c for c in Call.objects.all()}
    assert set(calls) == {*SLUGS.values(), "bench-round1"}
    by_call = Counter(Proposal.objects.values_list("call__slug", flat=True))
    assert by_call == {"bench-open": 6, "bench-review": 8, "bench-results": 6, "bench-round1": 180}

    open_states = Counter(
        Proposal.objects.filter(call__slug="bench-open").values_list("state", flat=True)
    )
    assert open_states == {S.DRAFT: 3, S.SUBMITTED: 3}
    assert set(
        Proposal.objects.filter(call__slug="bench-review").values_list("state", flat=True)
    ) <= {S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN}
    for slug in ("bench-results", "bench-round1"):
        call = calls[slug]
        assert call.state == CallState.RESULTS_PUBLISHED
        states = set(call.proposals.values_list("state", flat=True))
        assert states <= DECIDED and S.AWARDED in states
        assert Decision.objects.filter(proposal__call=call).count() == call.proposals.count()
        publication = Publication.objects.get(call=call)
        awarded = sum(d.amount for d in Decision.objects.filter(proposal__call=call, amount__gt=0))
        assert publication.total_awarded == awarded <= call.budget_total

    # Every eligible or decided proposal has three reviewers and their reviews; every
    # submitted review scores the 8 criteria; the bench reviewer has reviews left to write.
    reviewed = Proposal.objects.filter(state__in=[S.ELIGIBLE, *DECIDED])
    assert Assignment.objects.count() == 3 * reviewed.count()
    assert Review.objects.count() == Assignment.objects.count()
    submitted = Review.objects.filter(state=ReviewState.SUBMITTED)
    assert Score.objects.count() == 8 * submitted.count()
    assert submitted.filter(total__isnull=True).count() == 0
    drafts = Review.objects.filter(state=ReviewState.DRAFT)
    assert drafts.exists()
    assert set(drafts.values_list("assignment__reviewer__email", flat=True)) == {
        BENCH_USERS["reviewer"]
    }
    assert User.objects.filter(email__in=BENCH_USERS.values()).count() == 4
    assert Notification.objects.filter(recipient__email=BENCH_USERS["applicant"]).exists()


def test_references_are_unique_and_sequential_per_call(round_of_200):
    for call in Call.objects.all():
        rows = list(
            call.proposals.exclude(state=S.DRAFT)
            .order_by("sequence")
            .values_list("sequence", "reference")
        )
        assert [s for s, _r in rows] == list(range(1, len(rows) + 1))
        assert [r for _s, r in rows] == [f"{call.code}-{s:04d}" for s, _r in rows]
    references = list(Proposal.objects.exclude(state=S.DRAFT).values_list("reference", flat=True))
    assert len(references) == len(set(references))
    assert not Proposal.objects.filter(state=S.DRAFT).exclude(reference="").exists()


def test_search_fields_are_what_the_portal_writes(round_of_200):
    assert not Proposal.objects.filter(search_text="").exists()
    assert not Proposal.objects.filter(fingerprint__isnull=True).exists()
    fields = ["search_text", "fingerprint"]
    if connection.vendor == "postgresql":
        assert not Proposal.objects.filter(search_vector__isnull=True).exists()
        fields += ["search_vector", "search_head"]

    def stored(pk):
        row = Proposal.objects.filter(pk=pk).values(*fields).get()
        return {k: bytes(v) if isinstance(v, memoryview) else v for k, v in row.items()}

    for pk in Proposal.objects.order_by("pk").values_list("pk", flat=True)[::37]:
        seeded = stored(pk)
        index_proposal(Proposal.objects.select_related("organisation").get(pk=pk))
        assert stored(pk) == seeded

    # The officer's search finds a proposal by the words of its title.
    proposal = Proposal.objects.get(title__endswith=" 123")
    found = search_proposals(Proposal.objects.filter(call=proposal.call), "ลำดับที่ 123")
    assert list(found.values_list("pk", flat=True)) == [proposal.pk]


def test_ids_continue_after_the_seed(round_of_200):
    """The sequences were moved past the ids the seeder chose: the ORM can add rows."""
    user = User.objects.create(email="after-seed@bench.example", full_name="x")
    assert user.pk > max(User.objects.exclude(pk=user.pk).values_list("pk", flat=True))


def test_copy_text_escapes_what_copy_reads_as_special():
    from datetime import UTC, datetime
    from decimal import Decimal

    from bench.seed import _copy_text

    assert _copy_text(None) == "\\N"
    assert _copy_text(True) == "t"
    assert _copy_text("a\tb\nc\\d\re") == "a\\tb\\nc\\\\d\\re"
    assert _copy_text(Decimal("12.50")) == "12.50"
    assert _copy_text(b"\x01\xff") == "\\\\x01ff"
    assert _copy_text({"ก": [1]}) == '{"ก": [1]}'
    assert _copy_text(datetime(2026, 1, 2, 3, 4, tzinfo=UTC)) == "2026-01-02T03:04:00+00:00"
    with pytest.raises(TypeError):
        _copy_text(object())
