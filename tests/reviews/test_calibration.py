"""The calibration model on hand-made data: what it must do with thin, honest and biased
evidence, and the uncertainty it reports."""

from dataclasses import dataclass

import numpy as np
import pytest

from reviews.ranking.calibration import INTERVAL_Z, calibrate


@dataclass(frozen=True)
class R:
    proposal_id: int
    reviewer_id: int
    total: float


def means(reviews):
    by = {}
    for r in reviews:
        by.setdefault(r.proposal_id, []).append(r.total)
    return {pk: sum(v) / len(v) for pk, v in by.items()}


def test_no_review_gives_an_empty_calibration():
    assert calibrate([]).scores == {}


def test_reviewers_with_one_review_each_leave_the_mean_unchanged():
    # The demo's case: three proposals, each reviewer reviewed one. The old z-scores gave all
    # three 76.67; the means are 80, 75 and 75.
    reviews = [R(1, 1, 80.0), R(2, 2, 75.0), R(3, 3, 75.0), R(1, 4, 80.0)]
    assert calibrate(reviews).scores == pytest.approx({1: 80.0, 2: 75.0, 3: 75.0})


def test_a_proposal_whose_reviewers_reviewed_nothing_else_keeps_its_mean():
    # P1 and P2 share a generous reviewer; P3's two reviewers reviewed only P3.
    reviews = [R(1, 1, 90.0), R(2, 1, 80.0), R(1, 2, 70.0), R(2, 3, 60.0)]
    reviews += [R(3, 4, 72.0), R(3, 5, 68.0)]
    assert calibrate(reviews).scores[3] == pytest.approx(70.0, abs=0.5)


def _harsh_round():
    """20 proposals of known quality 50, 52, …, 88; four fair reviewers (two per proposal,
    small noise) and one harsh reviewer (15 points under) on every other proposal."""
    rng = np.random.default_rng(1)
    quality = 50 + 2 * np.arange(20)
    reviews = []
    for i in range(20):
        reviews += [R(i, j, float(quality[i] + rng.normal(0, 2))) for j in (i % 4, (i + 1) % 4)]
        if i % 2 == 0:
            reviews.append(R(i, 9, float(quality[i] - 15 + rng.normal(0, 1))))
    return quality, reviews


def test_a_consistently_harsh_reviewer_with_many_reviews_is_corrected():
    quality, reviews = _harsh_round()
    calibration = calibrate(reviews)
    fair = [calibration.reviewers[j].leniency for j in range(4)]
    harsh = calibration.reviewers[9]
    # Leniency is relative to the panel (it averages 0 over the reviews): the harsh reviewer
    # sits about 15 points under the fair ones, and the standard error is small.
    assert max(fair) - harsh.leniency == pytest.approx(15, abs=2.5)
    assert harsh.n_reviews == 10 and harsh.leniency_sd < 2
    # Errors against the truth, up to a common shift: the mean's swing by whether the harsh
    # reviewer was there (about 5 points); the calibrated score's is noise-sized.
    mean = means(reviews)
    mean_errors = [mean[i] - quality[i] for i in range(20)]
    cal_errors = [calibration.scores[i] - quality[i] for i in range(20)]
    assert max(mean_errors) - min(mean_errors) > 7
    assert max(cal_errors) - min(cal_errors) < 5


def test_the_harsh_reviewers_proposal_moves_up_the_ranking():
    # P1 is better (fair reviewers 80 and 80) but the harsh reviewer gave it 62: its mean 74
    # is under P2's 76. Calibration puts it first again.
    reviews = [R(1, 1, 80.0), R(1, 2, 80.0), R(1, 9, 62.0), R(2, 1, 76.0), R(2, 2, 76.0)]
    for k in range(10):  # the harsh reviewer's other reviews, 15 under the fair reviewers
        reviews += [R(10 + k, 1, 60.0 + 2 * k), R(10 + k, 9, 45.0 + 2 * k)]
    assert means(reviews)[1] < means(reviews)[2]
    scores = calibrate(reviews).scores
    assert scores[1] > scores[2]


def test_honest_reviewers_give_about_the_mean():
    rng = np.random.default_rng(7)
    quality = rng.normal(60, 12, 30)
    reviews = [
        R(i, int(j), float(quality[i] + rng.normal(0, 5)))
        for i in range(30)
        for j in rng.choice(10, 3, replace=False)
    ]
    calibration = calibrate(reviews)
    mean = means(reviews)
    assert max(abs(calibration.scores[i] - mean[i]) for i in range(30)) < 1.0
    assert calibration.leniency_spread < 2


def test_a_reviewer_who_uses_a_wider_scale_is_narrowed():
    # Reviewer 9 doubles every distance from 60 that the fair reviewers see.
    reviews = []
    for i in range(16):
        quality = 45.0 + 2 * i
        reviews += [R(i, 1, quality), R(i, 2, quality + (1 if i % 2 else -1))]
        reviews.append(R(i, 9, 60 + 2 * (quality - 60)))
    calibration = calibrate(reviews)
    assert calibration.reviewers[9].scale > 1.5
    assert calibration.reviewers[1].scale < 1.0


def test_the_interval_narrows_with_more_reviews():
    base = [R(i, j, 60.0 + i + (j % 3) - 1) for i in range(10) for j in range(i % 3, i % 3 + 3)]
    few = [*base, R(100, 20, 70.0), R(100, 21, 74.0)]
    many = base + [R(100, 20 + k, 70.0 + 4 * (k % 2)) for k in range(6)]
    narrow = calibrate(many).interval(100)
    wide = calibrate(few).interval(100)
    assert narrow[1] - narrow[0] < wide[1] - wide[0]
    assert narrow[0] < 72 < narrow[1]
    # The interval is the score ± INTERVAL_Z standard errors, within 0..100.
    calibration = calibrate(many)
    low, high = calibration.interval(100)
    assert high - low == pytest.approx(2 * INTERVAL_Z * calibration.errors[100])
    assert calibrate(many).interval(999) is None
