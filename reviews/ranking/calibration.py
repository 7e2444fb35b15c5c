"""Calibration: each reviewer's leniency (and scale) estimated jointly with proposal quality.

The model, for the total y that reviewer j gave proposal i:

    y_ij = m + b_j + s_j · (q_i − m) + noise

m is the mean of all totals in the call, q_i the proposal's calibrated score, b_j the
reviewer's leniency (points added to every total: positive = generous, negative = harsh) and
s_j the width of the scale they use (1 = like the panel; 1.5 = spreads the same proposals
half as wide again). The noise has one standard deviation σ for the call.

Leniency and scale are *shrunk* towards "no bias" (b = 0, s = 1) in proportion to the
evidence, empirical-Bayes style: b_j has a normal prior with a spread τ_b estimated from the
call itself, s_j one with τ_s. A reviewer with many reviews is corrected almost fully; one
with a single review hardly at all, and a call of honest reviewers gets τ_b ≈ 0, so the
calibrated score falls back to the plain mean. The scale moves only when the reviewer scored
proposals of clearly different quality (the evidence for s_j is Σ (q_i − m)²).

Leniency and scale are relative to the panel: weighted by reviews, the leniencies average 0
and the scales have a geometric mean of 1, so the calibrated scores keep the level and the
spread of the call's totals.

Solved by alternating (penalised) least squares: q given b and s is a weighted mean; b and s
given q are ridge regressions; σ², τ_b², τ_s² are re-estimated between rounds (EM updates with
a weak prior, so a call with one review per proposal still has a σ). The rounds start with
little shrinkage (τ_b = START_LENIENCY_SD) and stop when nothing moves any more. numpy only;
linear in the number of reviews per round. bench/calibration.py measures it against
simulated rounds with a known truth.

Each proposal's uncertainty is the standard error of q_i: its reviews' noise, and the
uncertainty left in the leniency of each of its reviewers, weighted as in the estimate. The
interval shown is q ± INTERVAL_Z standard errors (90 %).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

INTERVAL_PERCENT = 90
INTERVAL_Z = 1.645  # the normal quantile of a 90 % interval
ROUNDS = 200  # at most this many alternating rounds
SETTLED = 1e-5  # no score, leniency or scale moved more than this in the last round
PRIOR_NOISE_SD = 10.0  # σ before any evidence (points), weight PRIOR_WEIGHT reviews
PRIOR_LENIENCY_SD = 0.5  # τ_b before any evidence, weight PRIOR_WEIGHT reviewers
PRIOR_SCALE_SD = 0.02  # τ_s before any evidence, weight PRIOR_WEIGHT reviewers
PRIOR_WEIGHT = 2.0
# The rounds start from little shrinkage and let the data shrink more: started from much,
# the updates can settle where a strong leniency is taken for noise.
START_LENIENCY_SD = 10.0
SCALE_LIMITS = (0.5, 2.0)  # a scale outside these is clipped


@dataclass(frozen=True)
class ReviewerEstimate:
    """A reviewer's estimated habits in one call (for the call's officers only)."""

    reviewer_id: int
    n_reviews: int
    leniency: float  # points added to a typical total (+ generous, − harsh)
    leniency_sd: float  # its standard error
    scale: float  # width of the scale they use, 1 = like the panel


@dataclass(frozen=True)
class Calibration:
    scores: dict[int, float] = field(default_factory=dict)  # proposal id → calibrated score
    errors: dict[int, float] = field(default_factory=dict)  # proposal id → standard error
    reviewers: dict[int, ReviewerEstimate] = field(default_factory=dict)
    noise_sd: float = PRIOR_NOISE_SD
    leniency_spread: float = 0.0  # τ_b: how much reviewers differ in the call

    def interval(self, proposal_id: int) -> tuple[float, float] | None:
        """The proposal's 90 % interval, within 0..100; None without a review."""
        if proposal_id not in self.scores:
            return None
        score, half = self.scores[proposal_id], INTERVAL_Z * self.errors[proposal_id]
        return max(0.0, score - half), min(100.0, score + half)


@dataclass
class _Data:
    """Reviews as index arrays: proposal index p, reviewer index r, total y."""

    proposal_ids: list[int]
    reviewer_ids: list[int]
    p: np.ndarray
    r: np.ndarray
    y: np.ndarray

    @classmethod
    def of(cls, triples: list[tuple[int, int, float]]) -> _Data:
        proposal_ids = sorted({t[0] for t in triples})
        reviewer_ids = sorted({t[1] for t in triples})
        p_index = {pk: k for k, pk in enumerate(proposal_ids)}
        r_index = {pk: k for k, pk in enumerate(reviewer_ids)}
        return cls(
            proposal_ids,
            reviewer_ids,
            np.array([p_index[t[0]] for t in triples], dtype=np.intp),
            np.array([r_index[t[1]] for t in triples], dtype=np.intp),
            np.array([t[2] for t in triples], dtype=float),
        )

    def per_proposal(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.p, weights=values, minlength=len(self.proposal_ids))

    def per_reviewer(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.r, weights=values, minlength=len(self.reviewer_ids))


@dataclass
class _State:
    q: np.ndarray
    b: np.ndarray
    s: np.ndarray
    noise_var: float
    leniency_var: float
    scale_var: float


