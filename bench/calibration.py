"""Does calibration rank better than the plain mean? Simulated rounds with a known truth.

    .venv/bin/python -m bench.calibration [--seeds 200]

Each round: proposals with a true quality (normal, mean 60, SD 12), reviewers with a true
leniency (normal, SD 8 points) and scale (log-normal, SD 0.25: some spread their totals
wider, some narrower), three reviewers per proposal spread evenly over the panel, and noise
(SD 7 points) on every total, clipped to 0..100:

    total = 60 + leniency + scale · (quality − 60) + noise

Per design and over many seeds, the Spearman rank correlation of the ranking with the true
quality, and the share of the true top 20 % that the ranking's top 20 % finds, for the mean of
a proposal's totals and for the calibrated score (`reviews.ranking.calibration.calibrate`,
the function the ranking uses), and for the z-scores it replaced. Django is set up (the
package imports the models) but no database is used.
"""

from __future__ import annotations

import argparse
import os
import statistics
from dataclasses import dataclass

import django
import numpy as np

# reviews.ranking's package loads the models: Django must be set up (no database is used).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
django.setup()

from reviews.ranking.calibration import calibrate  # noqa: E402 (needs Django set up)

PER_PROPOSAL = 3
CENTRE, QUALITY_SD, NOISE_SD = 60.0, 12.0, 7.0


@dataclass(frozen=True)
class Design:
    name: str
    proposals: int
    per_reviewer: int  # reviews per reviewer
    leniency_sd: float = 8.0
    scale_sd: float = 0.25


DESIGNS = [
    Design("dense (30 per reviewer)", 100, 30),
    Design("national (15 per reviewer)", 120, 15),
    Design("sparse (6 per reviewer)", 100, 6),
    Design("very sparse (3 per reviewer)", 100, 3),
    Design("small call (12 proposals, 6 per reviewer)", 12, 6),
    Design("honest reviewers (15 per reviewer, no bias)", 120, 15, 0.0, 0.0),
]


@dataclass(frozen=True)
class Review:
    proposal_id: int
    reviewer_id: int
    total: float


def simulate(design: Design, rng: np.random.Generator) -> tuple[np.ndarray, list[Review]]:
    """The true qualities and the reviews of one round."""
    n_reviewers = design.proposals * PER_PROPOSAL // design.per_reviewer
    quality = rng.normal(CENTRE, QUALITY_SD, design.proposals)
    leniency = rng.normal(0, design.leniency_sd, n_reviewers)
    scale = np.exp(rng.normal(0, design.scale_sd, n_reviewers))
    left = np.full(n_reviewers, design.per_reviewer)
    reviews = []
    for i in range(design.proposals):
        # The reviewers with the most places left, ties at random: an even spread.
        order = np.lexsort((rng.random(n_reviewers), -left))[:PER_PROPOSAL]
        for j in order:
            left[j] -= 1
            total = CENTRE + leniency[j] + scale[j] * (quality[i] - CENTRE)
            total += rng.normal(0, NOISE_SD)
            reviews.append(Review(i, int(j), float(min(100.0, max(0.0, total)))))
    return quality, reviews


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks with ties averaged (for Spearman's correlation)."""
    order = np.argsort(values, kind="stable")
    result = np.empty(len(values))
    result[order] = np.arange(len(values))
    for value in np.unique(values):
        tied = values == value
        if tied.sum() > 1:
            result[tied] = result[tied].mean()
    return result


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(ranks(a), ranks(b))[0, 1])


def top_share(truth: np.ndarray, estimate: np.ndarray, share: float = 0.2) -> float:
    k = max(1, round(len(truth) * share))
    best = set(np.argsort(-truth, kind="stable")[:k])
    found = set(np.argsort(-estimate, kind="stable")[:k])
    return len(best & found) / k


def z_scores(reviews: list[Review], n_proposals: int) -> np.ndarray:
    """The calibration this model replaced, for comparison: each reviewer's totals as z-scores
    against their own mean and (population) SD, averaged per proposal (z = 0 for a reviewer
    with one review or one total). A monotone map back to 0–100 changes no rank."""
    by_reviewer: dict[int, list[Review]] = {}
    for review in reviews:
        by_reviewer.setdefault(review.reviewer_id, []).append(review)
    sums, counts = np.zeros(n_proposals), np.zeros(n_proposals)
    for own in by_reviewer.values():
        totals = np.array([r.total for r in own])
        sd = totals.std()
        for review, total in zip(own, totals, strict=True):
            sums[review.proposal_id] += (
                0.0 if len(own) < 2 or not sd else (total - totals.mean()) / sd
            )
            counts[review.proposal_id] += 1
    return sums / counts


def score_round(design: Design, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    quality, reviews = simulate(design, rng)
    totals = np.zeros(design.proposals)
    counts = np.zeros(design.proposals)
    for review in reviews:
        totals[review.proposal_id] += review.total
        counts[review.proposal_id] += 1
    mean = totals / counts
    scores = calibrate(reviews).scores
    calibrated = np.array([scores[i] for i in range(design.proposals)])
    old = z_scores(reviews, design.proposals)
    return {
        "mean_rho": spearman(quality, mean),
        "cal_rho": spearman(quality, calibrated),
        "z_rho": spearman(quality, old),
        "mean_top": top_share(quality, mean),
        "cal_top": top_share(quality, calibrated),
        "z_top": top_share(quality, old),
    }


def run(seeds: int) -> list[tuple[Design, dict[str, float], float]]:
    """Per design: the average of each measure, and the share of rounds where calibration
    ranked at least as well as the mean (by rank correlation)."""
    results = []
    for design in DESIGNS:
        rounds = [score_round(design, seed) for seed in range(seeds)]
        means = {key: statistics.fmean(r[key] for r in rounds) for key in rounds[0]}
        wins = sum(r["cal_rho"] >= r["mean_rho"] for r in rounds) / len(rounds)
        results.append((design, means, wins))
    return results


def table(results) -> str:
    lines = [
        "| design | ρ mean | ρ calibrated | ρ z-scores (before) | top 20 % mean "
        "| top 20 % calibrated | top 20 % z-scores (before) | rounds calibrated ≥ mean |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for design, m, wins in results:
        lines.append(
            f"| {design.name} | {m['mean_rho']:.3f} | {m['cal_rho']:.3f} | {m['z_rho']:.3f} "
            f"| {m['mean_top']:.1%} | {m['cal_top']:.1%} | {m['z_top']:.1%} | {wins:.0%} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    args = parser.parse_args()
    print(f"{args.seeds} seeds per design, {PER_PROPOSAL} reviews per proposal")
    print(table(run(args.seeds)))


if __name__ == "__main__":
    main()
