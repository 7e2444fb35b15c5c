"""A call's ranking: aggregation, calibration, thresholds, ties and the funding line.

The computing part is pure (plain data in, `RankedProposal` rows out), so it is tested with
hand-made numbers and timed without a database (bench/ranking.py); `ranking(call)` loads the
data in a constant number of queries and calls it.

The rules, as the ranking page explains them:

- A review's total (0–100) is the one stored when it was submitted, made by
  `reviews.scoring.weighted_total`; nothing here recomputes it.
- Mean and standard deviation of a proposal's totals. The proposal's standard deviation is
  the *sample* one (divide by n − 1): its few reviewers stand for the experts who might have
  reviewed it, and with the population one (divide by n) the SD could never reach its limit
  before the spread does (it is at most half the spread), so the SD rule would be idle. One
  review has a standard deviation of 0.
  Calibration uses *population* standard deviations (divide by n): a reviewer's totals in
  the call and the call's totals are the whole set being rescaled, not a sample.
- Calibration takes out each reviewer's leniency or severity: each reviewer's totals in the
  call become z-scores (how many of the reviewer's own standard deviations a total lies above
  the reviewer's own mean). A reviewer with one review, or who gave every proposal the same
  total, contributes z = 0. A proposal's z-scores are averaged and mapped back to 0–100 with
  the mean and standard deviation of all totals in the call, then clipped to 0..100.
- Disagreement: max − min of a proposal's totals ≥ DISAGREEMENT_SPREAD, or SD ≥
  DISAGREEMENT_SD.
- Thresholds: the call's minimum total applies to the calibrated score; a criterion's minimum
  points apply to the mean points on that criterion. A proposal under any threshold, or with
  no submitted review, is not funded whatever its rank.
- Ties, in order: higher calibrated score, higher mean, higher mean points on the first
  criterion, then the second, …, earlier submission of the proposal, then reference number.
  Scores are compared as shown, rounded to SHOWN_PLACES decimals, so two proposals that look
  equal on the page are treated as equal.
- Funding line: walking down the ranking, the requested amounts of the proposals that pass
  every threshold add up to a running total; those whose running total is within the call's
  budget are above the line. The line is where the money runs out: the first proposal that
  does not fit ends the funded part, even if a smaller one further down would fit (the
  committee may still decide otherwise).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

# The disagreement flag: one place for the limits.
DISAGREEMENT_SPREAD = 25.0  # points between the highest and the lowest total
DISAGREEMENT_SD = 15.0  # standard deviation of the totals
SHOWN_PLACES = 2  # scores are shown and compared with this many decimals


@dataclass(frozen=True)
class CriterionData:
    pk: int
    title: str
    weight: int
    max_points: int
    min_points: Decimal | None = None


@dataclass(frozen=True)
class ReviewData:
    """One submitted review: its stored total and the points per criterion."""

    proposal_id: int
    reviewer_id: int
    total: Decimal
    points: dict[int, Decimal | float] = field(default_factory=dict)


@dataclass(frozen=True)
class ProposalData:
    pk: int
    reference: str
    requested_amount: Decimal | None
    submitted_at: datetime | None
    obj: Any = None  # the Proposal itself when loaded from the database, for the page
    sector_id: int | None = None  # the primary sector, for filtering without the object
    sector_code: str = ""


@dataclass
class RankedProposal:
    proposal: ProposalData
    rank: int = 0
    totals: list[float] = field(default_factory=list)
    n_reviews: int = 0
    mean: float | None = None
    sd: float | None = None
    spread: float | None = None
    calibrated: float | None = None
    criterion_means: list[float | None] = field(default_factory=list)  # in criterion order
    disagreement: bool = False
    below_threshold: list[str] = field(default_factory=list)  # the reasons
    running_total: Decimal | None = None  # None when it does not count (below a threshold)
    above_line: bool = False

    @property
    def pk(self) -> int:
        return self.proposal.pk

    @property
    def obj(self):
        return self.proposal.obj

    @property
    def requested_amount(self) -> Decimal:
        return self.proposal.requested_amount or Decimal("0")

    @property
    def passes_thresholds(self) -> bool:
        return not self.below_threshold


def mean_sd(values: Sequence[float], *, sample: bool = False) -> tuple[float | None, float | None]:
    """Mean and standard deviation, population (divide by n) or sample (divide by n − 1,
    0 for a single value); (None, None) when empty."""
    if not values:
        return None, None
    mean = math.fsum(values) / len(values)
    divisor = len(values) - 1 if sample else len(values)
    if divisor == 0:
        return mean, 0.0
    variance = math.fsum((v - mean) ** 2 for v in values) / divisor
    return mean, math.sqrt(variance)


def reviewer_z_scores(reviews: Iterable[ReviewData]) -> dict[int, list[float]]:
    """Per proposal, the z-scores of its reviews within each reviewer's own totals."""
    by_reviewer: dict[int, list[ReviewData]] = defaultdict(list)
    for review in reviews:
        by_reviewer[review.reviewer_id].append(review)
    z_by_proposal: dict[int, list[float]] = defaultdict(list)
    for own in by_reviewer.values():
        totals = [float(r.total) for r in own]
        mean, sd = mean_sd(totals)
        for review, total in zip(own, totals, strict=True):
            z = 0.0 if len(own) < 2 or not sd else (total - mean) / sd
            z_by_proposal[review.proposal_id].append(z)
    return z_by_proposal