def calibrate(reviews: Iterable) -> Calibration:
    """The calibrated score and its standard error per proposal, and each reviewer's
    estimated leniency and scale, from the call's reviews (anything with proposal_id,
    reviewer_id and total)."""
    triples = [(r.proposal_id, r.reviewer_id, float(r.total)) for r in reviews]
    if not triples:
        return Calibration()
    data = _Data.of(triples)
    centre = float(data.y.mean())
    state = _State(
        q=data.per_proposal(data.y) / data.per_proposal(np.ones_like(data.y)),
        b=np.zeros(len(data.reviewer_ids)),
        s=np.ones(len(data.reviewer_ids)),
        noise_var=PRIOR_NOISE_SD**2,
        leniency_var=START_LENIENCY_SD**2,
        scale_var=PRIOR_SCALE_SD**2,
    )
    for _round in range(ROUNDS):
        before = np.concatenate([state.q, state.b, state.s])
        _update(data, state, centre)
        after = np.concatenate([state.q, state.b, state.s])
        if np.max(np.abs(after - before)) < SETTLED:
            break
    return _result(data, state, centre)


def _update(data: _Data, state: _State, centre: float) -> None:
    """One round: quality, leniency, scale, then the variances."""
    y = data.y - centre
    s_r = state.s[data.r]
    # Quality: a weighted mean of the reviews with each reviewer's leniency and scale undone.
    state.q = centre + data.per_proposal(s_r * (y - state.b[data.r])) / data.per_proposal(s_r**2)
    d = (state.q - centre)[data.p]
    n = data.per_reviewer(np.ones_like(y))
    lam_b = state.noise_var / state.leniency_var
    state.b = data.per_reviewer(y - s_r * d) / (n + lam_b)
    # Leniency is relative to the panel: weighted by reviews it averages 0, so the calibrated
    # scores keep the level of the call's totals (the prior alone would split an offset
    # between the harsh reviewer and everybody else).
    state.b -= float(n @ state.b) / float(n.sum())
    evidence = data.per_reviewer(d**2)
    lam_s = state.noise_var / state.scale_var
    state.s = (data.per_reviewer(d * (y - state.b[data.r])) + lam_s) / (evidence + lam_s)
    state.s = np.clip(state.s, *SCALE_LIMITS)
    # Likewise the scale is relative to the panel: its weighted geometric mean is 1.
    state.s = state.s / np.exp(float(n @ np.log(state.s)) / float(n.sum()))
    _update_variances(data, state, centre, n, evidence)


def _update_variances(
    data: _Data, state: _State, centre: float, n: np.ndarray, evidence: np.ndarray
) -> None:
    """EM-style updates of σ², τ_b² and τ_s², each with a weak prior."""
    d = (state.q - centre)[data.p]
    residual = data.y - centre - state.b[data.r] - state.s[data.r] * d
    lam_b = state.noise_var / state.leniency_var
    lam_s = state.noise_var / state.scale_var
    # Degrees of freedom used: one per proposal, and a share of one per reviewer parameter.
    used = len(data.proposal_ids) + float(np.sum(n / (n + lam_b)))
    used += float(np.sum(evidence / (evidence + lam_s)))
    free = max(0.0, len(data.y) - used)
    state.noise_var = (float(residual @ residual) + PRIOR_WEIGHT * PRIOR_NOISE_SD**2) / (
        free + PRIOR_WEIGHT
    )
    n_reviewers = len(data.reviewer_ids)
    b_var = state.noise_var / (n + lam_b)
    state.leniency_var = (
        float(np.sum(state.b**2 + b_var)) + PRIOR_WEIGHT * PRIOR_LENIENCY_SD**2
    ) / (n_reviewers + PRIOR_WEIGHT)
    s_var = state.noise_var / (evidence + lam_s)
    state.scale_var = (
        float(np.sum((state.s - 1) ** 2 + s_var)) + PRIOR_WEIGHT * PRIOR_SCALE_SD**2
    ) / (n_reviewers + PRIOR_WEIGHT)


def _result(data: _Data, state: _State, centre: float) -> Calibration:
    n = data.per_reviewer(np.ones_like(data.y))
    b_var = state.noise_var / (n + state.noise_var / state.leniency_var)
    s_r2 = state.s[data.r] ** 2
    weight = data.per_proposal(s_r2)
    # Var(q_i) = Σ s_j² (σ² + Var b_j) / (Σ s_j²)²
    error = np.sqrt(data.per_proposal(s_r2 * (state.noise_var + b_var[data.r])) / weight**2)
    scores = np.clip(state.q, 0.0, 100.0)
    return Calibration(
        scores={pk: float(scores[k]) for k, pk in enumerate(data.proposal_ids)},
        errors={pk: float(error[k]) for k, pk in enumerate(data.proposal_ids)},
        reviewers={
            pk: ReviewerEstimate(
                reviewer_id=pk,
                n_reviews=int(n[k]),
                leniency=float(state.b[k]),
                leniency_sd=float(np.sqrt(b_var[k])),
                scale=float(state.s[k]),
            )
            for k, pk in enumerate(data.reviewer_ids)
        },
        noise_sd=float(np.sqrt(state.noise_var)),
        leniency_spread=float(np.sqrt(state.leniency_var)),
    )
