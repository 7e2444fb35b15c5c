"""A call's ranking loaded: the queries that feed `compute_ranking`, and the cache in front.

`ranking(call)` answers from the cache while nothing the ranking shows has changed; otherwise
it loads the call in four queries whatever the number of proposals and computes the rows.
The cache is per call: its key holds the call, the call's version number (moved by database
triggers whenever its proposals, assignments, reviews, scores, decisions or rubric change),
its rubric and thresholds (`ranking_version`), so a review submitted in one call leaves every
other call's ranking in the cache, and a warm page reads one row to know it is current. The
reviewers' estimated leniency (`reviewer_calibration`) is cached with the rows.
"""

from __future__ import annotations

import copy
import hashlib
import threading
import uuid
from collections import OrderedDict
from dataclasses import replace
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, FloatField, Max, Q, prefetch_related_objects
from django.db.models.functions import Cast

from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.search import INDEX_FIELDS

from ..enums import AssignmentState, ReviewState
from ..models import RankingVersion, Review, Score
from .calibration import ReviewerEstimate, calibrate
from .compute import (
    CriterionData,
    ProposalData,
    RankedProposal,
    ReviewData,
    combine_stages,
    compute_ranking,
)
from .stages import earlier_scores, weighted_stages

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
            *INDEX_FIELDS,  # the search words, vectors and fingerprint: large, never shown
            "organisation__address",
            "decision__reason",
        )
        .order_by("sequence", "pk")
    )


def ranking_version(call, stages: list | None = None) -> str:
    """What the cached ranking is keyed on, in one indexed query: the version number of the
    call (and, for the final stage of a call with stage weights, of each earlier stage),
    moved by database triggers whenever a proposal on the ranking, an assignment, a submitted
    review or its scores, a decision, a stage result or the rubric changes
    (`reviews.models.ranking`); and from the call itself its rubric and thresholds (its
    criteria, prefetched once and then used by the loader too) and the stages' weights."""
    prefetch_related_objects([call], "criteria")
    ids = [call.pk, *(stage.pk for stage in (stages or [])[:-1])]
    versions = dict(
        RankingVersion.objects.filter(call_id__in=ids).values_list("call_id", "version")
    )
    rubric = [
        (c.pk, c.weight, c.max_points, _number(c.min_points), c.title_th, c.title_en)
        for c in call.criteria.all()
    ]
    thresholds = [_number(call.budget_total), _number(call.min_total_score)]
    weights = [f"{stage.pk}:{stage.stage_weight or 0}" for stage in stages or []]
    parts = [f"{pk}@{versions.get(pk, 0)}" for pk in ids]
    return ":".join([*parts, str(rubric), *thresholds, *weights])


def input_stamp(call) -> dict:
    """What the loader needs to know to reuse what it read before (`_inputs_of`): counts and
    last changes of the call's proposals, assignments, reviews and decisions, in one
    aggregate. Read only when the ranking is computed, never for a warm page."""
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
    call._ranking_stamp = stamp
    return stamp


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


def _cached(call, *, read_only: bool = False) -> dict:
    """The call's rows (numbers only) and reviewer estimates, from the cache or computed.
    The rows are the caller's own (copies): pages set attributes on them per request. With
    `read_only` they are the remembered rows themselves, for a caller that only reads them
    (and copies the few it changes): copying a national call's 3,700 rows is a third of a
    warm ranking page."""
    stamp = ranking_version(call, weighted_stages(call))
    version = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    key = f"ranking:{call.pk}:{version}"
    call._ranking_key = key  # for what is cached beside the ranking (awarded_total_as_ranked)
    found = _remembered(key)
    if found is None:
        found = cache.get(key)
        if found is None:
            input_stamp(call)
            rows, reviewers = load_ranking_and_reviewers(call)
            numbers = [
                replace(row, proposal=replace(row.proposal, obj=None))
                if row.proposal.obj is not None
                else row
                for row in rows
            ]
            token = uuid.uuid4().hex
            cache.set(
                key,
                {"rows": numbers, "reviewers": reviewers, "token": token},
                RANKING_CACHE_SECONDS,
            )
            cache.set(f"{key}:token", token, RANKING_CACHE_SECONDS)
            found = {"rows": numbers, "reviewers": reviewers, "token": token}
        _remember(key, found)
    return {
        "rows": list(found["rows"]) if read_only else [copy.copy(row) for row in found["rows"]],
        "reviewers": list(found["reviewers"]),
    }


def awarded_total_as_ranked(call) -> Decimal:
    """The amounts awarded so far in `call` (`services.decisions.awarded_total`), cached beside
    the ranking under the same key: a decision moves the ranking's version, so this is read
    once per change rather than summed over the whole decision table on every page."""
    from ..services.decisions import awarded_total

    key = getattr(call, "_ranking_key", None)
    if key is None:
        _cached(call)
        key = call._ranking_key
    return cache.get_or_set(f"{key}:awarded", lambda: awarded_total(call), RANKING_CACHE_SECONDS)


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


