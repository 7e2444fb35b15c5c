"""A call's ranking computed: aggregation, calibration, thresholds, ties and the funding line.

Pure: plain data in, `RankedProposal` rows out, no database, so it is tested with hand-made
numbers and timed alone (bench/ranking.py). `reviews.ranking.load` feeds it from a call.

The rules, as the ranking page explains them:

- A review's total (0–100) is the one stored when it was submitted, made by
  `reviews.scoring.weighted_total`; nothing here recomputes it.
- Mean and standard deviation of a proposal's totals. The proposal's standard deviation is
  the *sample* one (divide by n − 1): its few reviewers stand for the experts who might have
  reviewed it, and with the population one (divide by n) the SD could never reach its limit
  before the spread does (it is at most half the spread), so the SD rule would be idle. One
  review has a standard deviation of 0.
- Calibration takes out each reviewer's leniency (and, where the data supports it, the width
  of the scale they use), estimated jointly with the proposals' quality and shrunk towards
  "no bias" in proportion to the evidence (reviews.ranking.calibration). With thin evidence
  it falls back to the mean: a reviewer with a single review leaves it unchanged. Each
  proposal gets a 90 % interval around its calibrated score, and the range of ranks those
  intervals allow (rank_best..rank_worst): proposals whose intervals overlap are tied within
  the uncertainty.
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
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .calibration import Calibration, calibrate

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
    calibrated_low: float | None = None  # the 90 % interval around the calibrated score
    calibrated_high: float | None = None
    rank_best: int = 0  # the ranks the intervals allow: tied within the uncertainty
    rank_worst: int = 0
    criterion_means: list[float | None] = field(default_factory=list)  # in criterion order
    disagreement: bool = False
    below_threshold: list[str] = field(default_factory=list)  # the reasons
    running_total: Decimal | None = None  # None when it does not count (below a threshold)
    above_line: bool = False
    # A multi-stage call's final ranking with stage weights: the calibrated score of each
    # stage, first to last (None where the project has none); `calibrated` is then their
    # weighted combination (combine_stages).
    stage_scores: list[float | None] = field(default_factory=list)

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

    @property
    def rank_uncertain(self) -> bool:
        """Its interval overlaps another's: its rank could be another one."""
        return self.rank_best != self.rank_worst


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
    calibration: Calibration | None = None,
) -> list[RankedProposal]:
    """The ranked rows, best first, with flags, thresholds and the funding line.

    `calibration` is `calibrate(reviews)` when the caller has it already."""
    reviews = list(reviews)
    by_proposal: dict[int, list[ReviewData]] = defaultdict(list)
    for review in reviews:
        by_proposal[review.proposal_id].append(review)
    if calibration is None:
        calibration = calibrate(reviews)
    rows = []
    for proposal in proposals:
        row = _scored_row(proposal, by_proposal.get(proposal.pk, []), criteria)
        if row.n_reviews:
            row.calibrated = calibration.scores[proposal.pk]
            row.calibrated_low, row.calibrated_high = calibration.interval(proposal.pk)
        row.below_threshold = _thresholds(row, criteria, min_total_score)
        rows.append(row)
    rows.sort(key=tie_key)
    _draw_funding_line(rows, budget_total)
    _rank_ranges(rows)
    return rows


def _rank_ranges(rows: list[RankedProposal]) -> None:
    """Each scored row's best and worst rank that the intervals allow: better than every
    row whose interval lies wholly below its own, worse than every row wholly above."""
    scored = [r for r in rows if r.calibrated_low is not None]
    lows = sorted(r.calibrated_low for r in scored)
    highs = sorted(r.calibrated_high for r in scored)
    for row in rows:
        if row.calibrated_low is None:
            row.rank_best = row.rank_worst = row.rank
            continue
        surely_above = len(highs) - bisect_right(lows, row.calibrated_high)
        surely_below = bisect_left(highs, row.calibrated_low)
        row.rank_best = min(row.rank, surely_above + 1)
        row.rank_worst = max(row.rank, len(scored) - surely_below)


def _scored_row(
    proposal: ProposalData, own: list[ReviewData], criteria: Sequence[CriterionData]
) -> RankedProposal:
    """A proposal's row with the numbers of its own reviews: mean, SD, spread, disagreement
    and the mean points per criterion (calibration needs the whole call)."""
    row = RankedProposal(proposal=proposal, n_reviews=len(own))
    row.totals = [float(r.total) for r in own]
    row.mean, row.sd = mean_sd(row.totals, sample=True)
    if own:
        row.spread = max(row.totals) - min(row.totals)
        row.disagreement = row.spread >= DISAGREEMENT_SPREAD or row.sd >= DISAGREEMENT_SD
    row.criterion_means = [
        mean_sd([float(r.points.get(criterion.pk, 0)) for r in own])[0] for criterion in criteria
    ]
    return row


def _draw_funding_line(rows: list[RankedProposal], budget_total: Decimal) -> None:
    """Number the rows and mark those above the line: where the money runs out."""
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


def combine_stages(
    rows: list[RankedProposal],
    earlier: dict[int, list[float | None]],
    weights: Sequence[int],
    *,
    budget_total: Decimal,
) -> list[RankedProposal]:
    """The final ranking of a multi-stage call whose stages carry weights: each row's score
    becomes the weighted mean of its calibrated scores at every stage (`earlier[pk]`, the
    earlier stages' scores in order, then its own), over the stages it has a score at; then
    the rows are ranked again, the funding line drawn again, the rank ranges found again.

    The 90 % interval keeps its place around the new score, narrowed by the final stage's
    share of the weight. A row without a score of its own stays unscored (its thresholds
    already say "no submitted review"). Rows are changed in place and returned re-sorted.
    """
    for row in rows:
        scores = [*earlier.get(row.pk, [None] * (len(weights) - 1)), row.calibrated]
        row.stage_scores = scores
        if row.calibrated is None:
            continue
        counted = [(w, s) for w, s in zip(weights, scores, strict=True) if s is not None and w]
        total_weight = sum(w for w, _s in counted)
        if not total_weight:
            continue
        combined = math.fsum(w * s for w, s in counted) / total_weight
        share = (weights[-1] / total_weight) if weights[-1] else 0.0
        if row.calibrated_low is not None and row.calibrated_high is not None:
            row.calibrated_low = combined - (row.calibrated - row.calibrated_low) * share
            row.calibrated_high = combined + (row.calibrated_high - row.calibrated) * share
        row.calibrated = combined
    rows.sort(key=tie_key)
    _draw_funding_line(rows, budget_total)
    _rank_ranges(rows)
    return rows
