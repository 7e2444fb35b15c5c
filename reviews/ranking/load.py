"""A call's ranking loaded: the queries that feed `compute_ranking`, and the cache in front.

`ranking(call)` answers from the cache while nothing the ranking shows has changed; otherwise
it loads the call in four queries whatever the number of proposals and computes the rows.
The cache is per call: its key holds the call and a stamp of that call's reviews, scores,
assignments, decisions, proposals, rubric and thresholds (`ranking_version`), so a review
submitted in one call leaves every other call's ranking in the cache. The reviewers'
estimated leniency (`reviewer_calibration`) is cached with the rows.
"""

from __future__ import annotations

import copy
import hashlib
import threading
import uuid
from collections import OrderedDict, defaultdict
from dataclasses import replace
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, FloatField, Max, Q, prefetch_related_objects
from django.db.models.functions import Cast

from proposals.enums import ProposalState
from proposals.models import Proposal

from ..enums import AssignmentState, ReviewState
from ..models import Review, Score
from .calibration import ReviewerEstimate, calibrate
from .compute import (
    CriterionData,
    ProposalData,
    RankedProposal,
    ReviewData,
    combine_stages,
    compute_ranking,
)
from .stages import earlier_scores, stages_version, weighted_stages

# How long a computed ranking may be served from the cache. Its key changes with anything the
# ranking shows (ranking_version), so this only bounds what the key cannot see (an edit made
# outside the services, in the database by hand).
RANKING_CACHE_SECONDS = 600

S = ProposalState


def ranked_queryset(call):
    """The proposals on a call's ranking: the review pool, and after publication the ones
    the committee decided on (at an earlier stage of a call, those not shortlisted too)."""
    return (
        Proposal.objects.filter(call=call)
        .filter(
            Q(state__in=[S.ELIGIBLE, S.AWARDED, S.RESERVE])
            | Q(state=S.NOT_SELECTED, decision__isnull=False)
            | Q(state=S.NOT_SELECTED, stage_result__isnull=False)
        )
        .select_related("primary_sector", "province", "organisation", "decision")
        # The long texts are never shown on the ranking; leaving them out makes the rows
        # (and the cached ranking) several times smaller.
        .defer(
            "summary",
            "problem",
            "innovation",
            "target_group",
            "info_request",
            "extension_reason",
            "screening_reason",
            "organisation__address",
            "decision__reason",
        )
        .order_by("sequence", "pk")
    )


def ranking_version(call) -> str:
    """One query that changes whenever anything the ranking shows changes: the call's
    proposals, assignments, reviews (their scores with them: a review's `updated_at` moves
    when its points do) and decisions; and, from the call itself, its rubric and thresholds
    (its criteria, prefetched once and then used by the loader too)."""
    prefetch_related_objects([call], "criteria")
    stamp = Proposal.objects.filter(call=call).aggregate(
        # Aliases must not be relation names (an alias "assignments" would hide the join).
        n_proposals=Count("pk", distinct=True),
        last_edit=Max("updated_at"),
        n_reviews=Count(
            "assignments__review",
            distinct=True,
            filter=Q(
                assignments__state=AssignmentState.ACTIVE,
                assignments__review__state=ReviewState.SUBMITTED,
            ),
        ),
        n_assignments=Count("assignments", distinct=True),
        n_active=Count(
            "assignments", distinct=True, filter=Q(assignments__state=AssignmentState.ACTIVE)
        ),
        last_assigned=Max("assignments__assigned_at"),
        last_review=Max("assignments__review__updated_at"),
        n_decisions=Count("decision", distinct=True),
        last_decision=Max("decision__decided_at"),
    )
    rubric = [
        (c.pk, c.weight, c.max_points, _number(c.min_points), c.title_th, c.title_en)
        for c in call.criteria.all()
    ]
    parts = [str(stamp[k]) for k in sorted(stamp)]
    thresholds = [_number(call.budget_total), _number(call.min_total_score)]
    return ":".join([*parts, str(rubric), *thresholds])


def _number(value) -> str:
    """A Decimal as the same text whether typed (250000) or read back (250000.00)."""
    return "" if value is None else str(Decimal(value).normalize())


# The rankings this process last read from the cache, by key: unpickling a national call's
# rows (3,700) is most of the warm page. An entry serves only while the cache still holds
# its token (a small key beside the ranking), so it goes when the cached ranking goes
# (expiry, a cleared cache) and never outlives it.
_MEMO: OrderedDict[str, dict] = OrderedDict()
_MEMO_SIZE = 8
_MEMO_LOCK = threading.Lock()


def _cached(call) -> dict:
    """The call's rows (numbers only) and reviewer estimates, from the cache or computed.
    The rows are the caller's own (copies): pages set attributes on them per request."""
    stamp = ranking_version(call) + stages_version(call, weighted_stages(call))
    version = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    key = f"ranking:{call.pk}:{version}"
    found = _remembered(key)
    if found is None:
        found = cache.get(key)
        if found is None:
            rows, reviewers = load_ranking_and_reviewers(call)
            numbers = [replace(row, proposal=replace(row.proposal, obj=None)) for row in rows]
            token = uuid.uuid4().hex
            cache.set(
                key,
                {"rows": numbers, "reviewers": reviewers, "token": token},
                RANKING_CACHE_SECONDS,
            )
            cache.set(f"{key}:token", token, RANKING_CACHE_SECONDS)
            # The rows just computed keep their Proposal objects.
            return {"rows": rows, "reviewers": reviewers}
        _remember(key, found)
    return {
        "rows": [copy.copy(row) for row in found["rows"]],
        "reviewers": list(found["reviewers"]),
    }