def ranking_and_reviewers(
    call, *, read_only: bool = False
) -> tuple[list[RankedProposal], list[ReviewerEstimate]]:
    """The ranking's rows (numbers only, as `ranking(call, with_proposals=False)`) and the
    reviewers' estimates (as `reviewer_calibration`), for one look at the cache. With
    `read_only`, rows shared with other requests: copy a row before changing it."""
    found = _cached(call, read_only=read_only)
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
    proposals, reviews = _inputs_of(call)
    calibration = calibrate(reviews)
    rows = compute_ranking(
        proposals,
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
    """The ranked proposals' numbers as plain values (the pages load the Proposal objects
    of the rows they show: `attach_proposals`)."""
    return [
        ProposalData(
            pk=pk,
            reference=reference,
            requested_amount=amount,
            submitted_at=submitted_at,
            sector_id=sector_id,
            sector_code=sector_code or "",
        )
        for pk, reference, amount, submitted_at, sector_id, sector_code in ranked_queryset(
            call
        ).values_list(
            "pk",
            "reference",
            "requested_amount",
            "submitted_at",
            "primary_sector_id",
            "primary_sector__code",
        )
    ]


def _reviews_of(call) -> list[ReviewData]:
    """The call's submitted reviews of active assignments, with their points, in the order
    of their ids (calibration adds them up in this order)."""
    counted, _seen = _counted_reviews(call)
    return [counted[pk] for pk in sorted(counted)]


def _counted_reviews(call, *, since=None) -> tuple[dict[int, ReviewData], set[int]]:
    """The call's reviews that count (submitted, of an active assignment, with a total) by
    id, with their points; and the ids of every review read. With `since`, only the reviews
    changed since then (a review's `updated_at` moves when its points or its state do)."""
    reviews = Review.objects.filter(assignment__proposal__call=call)
    if since is not None:
        reviews = reviews.filter(updated_at__gte=since)
    counted: dict[int, ReviewData] = {}
    seen: set[int] = set()
    for review_id, state, assignment_state, proposal_id, reviewer_id, total in reviews.order_by(
        "pk"
    ).values_list(
        "pk",
        "state",
        "assignment__state",
        "assignment__proposal_id",
        "assignment__reviewer_id",
        "total",
    ):
        seen.add(review_id)
        if (
            state == ReviewState.SUBMITTED
            and assignment_state == AssignmentState.ACTIVE
            and total is not None
        ):
            counted[review_id] = ReviewData(
                proposal_id=proposal_id, reviewer_id=reviewer_id, total=total, points={}
            )
    if not counted:
        return counted, seen
    if since is None:
        scores = Score.objects.filter(
            review__assignment__proposal__call=call, review__state=ReviewState.SUBMITTED
        )
    else:  # a few reviews: by their ids
        scores = Score.objects.filter(review_id__in=list(counted))
    # Points as floats from the database: the means are floats, and converting 100,000+
    # values to Decimal first is most of the loading time of a large call.
    for review_id, criterion_id, given in scores.values_list(
        "review_id", "criterion_id", Cast("points", FloatField())
    ):
        if review_id in counted:
            counted[review_id].points[criterion_id] = given
    return counted, seen


# What the loader last read per call (numbers only), with the parts of the stamp it was read
# under: while the call's proposals, decisions and assignments are the same, a changed review
# re-reads only the reviews changed since (not the call's 11,000 reviews and 90,000 scores),
# and the proposals are not read again.
_INPUTS: OrderedDict[int, dict] = OrderedDict()
_PROPOSAL_PARTS = ("n_proposals", "last_edit", "n_decisions", "last_decision")
_ASSIGNMENT_PARTS = ("n_assignments", "n_active", "last_assigned")


def _inputs_of(call) -> tuple[list[ProposalData], list[ReviewData]]:
    """The proposals and the counted reviews of `call`, reusing what was read under the same
    stamp parts (`input_stamp` leaves the stamp on the call; without it, all is read)."""
    stamp = getattr(call, "_ranking_stamp", None)
    if stamp is None:
        return _proposals_of(call), _reviews_of(call)
    # Like the remembered rankings, what was read serves only while the cache holds its token
    # (a cleared cache forgets it too).
    token_key = f"ranking-inputs:{call.pk}"
    with _MEMO_LOCK:
        before = _INPUTS.get(call.pk)
    if before is not None and cache.get(token_key) != before["token"]:
        before = None

    def same(parts) -> bool:
        return before is not None and all(before["stamp"][k] == stamp[k] for k in parts)

    proposals = before["proposals"] if same(_PROPOSAL_PARTS) else _proposals_of(call)
    reviews = None
    if same(_ASSIGNMENT_PARTS) and before["stamp"]["last_review"] is not None:
        reviews = dict(before["reviews"])
        changed, seen = _counted_reviews(call, since=before["stamp"]["last_review"])
        for review_id in seen - changed.keys():
            reviews.pop(review_id, None)
        reviews.update(changed)
        if len(reviews) != stamp["n_reviews"]:
            reviews = None  # something the changed reviews do not explain: read them all
    if reviews is None:
        reviews, _seen = _counted_reviews(call)
    token = uuid.uuid4().hex
    cache.set(token_key, token, RANKING_CACHE_SECONDS)
    with _MEMO_LOCK:
        _INPUTS[call.pk] = {
            "stamp": stamp,
            "proposals": proposals,
            "reviews": reviews,
            "token": token,
        }
        _INPUTS.move_to_end(call.pk)
        while len(_INPUTS) > _MEMO_SIZE:
            _INPUTS.popitem(last=False)
    return proposals, [reviews[pk] for pk in sorted(reviews)]