def _shown(value: float | None) -> float:
    """The value as compared for ties: rounded as shown; missing counts lowest."""
    return -math.inf if value is None else round(value, SHOWN_PLACES)


def tie_key(row: RankedProposal) -> tuple:
    """Sort key implementing the documented tie rules (smallest first = best)."""
    submitted = row.proposal.submitted_at
    return (
        -_shown(row.calibrated),
        -_shown(row.mean),
        *(-_shown(m) for m in row.criterion_means),
        submitted is None,
        submitted.timestamp() if submitted else 0.0,
        row.proposal.reference,
        row.proposal.pk,
    )


def _thresholds(
    row: RankedProposal, criteria: Sequence[CriterionData], min_total: Decimal | None
) -> list[str]:
    if not row.n_reviews:
        return [_("No submitted review")]
    reasons = []
    if min_total is not None and _shown(row.calibrated) < float(min_total):
        reasons.append(
            _("Calibrated score %(score).2f is below the minimum %(minimum)s")
            % {"score": row.calibrated, "minimum": f"{min_total:g}"}
        )
    for criterion, mean in zip(criteria, row.criterion_means, strict=True):
        if criterion.min_points is not None and _shown(mean) < float(criterion.min_points):
            reasons.append(
                _("“%(criterion)s”: mean %(mean).2f is below the minimum %(minimum)s")
                % {
                    "criterion": criterion.title,
                    "mean": mean or 0,
                    "minimum": f"{criterion.min_points:g}",
                }
            )
    return reasons


def compute_ranking(
    proposals: Iterable[ProposalData],
    reviews: Iterable[ReviewData],
    criteria: Sequence[CriterionData],
    *,
    budget_total: Decimal,
    min_total_score: Decimal | None = None,
) -> list[RankedProposal]:
    """The ranked rows, best first, with flags, thresholds and the funding line."""
    reviews = list(reviews)
    by_proposal: dict[int, list[ReviewData]] = defaultdict(list)
    for review in reviews:
        by_proposal[review.proposal_id].append(review)
    z_scores = reviewer_z_scores(reviews)
    call_mean, call_sd = mean_sd([float(r.total) for r in reviews])

    rows = []
    for proposal in proposals:
        own = by_proposal.get(proposal.pk, [])
        row = RankedProposal(proposal=proposal, n_reviews=len(own))
        row.totals = [float(r.total) for r in own]
        row.mean, row.sd = mean_sd(row.totals, sample=True)
        if own:
            row.spread = max(row.totals) - min(row.totals)
            z_mean = math.fsum(z_scores[proposal.pk]) / len(z_scores[proposal.pk])
            row.calibrated = min(100.0, max(0.0, call_mean + z_mean * call_sd))
            row.disagreement = row.spread >= DISAGREEMENT_SPREAD or row.sd >= DISAGREEMENT_SD
        for criterion in criteria:
            given = [float(r.points.get(criterion.pk, 0)) for r in own]
            row.criterion_means.append(mean_sd(given)[0])
        row.below_threshold = _thresholds(row, criteria, min_total_score)
        rows.append(row)

    rows.sort(key=tie_key)
    running = Decimal("0")
    line_reached = False
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
        if not row.passes_thresholds:
            continue
        running += row.requested_amount
        row.running_total = running
        if running > budget_total:
            line_reached = True
        row.above_line = not line_reached
    return rows