def _remembered(key: str) -> dict | None:
    with _MEMO_LOCK:
        found = _MEMO.get(key)
    if found is None or cache.get(f"{key}:token") != found.get("token"):
        return None
    return found


def _remember(key: str, found: dict) -> None:
    if not found.get("token"):
        return
    with _MEMO_LOCK:
        _MEMO[key] = found
        _MEMO.move_to_end(key)
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)


def ranking(call, *, with_proposals: bool = True) -> list[RankedProposal]:
    """The call's ranking, served from the cache while nothing it shows has changed.

    The cache keeps the numbers only; the Proposal objects are loaded afterwards, for every
    row (`with_proposals`), or by the caller for the rows it shows (`attach_proposals`).
    """
    rows = _cached(call)["rows"]
    if with_proposals:
        attach_proposals(call, rows)
    return rows


def ranking_and_reviewers(call) -> tuple[list[RankedProposal], list[ReviewerEstimate]]:
    """The ranking's rows (numbers only, as `ranking(call, with_proposals=False)`) and the
    reviewers' estimates (as `reviewer_calibration`), for one look at the cache."""
    found = _cached(call)
    return found["rows"], found["reviewers"]


def reviewer_calibration(call) -> list[ReviewerEstimate]:
    """Each reviewer's estimated leniency and scale in the call, harshest first (from the
    same cache as the ranking). For the call's officers only: never shown to reviewers."""
    return _cached(call)["reviewers"]


def attach_proposals(call, rows: list[RankedProposal]) -> list[RankedProposal]:
    """Give `rows` their Proposal objects, in one query."""
    wanted = [row.pk for row in rows if row.proposal.obj is None]
    if wanted:
        found = {p.pk: p for p in ranked_queryset(call).filter(pk__in=wanted)}
        for row in rows:
            if row.proposal.obj is None:
                row.proposal = replace(row.proposal, obj=found.get(row.pk))
    return rows


def load_ranking(call) -> list[RankedProposal]:
    """The call's ranking, in four queries whatever the number of proposals: criteria,
    proposals (with sector, province, organisation and decision), submitted reviews, scores."""
    return load_ranking_and_reviewers(call)[0]


def load_ranking_and_reviewers(call) -> tuple[list[RankedProposal], list[ReviewerEstimate]]:
    """The ranking and the reviewers' estimates, from one calibration."""
    # Every submitted review in the call counts for the reviewers' calibration, also those of
    # proposals no longer on the ranking.
    reviews = _reviews_of(call)
    calibration = calibrate(reviews)
    rows = compute_ranking(
        _proposals_of(call),
        reviews,
        _criteria_of(call),
        budget_total=call.budget_total,
        min_total_score=call.min_total_score,
        calibration=calibration,
    )
    stages = weighted_stages(call)
    if stages:  # the final stage of a call whose stages carry weights (reviews.ranking.stages)
        rows = combine_stages(
            rows,
            earlier_scores(call, stages),
            [stage.stage_weight or 0 for stage in stages],
            budget_total=call.budget_total,
        )
    reviewers = sorted(calibration.reviewers.values(), key=lambda r: (r.leniency, r.reviewer_id))
    return rows, reviewers


def _criteria_of(call) -> list[CriterionData]:
    return [
        CriterionData(
            pk=c.pk,
            title=str(c.title),
            weight=c.weight,
            max_points=c.max_points,
            min_points=c.min_points,
        )
        # Sorted here rather than by the query, so that a prefetch serves it.
        for c in sorted(call.criteria.all(), key=lambda c: (c.position, c.pk))
    ]


def _proposals_of(call) -> list[ProposalData]:
    return [
        ProposalData(
            pk=p.pk,
            reference=p.reference,
            requested_amount=p.requested_amount,
            submitted_at=p.submitted_at,
            obj=p,
            sector_id=p.primary_sector_id,
            sector_code=p.primary_sector.code if p.primary_sector else "",
        )
        for p in ranked_queryset(call)
    ]


def _reviews_of(call) -> list[ReviewData]:
    """The call's submitted reviews of active assignments, with their points."""
    counted = {
        "state": ReviewState.SUBMITTED,
        "assignment__state": AssignmentState.ACTIVE,
        "assignment__proposal__call": call,
    }
    points: dict[int, dict[int, float]] = defaultdict(dict)
    # Points as floats from the database: the means are floats, and converting 100,000+
    # values to Decimal first is most of the loading time of a large call.
    for review_id, criterion_id, given in Score.objects.filter(
        **{f"review__{key}": value for key, value in counted.items()}
    ).values_list("review_id", "criterion_id", Cast("points", FloatField())):
        points[review_id][criterion_id] = given
    return [
        ReviewData(
            proposal_id=proposal_id,
            reviewer_id=reviewer_id,
            total=total,
            points=points.get(review_id, {}),
        )
        for review_id, proposal_id, reviewer_id, total in Review.objects.filter(
            total__isnull=False, **counted
        )
        .order_by("pk")
        .values_list("pk", "assignment__proposal_id", "assignment__reviewer_id", "total")
    ]