# --- loading from the database ---------------------------------------------------------


def ranked_queryset(call):
    """The proposals on a call's ranking: the review pool, and after publication the ones
    the committee decided on."""
    from django.db.models import Q

    from proposals.enums import ProposalState
    from proposals.models import Proposal

    S = ProposalState
    return (
        Proposal.objects.filter(call=call)
        .filter(
            Q(state__in=[S.ELIGIBLE, S.AWARDED, S.RESERVE])
            | Q(state=S.NOT_SELECTED, decision__isnull=False)
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


# How long a computed ranking may be served from the cache. Its key changes with any review,
# decision, screening or proposal edit of the call (ranking_version), so this only bounds
# what the key cannot see (a rubric edited during review).
RANKING_CACHE_SECONDS = 300


def ranking_version(call) -> str:
    """One query that changes whenever anything the ranking shows changes."""
    from django.db.models import Count, Max, Q

    from proposals.models import Proposal

    from .enums import AssignmentState, ReviewState

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
        last_review=Max("assignments__review__updated_at"),
        n_decisions=Count("decision", distinct=True),
        last_decision=Max("decision__decided_at"),
    )
    return ":".join(str(stamp[k]) for k in sorted(stamp))


def ranking(call, *, with_proposals: bool = True) -> list[RankedProposal]:
    """The call's ranking, served from the cache while nothing it shows has changed.

    The cache keeps the numbers only; the Proposal objects are loaded afterwards, for every
    row (`with_proposals`), or by the caller for the rows it shows (`attach_proposals`).
    """
    import hashlib
    from dataclasses import replace

    from django.core.cache import cache

    version = hashlib.sha256(ranking_version(call).encode()).hexdigest()[:16]
    key = f"ranking:{call.pk}:{version}"
    rows = cache.get(key)
    if rows is None:
        rows = load_ranking(call)
        numbers = [replace(row, proposal=replace(row.proposal, obj=None)) for row in rows]
        cache.set(key, numbers, RANKING_CACHE_SECONDS)
    if with_proposals:
        attach_proposals(call, rows)
    return rows


def attach_proposals(call, rows: list[RankedProposal]) -> list[RankedProposal]:
    """Give `rows` their Proposal objects, in one query."""
    from dataclasses import replace

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
    from django.db.models import FloatField
    from django.db.models.functions import Cast

    from .enums import AssignmentState, ReviewState
    from .models import Review, Score

    criteria = [
        CriterionData(
            pk=c.pk,
            title=str(c.title),
            weight=c.weight,
            max_points=c.max_points,
            min_points=c.min_points,
        )
        for c in sorted(
            call.criteria.all(), key=lambda c: (c.position, c.pk)
        )  # a prefetch serves it
    ]
    proposals = [
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
    reviews = [
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
    # Every submitted review in the call counts for the reviewers' calibration, also those of
    # proposals no longer on the ranking.
    return compute_ranking(
        proposals,
        reviews,
        criteria,
        budget_total=call.budget_total,
        min_total_score=call.min_total_score,
    )
